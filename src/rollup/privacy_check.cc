// privacy_check.cc: the 15/15 rule of a public aggregate from the member meters' readings
// (privacy_check.h).
//
// The pass: list every energy series whose meter sits below the asset in the period, with its
// customer and its path of public aggregates up to the asset (one entry per placement period);
// then, window by window, read each customer's series into per-slot energy, add the customer to
// the node it sits directly under, and evaluate the tree slot by slot (privacy_rule.h).
#include "rollup/privacy_check.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "common/status_macros.h"
#include "fmt/format.h"
#include "query/series_reader.h"
#include "rollup/contribution.h"

namespace gridline::rollup {

namespace {

constexpr int64_t kSlot = storage::kRollupSlotSeconds;
// A window is at most 30 days of quarter-hours, and at most this many node-slot figures
// (48 bytes each with the tree's links: 12 MiB): the memory of a check does not grow with its
// period or its tree.
constexpr int64_t kMaxWindowSlots = 30 * 96;
constexpr int64_t kMaxWindowCells = int64_t{1} << 18;
constexpr int32_t kUnset = -2;

int64_t FloorTo(int64_t t, int64_t step) {
  return t / step * step - ((t % step != 0 && t < 0) ? step : 0);
}

// One series of one customer over one placement period.
struct Member {
  storage::AssetId customer = 0;
  storage::SeriesId series = 0;
  storage::SeriesInfo info;
  int64_t from = 0, to = 0;  // reading starts in [from, to), on the quarter-hour grid
  int32_t path = 0;          // index into Paths
};

// The paths of public nodes from a customer up to the asset: node indices, nearest first, the
// asset's node (0) last.
class Paths {
 public:
  int32_t Intern(const std::vector<int32_t>& path) {
    auto [it, added] = index_.try_emplace(path, static_cast<int32_t>(paths_.size()));
    if (added) paths_.push_back(path);
    return it->second;
  }
  const std::vector<int32_t>& at(int32_t i) const { return paths_[static_cast<size_t>(i)]; }

 private:
  std::vector<std::vector<int32_t>> paths_;
  absl::flat_hash_map<std::vector<int32_t>, int32_t> index_;
};

// The customer of a reading asset whose chain (nearest first) is `chain`.
storage::AssetId CustomerOf(storage::AssetId self, std::span<const storage::AssetId> chain,
                            const topology::Topology& topology) {
  storage::AssetId top_panel = 0;
  for (const storage::AssetId a : chain) {
    const topology::AssetInfo* info = topology.Find(a);
    if (info == nullptr) continue;
    if (info->kind == storage::AssetKind::kServicePoint) return a;
    if (info->kind == storage::AssetKind::kPanel) top_panel = a;
  }
  return top_panel != 0 ? top_panel : self;
}

class Checker {
 public:
  Checker(const storage::ReadView& view, const topology::Topology& topology,
          const Placement& placement, storage::AssetId asset, RollupMetric metric)
      : view_(view), topology_(topology), placement_(placement), asset_(asset), metric_(metric) {
    node_of_.emplace(asset, 0);
  }

  // Lists the members over [lo, hi) and counts the readings they hold at most.
  void ListMembers(int64_t lo, int64_t hi, int64_t* readings) {
    const storage::Catalog& catalog = view_.store().catalog();
    std::vector<int32_t> path;
    const size_t n = catalog.series_count();
    for (storage::SeriesId id = 1; id <= n; ++id) {
      const storage::SeriesInfo info = catalog.GetSeries(id);
      if (!RollsUp(info.channel) || info.interval_s <= 0 || info.max_slot < info.min_slot) continue;
      const int64_t data_from = std::max(lo, info.min_slot * info.interval_s);
      const int64_t data_to = std::min(hi, (info.max_slot + 1) * info.interval_s);
      if (data_from >= data_to) continue;
      for (const ChainPeriod& period : placement_.Periods(info.asset)) {
        const int64_t from = std::max(data_from, period.from);
        const int64_t to = std::min(data_to, period.to);
        if (from >= to) continue;
        const auto at = std::find(period.chain.begin(), period.chain.end(), asset_);
        if (at == period.chain.end()) continue;
        path.clear();
        for (auto it = period.chain.begin(); it != at; ++it) {
          const topology::AssetInfo* a = topology_.Find(*it);
          if (a != nullptr && IsPublicAggregateKind(a->kind)) path.push_back(NodeOf(*it));
        }
        path.push_back(0);
        members_.push_back(Member{CustomerOf(info.asset, period.chain, topology_), id, info, from,
                                  to, paths_.Intern(path)});
        *readings += (to - from + info.interval_s - 1) / info.interval_s;
      }
    }
    std::sort(members_.begin(), members_.end(), [](const Member& a, const Member& b) {
      return a.customer != b.customer ? a.customer < b.customer : a.series < b.series;
    });
  }

  int64_t customers() const {
    int64_t n = 0;
    for (size_t i = 0; i < members_.size(); ++i) {
      n += i == 0 || members_[i].customer != members_[i - 1].customer;
    }
    return n;
  }

  // Checks [lo, hi) window by window; fills *result at the first refused slot.
  absl::Status Run(int64_t lo, int64_t hi, PrivacyCheckResult* result) {
    const int64_t nodes = static_cast<int64_t>(node_of_.size());
    const int64_t window = std::clamp<int64_t>(kMaxWindowCells / nodes, 96, kMaxWindowSlots);
    for (int64_t ws = lo; ws < hi; ws += window * kSlot) {
      const int64_t we = std::min(hi, ws + window * kSlot);
      GL_RETURN_IF_ERROR(RunWindow(ws, we, result));
      if (!result->released) return absl::OkStatus();
    }
    return absl::OkStatus();
  }

