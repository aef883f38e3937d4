// topology_validator.cc: shape checks of a candidate topology (topology_validator.h).
#include "topology/topology_validator.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "common/time.h"
#include "fmt/format.h"

namespace gridline::topology {

namespace {

using storage::AssetId;

std::string Instant(int64_t t) {
  return t == kBeginningOfTime ? std::string("from the beginning of time")
                               : "at " + FormatIsoUtc(t);
}

class Validator {
 public:
  Validator(const Topology& t, const SourceMap& sources, const ErrorSink& error)
      : t_(t), sources_(sources), error_(error) {}

  void Run() {
    t_.ForEach([&](const AssetInfo& a) {
      for (const ParentPeriod& p : a.parents) {
        CheckParent(a, p);
        CheckCycle(a, p.from);
      }
    });
  }

 private:
  // The row that set `id`'s period in effect at t, else (unless `exact`) the asset's first row;
  // nullopt when the input did not touch the asset.
  std::optional<SourceRef> Where(AssetId id, int64_t t, bool exact = false) const {
    auto it = sources_.find(id);
    if (it == sources_.end()) return std::nullopt;
    const AssetInfo* a = t_.Find(id);
    int64_t from = kBeginningOfTime;
    if (a != nullptr) {
      for (const ParentPeriod& p : a->parents) {
        if (p.from <= t) from = p.from;
      }
    }
    for (const auto& [start, src] : it->second.periods) {
      if (start == from) return src;
    }
    if (exact) return std::nullopt;
    return it->second.first;
  }

  const std::string& Name(AssetId id) const {
    static const std::string kUnknown = "?";
    const AssetInfo* a = t_.Find(id);
    return a == nullptr ? kUnknown : a->external_id;
  }

  void CheckParent(const AssetInfo& a, const ParentPeriod& p) {
    const KindMask allowed = AllowedParentKinds(a.kind);
    if (p.parent == 0) {
      if (MayBeRoot(a.kind)) return;
      error_(Where(a.id, p.from).value_or(SourceRef{}), "parent_id",
             fmt::format("empty {}, but a {} needs a parent ({})", Instant(p.from),
                         AssetKindName(a.kind), KindMaskNames(allowed)));
      return;
    }
    const AssetInfo* parent = t_.Find(p.parent);
    if (parent == nullptr) {
      error_(Where(a.id, p.from).value_or(SourceRef{}), "parent_id",
             fmt::format("parent of '{}' is not in the topology", a.external_id));
      return;
    }
    if ((allowed & KindBit(parent->kind)) != 0) return;
    if (std::optional<SourceRef> at = Where(a.id, p.from)) {
      error_(*at, "parent_id",
             fmt::format("a {} cannot hang under {} '{}' {}; a {} hangs under {}",
                         AssetKindName(a.kind), AssetKindName(parent->kind), parent->external_id,
                         Instant(p.from), AssetKindName(a.kind), KindMaskNames(allowed)));
    } else {
      // The child did not change: the parent's kind did.
      error_(Where(parent->id, kBeginningOfTime).value_or(SourceRef{}), "kind",
             fmt::format("'{}' cannot be a {}: {} '{}' hangs under it {} and needs a {}",
                         parent->external_id, AssetKindName(parent->kind), AssetKindName(a.kind),
                         a.external_id, Instant(p.from), KindMaskNames(allowed)));
    }
  }

  void CheckCycle(const AssetInfo& a, int64_t t) {
    path_.clear();
    path_.push_back(a.id);
    for (AssetId cur = t_.ParentAt(a.id, t); cur != 0; cur = t_.ParentAt(cur, t)) {
      if (cur == a.id) return ReportCycle(t);
      path_.push_back(cur);
      if (path_.size() > static_cast<size_t>(kMaxDepth) + 1) {
        // Either a cycle above `a` that does not pass through it (found from its own members)
        // or a real chain that is too deep.
        std::vector<AssetId> sorted = path_;
        std::sort(sorted.begin(), sorted.end());
        if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) return;
        if (too_deep_.insert(a.id).second) {
          error_(Where(a.id, t).value_or(SourceRef{}), "parent_id",
                 fmt::format("'{}' is more than {} levels deep {}", a.external_id, kMaxDepth,
                             Instant(t)));
        }
        return;
      }
    }
  }

  void ReportCycle(int64_t t) {
    std::vector<AssetId> members = path_;
    std::sort(members.begin(), members.end());
    if (!cycles_.insert(members).second) return;
    std::string text;
    for (AssetId id : path_) text += Name(id) + " -> ";
    text += Name(path_[0]);
    // Place it on a member the input changed, preferring the row that set the cycle's edge.
    std::optional<SourceRef> at;
    for (bool exact : {true, false}) {
      for (AssetId id : path_) {
        if (!at) at = Where(id, t, exact);
      }
    }
    error_(at.value_or(SourceRef{}), "parent_id", fmt::format("cycle {}: {}", Instant(t), text));
  }

  const Topology& t_;
  const SourceMap& sources_;
  const ErrorSink& error_;
  std::vector<AssetId> path_;
  absl::flat_hash_set<std::vector<AssetId>> cycles_;
  absl::flat_hash_set<AssetId> too_deep_;
};

}  // namespace

void ValidateTopology(const Topology& candidate, const SourceMap& sources, const ErrorSink& error) {
  Validator(candidate, sources, error).Run();
}

}  // namespace gridline::topology
