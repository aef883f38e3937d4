// topology.cc: building a Topology snapshot's indexes and walking the tree at an instant.
#include "topology/topology.h"

#include <algorithm>

#include "common/status_macros.h"

namespace gridline::topology {

using storage::AssetId;

std::shared_ptr<const Topology> Topology::Create(
    std::vector<std::shared_ptr<const AssetInfo>> assets) {
  auto t = std::make_shared<Topology>();
  AssetId limit = 0;
  for (const auto& a : assets) {
    GL_CHECK(a != nullptr && a->id > 0 && !a->parents.empty());
    limit = std::max(limit, a->id + 1);
  }
  t->by_id_.resize(limit);
  t->size_ = assets.size();
  t->by_external_.reserve(assets.size());
  size_t period_count = 0;
  for (auto& a : assets) {
    const AssetId id = a->id;
    GL_CHECK(t->by_id_[id] == nullptr);
    period_count += a->parents.size();
    t->by_id_[id] = std::move(a);
  }
  // Periods in CSR layout, and the count of children per parent for the children index.
  t->period_begin_.assign(static_cast<size_t>(limit) + 1, 0);
  t->periods_.reserve(period_count);
  std::vector<uint32_t> child_count(static_cast<size_t>(limit) + 1, 0);
  std::vector<AssetId> distinct_parents;
  for (AssetId id = 0; id < limit; ++id) {
    t->period_begin_[id] = static_cast<uint32_t>(t->periods_.size());
    const AssetInfo* a = t->by_id_[id].get();
    if (a == nullptr) continue;
    t->by_external_.emplace(std::string_view(a->external_id), id);
    distinct_parents.clear();
    for (const ParentPeriod& p : a->parents) {
      t->periods_.push_back(p);
      if (p.parent != 0) distinct_parents.push_back(p.parent);
    }
    std::sort(distinct_parents.begin(), distinct_parents.end());
    distinct_parents.erase(std::unique(distinct_parents.begin(), distinct_parents.end()),
                           distinct_parents.end());
    // A parent beyond the limit is not in the topology: validation reports it, the index
    // leaves it out.
    for (AssetId p : distinct_parents) {
      if (p < limit) ++child_count[p];
    }
  }
  t->period_begin_[limit] = static_cast<uint32_t>(t->periods_.size());

  t->child_begin_.assign(static_cast<size_t>(limit) + 1, 0);
  uint32_t offset = 0;
  for (AssetId id = 0; id < limit; ++id) {
    t->child_begin_[id] = offset;
    offset += child_count[id];
  }
  t->child_begin_[limit] = offset;
  t->children_.resize(offset);
  std::vector<uint32_t> fill(t->child_begin_.begin(), t->child_begin_.end() - 1);
  // Ids ascend in this loop, so every parent's children come out sorted.
  for (AssetId id = 0; id < limit; ++id) {
    const AssetInfo* a = t->by_id_[id].get();
    if (a == nullptr) continue;
    distinct_parents.clear();
    for (const ParentPeriod& p : a->parents) {
      if (p.parent != 0 && p.parent < limit) distinct_parents.push_back(p.parent);
    }
    std::sort(distinct_parents.begin(), distinct_parents.end());
    distinct_parents.erase(std::unique(distinct_parents.begin(), distinct_parents.end()),
                           distinct_parents.end());
    for (AssetId p : distinct_parents) t->children_[fill[p]++] = id;
  }
  return t;
}

const std::shared_ptr<const AssetInfo>& Topology::Share(AssetId id) const {
  static const std::shared_ptr<const AssetInfo> kNone;
  return id < by_id_.size() ? by_id_[id] : kNone;
}

std::optional<AssetId> Topology::FindByExternalId(std::string_view external_id) const {
  auto it = by_external_.find(external_id);
  if (it == by_external_.end()) return std::nullopt;
  return it->second;
}

AssetId Topology::ParentInPeriods(uint32_t begin, uint32_t end, int64_t t) const {
  // The last period that starts at or before t.
  const auto first = periods_.begin() + begin;
  const auto last = periods_.begin() + end;
  auto it =
      std::upper_bound(first, last, t, [](int64_t v, const ParentPeriod& p) { return v < p.from; });
  return it == first ? 0 : (it - 1)->parent;
}

void Topology::AncestorsAt(AssetId id, int64_t t, std::vector<AssetId>* out) const {
  out->clear();
  for (AssetId p = ParentAt(id, t); p != 0 && out->size() < kMaxDepth; p = ParentAt(p, t)) {
    out->push_back(p);
  }
}

std::vector<AssetId> Topology::ChildrenEver(AssetId id) const {
  if (static_cast<size_t>(id) + 1 >= child_begin_.size()) return {};
  return std::vector<AssetId>(children_.begin() + child_begin_[id],
                              children_.begin() + child_begin_[id + 1]);
}

std::vector<AssetId> Topology::ChildrenAt(AssetId id, int64_t t) const {
  std::vector<AssetId> out;
  if (static_cast<size_t>(id) + 1 >= child_begin_.size()) return out;
  for (uint32_t i = child_begin_[id]; i < child_begin_[id + 1]; ++i) {
    if (ParentAt(children_[i], t) == id) out.push_back(children_[i]);
  }
  return out;
}

std::vector<AssetId> Topology::DescendantsAt(AssetId id, int64_t t, KindMask kinds) const {
  std::vector<AssetId> out;
  // Depth-first with an explicit stack of (asset, depth); depth bounds a cyclic candidate.
  std::vector<std::pair<AssetId, int>> stack = {{id, 0}};
  while (!stack.empty()) {
    const auto [node, depth] = stack.back();
    stack.pop_back();
    if (depth >= kMaxDepth || static_cast<size_t>(node) + 1 >= child_begin_.size()) continue;
    for (uint32_t i = child_begin_[node]; i < child_begin_[node + 1]; ++i) {
      const AssetId c = children_[i];
      if (ParentAt(c, t) != node) continue;
      if ((KindBit(by_id_[c]->kind) & kinds) != 0) out.push_back(c);
      stack.emplace_back(c, depth + 1);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<AssetId> Topology::MetersAt(AssetId id, int64_t t) const {
  return DescendantsAt(id, t, KindBit(AssetKind::kMeter));
}

void Topology::CollectChanges(AssetId id, int64_t lo, int64_t hi, int depth,
                              std::vector<int64_t>* out) const {
  // Instants t with lo < t < hi at which the chain of `id` changes: its own period starts, and
  // within each period the changes of that period's parent's chain.
  if (depth > kMaxDepth || static_cast<size_t>(id) + 1 >= period_begin_.size()) return;
  const uint32_t begin = period_begin_[id];
  const uint32_t end = period_begin_[id + 1];
  for (uint32_t i = begin; i < end; ++i) {
    const int64_t from = periods_[i].from;
    const int64_t to = i + 1 < end ? periods_[i + 1].from : INT64_MAX;
    if (to <= lo || from >= hi) continue;
    if (from > lo) out->push_back(from);
    if (periods_[i].parent != 0) {
      CollectChanges(periods_[i].parent, std::max(lo, from), std::min(hi, to), depth + 1, out);
    }
  }
}

std::vector<int64_t> Topology::ChainChanges(AssetId id) const {
  std::vector<int64_t> candidates;
  CollectChanges(id, kBeginningOfTime, INT64_MAX, 0, &candidates);
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  // A period may repeat the parent of the one before it (a move to where the asset already
  // hung): the chain does not change there.
  std::vector<int64_t> out;
  std::vector<AssetId> before, after;
  for (int64_t t : candidates) {
    AncestorsAt(id, t - 1, &before);
    AncestorsAt(id, t, &after);
    if (before != after) out.push_back(t);
  }
  return out;
}

void Topology::ForEach(const std::function<void(const AssetInfo&)>& visit) const {
  for (const auto& a : by_id_) {
    if (a != nullptr) visit(*a);
  }
}

std::vector<AssetId> ChangedAssets(const Topology& before, const Topology& after) {
  std::vector<AssetId> out;
  const AssetId limit = std::max(before.id_limit(), after.id_limit());
  for (AssetId id = 1; id < limit; ++id) {
    if (before.Share(id) != after.Share(id)) out.push_back(id);
  }
  return out;
}

}  // namespace gridline::topology
