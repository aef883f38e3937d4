// privacy_check.cc: the 15/15 rule of a public aggregate from the member meters' readings
// (privacy_check.h).
//
// The pass: list every energy series whose meter sits below the asset in the period, with its
// customer and its path of public aggregates up to the asset (one entry per placement period);
// then, window by window, read each customer's series into per-slot energy, add the customer to
// the node it sits directly under, and evaluate the tree slot by slot (privacy_rule.h).
#include "rollup/privacy_check.h"

#include <algorithm>
#include <functional>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "common/status_macros.h"
#include "common/time.h"
#include "fmt/format.h"
#include "query/series_reader.h"
#include "rollup/contribution.h"
#include "rollup/release_tokens.h"

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
          const Placement& placement, storage::AssetId asset, RollupMetric metric,
          const Deadline& deadline)
      : view_(view),
        topology_(topology),
        placement_(placement),
        asset_(asset),
        metric_(metric),
        deadline_(deadline) {
    node_of_.emplace(asset, 0);
  }

  // Lists the members over [lo, hi) and counts the readings they hold at most.
  absl::Status ListMembers(int64_t lo, int64_t hi, int64_t* readings) {
    const storage::Catalog& catalog = view_.store().catalog();
    std::vector<int32_t> path;
    const size_t n = catalog.series_count();
    for (storage::SeriesId id = 1; id <= n; ++id) {
      if (id % 4096 == 0)
        GL_RETURN_IF_ERROR(deadline_.Check("listing the meters of a privacy check"));
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
    return absl::OkStatus();
  }

  int64_t customers() const {
    int64_t n = 0;
    for (size_t i = 0; i < members_.size(); ++i) {
      n += i == 0 || members_[i].customer != members_[i - 1].customer;
    }
    return n;
  }

  // Adds to (*readings)[d - first_day] the readings the members hold at most in each UTC day d of
  // [first_day, last_day] (a day's share of each member's count, rounded up).
  void ReadingsPerDay(uint32_t first_day, uint32_t last_day, std::vector<int64_t>* readings) const {
    readings->assign(static_cast<size_t>(last_day - first_day) + 1, 0);
    for (const Member& m : members_) {
      const uint32_t a = std::max(first_day, DayOf(m.from));
      const uint32_t b = std::min(last_day, DayOf(m.to - 1));
      for (uint32_t d = a; d <= b && a <= b; ++d) {
        const int64_t from = std::max(m.from, int64_t{d} * kDaySeconds);
        const int64_t to = std::min(m.to, (int64_t{d} + 1) * kDaySeconds);
        (*readings)[d - first_day] += (to - from + m.info.interval_s - 1) / m.info.interval_s;
      }
    }
  }

  // Called for each slot of a window in which a customer read, with the verdict of every node
  // (meaningful for the nodes in `present`, the ones with a customer in the slot); false stops.
  using SlotVisitor = std::function<bool(int64_t t, const std::vector<NodeVerdict>& verdicts,
                                         std::span<const int32_t> present)>;

  // The slots of one window, at most kMaxWindowCells node-slot figures, a multiple of `align`.
  int64_t WindowSlots(int64_t align) const {
    const int64_t nodes = static_cast<int64_t>(node_of_.size());
    return std::clamp<int64_t>(kMaxWindowCells / nodes, 96, kMaxWindowSlots) / align * align;
  }

  // Checks [lo, hi) window by window; fills *result at the first refused slot.
  absl::Status Run(int64_t lo, int64_t hi, PrivacyCheckResult* result) {
    const int64_t window = WindowSlots(1);
    const SlotVisitor visit = [result](int64_t t, const std::vector<NodeVerdict>& verdicts,
                                       std::span<const int32_t>) {
      if (verdicts[0].released()) return true;
      result->released = false;
      result->slot_start = t;
      result->verdict = verdicts[0];
      return false;
    };
    for (int64_t ws = lo; ws < hi; ws += window * kSlot) {
      const int64_t we = std::min(hi, ws + window * kSlot);
      bool stop = false;
      GL_RETURN_IF_ERROR(RunWindow(ws, we, visit, &stop));
      if (stop) return absl::OkStatus();
    }
    return absl::OkStatus();
  }

  // Every public node the members' paths hold, by index (the asset is 0).
  std::vector<storage::AssetId> NodeAssets() const {
    std::vector<storage::AssetId> assets(node_of_.size());
    for (const auto& [id, n] : node_of_) assets[static_cast<size_t>(n)] = id;
    return assets;
  }

  // Evaluates the slots of [ws, we), calling visit for each slot with a customer in it; *stop
  // when visit returned false.
  absl::Status RunWindow(int64_t ws, int64_t we, const SlotVisitor& visit, bool* stop) {
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
      GL_RETURN_IF_ERROR(deadline_.Check("reading the customers of a privacy check"));
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
      if (!visit(ws + static_cast<int64_t>(s) * kSlot, EvaluateTree(tree, order, metric_), order)) {
        *stop = true;
        return absl::OkStatus();
      }
    }
    return absl::OkStatus();
  }

 private:
  int32_t NodeOf(storage::AssetId id) {
    return node_of_.try_emplace(id, static_cast<int32_t>(node_of_.size())).first->second;
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
  const Deadline deadline_;
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
  Checker checker(view, topology, placement, asset, metric, options.deadline);
  GL_RETURN_IF_ERROR(checker.ListMembers(lo, hi, &result.readings));
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

namespace {

// The UTC days in which some roll-up series has data, clipped to [lo, hi); false when none.
bool DataDays(const storage::Catalog& catalog, int64_t lo, int64_t hi, uint32_t* first,
              uint32_t* last) {
  int64_t data_lo = INT64_MAX, data_hi = INT64_MIN;
  const size_t n = catalog.series_count();
  for (storage::SeriesId id = 1; id <= n; ++id) {
    const storage::SeriesInfo info = catalog.GetSeries(id);
    if (!RollsUp(info.channel) || info.interval_s <= 0 || info.max_slot < info.min_slot) continue;
    data_lo = std::min(data_lo, info.min_slot * info.interval_s);
    data_hi = std::max(data_hi, (info.max_slot + 1) * info.interval_s);
  }
  lo = std::max({lo, data_lo, int64_t{0}});
  hi = std::min(hi, data_hi);
  if (lo >= hi) return false;
  *first = DayOf(lo);
  *last = DayOf(hi - 1);
  return true;
}

// Computes the verdicts of whole days, in time order, and keeps them in `cache`: the asset's, and
// when the asset is the system (whose check holds every meter, so each public node's whole day)
// every public node's below it. Fill stops after the window in which the asset is refused in
// [lo, hi), and fills verdicts[d - first_day] for the days it checked.
class DayFiller {
 public:
  DayFiller(const storage::ReadView& view, const topology::Topology& topology,
            const Placement& placement, storage::AssetId asset, RollupMetric metric,
            PrivacyVerdictCache* cache, const Deadline& deadline)
      : view_(view),
        checker_(view, topology, placement, asset, metric, deadline),
        asset_(asset),
        metric_(metric),
        cache_(cache) {}

  // The readings the days would read, per day of [missing.front(), missing.back()].
  absl::StatusOr<std::vector<int64_t>> ListMembers(const std::vector<uint32_t>& missing) {
    int64_t unused = 0;
    GL_RETURN_IF_ERROR(checker_.ListMembers(int64_t{missing.front()} * kDaySeconds,
                                            (int64_t{missing.back()} + 1) * kDaySeconds, &unused));
    std::vector<int64_t> per_day;
    checker_.ReadingsPerDay(missing.front(), missing.back(), &per_day);
    return per_day;
  }
  int64_t customers() const { return checker_.customers(); }

  absl::Status Fill(std::span<const uint32_t> days, int64_t lo, int64_t hi, uint32_t first_day,
                    std::vector<std::shared_ptr<const DayVerdicts>>* verdicts) {
    const bool all_nodes = asset_ == kSystemAsset;
    const int64_t window_days = checker_.WindowSlots(kDayQuarterHours) / kDayQuarterHours;
    absl::flat_hash_map<uint64_t, DayVerdicts> refused;  // node << 32 | day
    bool found = false;
    const Checker::SlotVisitor visit = [&](int64_t t, const std::vector<NodeVerdict>& v,
                                           std::span<const int32_t> present) {
      const uint32_t day = DayOf(t);
      const int q = static_cast<int>((t - int64_t{day} * kDaySeconds) / kSlot);
      if (all_nodes) {
        // Every node with a customer in the slot; a node without one passes it.
        for (const int32_t n : present) {
          if (!v[static_cast<size_t>(n)].released()) {
            refused[(uint64_t(n) << 32) | day].Add(q, v[static_cast<size_t>(n)]);
          }
        }
      } else if (!v[0].released()) {
        refused[day].Add(q, v[0]);
      }
      if (!v[0].released() && t >= lo && t < hi) found = true;
      return true;
    };
    if (days.empty()) return absl::OkStatus();
    // The tokens the verdicts are kept at, read once per node from the same snapshot.
    const std::vector<storage::AssetId> nodes =
        all_nodes ? checker_.NodeAssets() : std::vector<storage::AssetId>{asset_};
    std::vector<std::vector<uint64_t>> tokens(nodes.size());
    for (size_t n = 0; n < nodes.size(); ++n) {
      GL_RETURN_IF_ERROR(ReadReleaseTokens(view_, nodes[n], days.front(), days.back(), &tokens[n]));
    }
    // Keeps the days of one window as soon as it is evaluated, so the refusals held at once are
    // at most one window's (nodes x slots is bounded), whatever the period.
    auto keep = [&](std::span<const uint32_t> window) {
      for (size_t n = 0; n < nodes.size(); ++n) {
        for (const uint32_t d : window) {
          std::shared_ptr<const DayVerdicts> v = DayVerdicts::AllPass();
          if (auto it = refused.find((uint64_t{n} << 32) | d); it != refused.end()) {
            v = std::make_shared<const DayVerdicts>(std::move(it->second));
            refused.erase(it);
          }
          if (n == 0) (*verdicts)[d - first_day] = v;
          cache_->Insert(VerdictKey{nodes[n], d, metric_}, tokens[n][d - days.front()],
                         std::move(v));
        }
      }
    };
    for (size_t i = 0; i < days.size() && !found;) {
      // A window: consecutive days, at most window_days.
      size_t j = i + 1;
      while (j < days.size() && days[j] == days[j - 1] + 1 &&
             static_cast<int64_t>(j - i) < window_days) {
        ++j;
      }
      bool stop = false;
      GL_RETURN_IF_ERROR(checker_.RunWindow(
          int64_t{days[i]} * kDaySeconds, (int64_t{days[j - 1]} + 1) * kDaySeconds, visit, &stop));
      keep(days.subspan(i, j - i));
      i = j;
    }
    return absl::OkStatus();
  }

 private:
  const storage::ReadView& view_;
  Checker checker_;
  const storage::AssetId asset_;
  const RollupMetric metric_;
  PrivacyVerdictCache* cache_;
};

}  // namespace

absl::StatusOr<PrivacyCheckResult> CheckPublicReleaseCached(
    const storage::ReadView& view, const topology::Topology& topology, const Placement& placement,
    storage::AssetId asset, int64_t from, int64_t to, RollupMetric metric,
    PrivacyVerdictCache* cache, const PrivacyCheckOptions& options) {
  PrivacyCheckResult result;
  const int64_t lo = FloorTo(from, kSlot);
  const int64_t hi = FloorTo(to + kSlot - 1, kSlot);
  uint32_t first_day = 0, last_day = 0;
  if (lo >= hi || !DataDays(view.store().catalog(), lo, hi, &first_day, &last_day)) return result;

  // The days kept for the snapshot's tokens; those missing up to the first refused day kept.
  std::vector<uint64_t> tokens;
  GL_RETURN_IF_ERROR(ReadReleaseTokens(view, asset, first_day, last_day, &tokens));
  std::vector<std::shared_ptr<const DayVerdicts>> verdicts(tokens.size());
  std::vector<uint32_t> missing;
  auto refused_in_range = [&](uint32_t d, const DayVerdicts& v) {
    const int64_t start = int64_t{d} * kDaySeconds;
    return v.FirstRefused(static_cast<int>((lo - start) / kSlot),
                          static_cast<int>(std::min<int64_t>(hi - start, kDaySeconds) / kSlot));
  };
  for (uint32_t d = first_day; d <= last_day; ++d) {
    std::shared_ptr<const DayVerdicts> v =
        cache->Find(VerdictKey{asset, d, metric}, tokens[d - first_day]);
    if (v == nullptr) {
      missing.push_back(d);
      continue;
    }
    verdicts[d - first_day] = v;
    if (refused_in_range(d, *v) >= 0) break;  // the answer is this refusal: later days don't matter
  }

  if (!missing.empty()) {
    DayFiller filler(view, topology, placement, asset, metric, cache, options.deadline);
    GL_ASSIGN_OR_RETURN(const std::vector<int64_t> per_day, filler.ListMembers(missing));
    // The missing days that fit in the budget, in order: a request's work is bounded, and the
    // days it checked are kept for the next one.
    int64_t total = 0;
    size_t fit = 0;
    for (size_t i = 0; i < missing.size(); ++i) {
      const int64_t n = per_day[missing[i] - missing.front()];
      if (fit == i && total + n <= options.max_readings) ++fit;
      total += n;
      if (fit == i + 1) result.readings = total;
    }
    if (fit == 0) {
      return absl::InvalidArgumentError(fmt::format(
          "the privacy check of a public answer over this period would read {} readings, at "
          "most {}: ask a shorter period",
          total, options.max_readings));
    }
    result.customers = filler.customers();
    GL_RETURN_IF_ERROR(
        filler.Fill(std::span<const uint32_t>(missing.data(), fit), lo, hi, first_day, &verdicts));
  }

  for (uint32_t d = first_day; d <= last_day; ++d) {
    const DayVerdicts* v = verdicts[d - first_day].get();
    if (v == nullptr) {
      // Only days past the reading budget are left unchecked (and none before a refusal).
      return absl::UnavailableError(fmt::format(
          "the privacy check of a public answer over this period reads more than {} readings, "
          "the most one request may read: the days before {} are now checked and kept; ask "
          "again to continue",
          options.max_readings, FormatIsoUtc(int64_t{d} * kDaySeconds)));
    }
    const int q = refused_in_range(d, *v);
    if (q < 0) continue;
    result.released = false;
    result.slot_start = int64_t{d} * kDaySeconds + q * kSlot;
    result.verdict = *v->VerdictAt(q);
    return result;
  }
  return result;
}

}  // namespace gridline::rollup