 private:
  int32_t NodeOf(storage::AssetId id) {
    return node_of_.try_emplace(id, static_cast<int32_t>(node_of_.size())).first->second;
  }

  absl::Status RunWindow(int64_t ws, int64_t we, PrivacyCheckResult* result) {
    const size_t slots = static_cast<size_t>((we - ws) / kSlot);
    const size_t nodes = node_of_.size();
    direct_.assign(nodes * slots, CustomerStats());
    parent_.assign(nodes * slots, kUnset);
    depth_.assign(nodes * slots, 0);
    delivered_.assign(slots, 0);
    received_.assign(slots, 0);
    path_of_.assign(slots, -1);
    for (size_t begin = 0; begin < members_.size();) {
      size_t end = begin;
      while (end < members_.size() && members_[end].customer == members_[begin].customer) ++end;
      GL_RETURN_IF_ERROR(ReadCustomer(begin, end, ws, we, slots));
      begin = end;
    }
    std::vector<TreeNode> tree(nodes);
    std::vector<std::pair<int32_t, int32_t>> by_depth;
    std::vector<int32_t> order;
    for (size_t s = 0; s < slots; ++s) {
      by_depth.clear();
      for (size_t n = 0; n < nodes; ++n) {
        const int32_t p = parent_[n * slots + s];
        if (p == kUnset) continue;
        tree[n].parent = p;
        tree[n].direct = direct_[n * slots + s];
        by_depth.emplace_back(-depth_[n * slots + s], static_cast<int32_t>(n));
      }
      if (by_depth.empty()) continue;  // no customer read in this slot
      std::sort(by_depth.begin(), by_depth.end());
      order.clear();
      for (const auto& [d, n] : by_depth) order.push_back(n);
      const NodeVerdict root = EvaluateTree(tree, order, metric_)[0];
      if (!root.released()) {
        result->released = false;
        result->slot_start = ws + static_cast<int64_t>(s) * kSlot;
        result->verdict = root;
        return absl::OkStatus();
      }
    }
    return absl::OkStatus();
  }

  // Reads members [begin, end) (one customer) into per-slot energy, then adds the customer to
  // the node it sits under in each slot where it read.
  absl::Status ReadCustomer(size_t begin, size_t end, int64_t ws, int64_t we, size_t slots) {
    touched_.clear();
    for (size_t i = begin; i < end; ++i) {
      const Member& m = members_[i];
      const int64_t from = std::max(m.from, ws);
      const int64_t to = std::min(m.to, we);
      if (from >= to) continue;
      GL_RETURN_IF_ERROR(query::ReadSeriesRange(
          view_, m.series, m.info, from, to, [&](const query::ReadingRow& r) {
            const int64_t slot = r.time / m.info.interval_s;
            const int64_t t = RollupSlotOf(slot, m.info.interval_s) * kSlot;
            if (t < ws || t >= we) return;
            const size_t k = static_cast<size_t>((t - ws) / kSlot);
            const storage::RollupCell c =
                ContributionOf(m.info.channel, m.info.interval_s, slot, r.value, r.quality);
            if (path_of_[k] < 0) touched_.push_back(k);
            delivered_[k] += c.delivered_wh;
            received_[k] += c.received_wh;
            path_of_[k] = m.path;
          }));
    }
    for (const size_t k : touched_) {
      const std::vector<int32_t>& path = paths_.at(path_of_[k]);
      direct_[static_cast<size_t>(path[0]) * slots + k].AddCustomer(delivered_[k], received_[k]);
      for (size_t j = 0; j < path.size(); ++j) {
        const size_t cell = static_cast<size_t>(path[j]) * slots + k;
        parent_[cell] = j + 1 < path.size() ? path[j + 1] : -1;
        depth_[cell] = static_cast<int32_t>(path.size() - 1 - j);
      }
      delivered_[k] = received_[k] = 0;
      path_of_[k] = -1;
    }
    return absl::OkStatus();
  }

  const storage::ReadView& view_;
  const topology::Topology& topology_;
  const Placement& placement_;
  const storage::AssetId asset_;
  const RollupMetric metric_;
  absl::flat_hash_map<storage::AssetId, int32_t> node_of_;  // public node -> index (asset: 0)
  Paths paths_;
  std::vector<Member> members_;
  // One window: per node x slot, and per slot for the customer being read.
  std::vector<CustomerStats> direct_;
  std::vector<int32_t> parent_, depth_;
  std::vector<int64_t> delivered_, received_;
  std::vector<int32_t> path_of_;
  std::vector<size_t> touched_;
};

}  // namespace

bool IsPublicAggregateKind(storage::AssetKind kind) {
  return kind == storage::AssetKind::kSubstation || kind == storage::AssetKind::kFeeder;
}

absl::StatusOr<PrivacyCheckResult> CheckPublicRelease(const storage::ReadView& view,
                                                      const topology::Topology& topology,
                                                      const Placement& placement,
                                                      storage::AssetId asset, int64_t from,
                                                      int64_t to, RollupMetric metric,
                                                      const PrivacyCheckOptions& options) {
  PrivacyCheckResult result;
  const int64_t lo = FloorTo(from, kSlot);
  const int64_t hi = FloorTo(to + kSlot - 1, kSlot);
  if (lo >= hi) return result;
  Checker checker(view, topology, placement, asset, metric);
  checker.ListMembers(lo, hi, &result.readings);
  if (result.readings > options.max_readings) {
    return absl::InvalidArgumentError(fmt::format(
        "the privacy check of a public answer over this period would read {} readings, at most "
        "{}: ask a shorter period",
        result.readings, options.max_readings));
  }
  result.customers = checker.customers();
  GL_RETURN_IF_ERROR(checker.Run(lo, hi, &result));
  return result;
}

}  // namespace gridline::rollup
