// topology.h: an immutable snapshot of the grid model: every placed asset, where it hangs at
// any instant, and the indexes that answer "what is above / below this asset at time t".
// Shared as std::shared_ptr<const Topology>: readers keep the snapshot they started with while
// TopologyManager (topology_manager.h) swaps in the next one after an import.
//
// Asset ids are the store catalog's AssetIds (a meter's id is the id its reads use); 0 means
// none. Lookups by id are a dense vector index; ParentAt is a binary search over the asset's
// periods (most assets have one), so AncestorsAt costs a few loads per level and can run per
// meter on the ingest write path.
//
// A snapshot built by Create() is indexed but not checked: TopologyManager only publishes
// snapshots that passed validation (no cycles at any instant, allowed parent kinds, every parent
// placed). Walks up the tree stop after kMaxDepth levels all the same, so that a candidate
// snapshot being validated cannot loop.
//
// Thread-safety: a snapshot is immutable; every method may be called from any thread.
#ifndef GRIDLINE_TOPOLOGY_TOPOLOGY_H_
#define GRIDLINE_TOPOLOGY_TOPOLOGY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "storage/catalog.h"
#include "topology/asset.h"

namespace gridline::topology {

class Topology {
 public:
  // An empty topology.
  Topology() = default;
  Topology(const Topology&) = delete;
  Topology& operator=(const Topology&) = delete;

  // Indexes `assets` (any order). REQUIRES: ids > 0 and unique, external ids unique, each
  // asset's periods non-empty and strictly increasing by `from`. Parents need not exist
  // (ParentAt then returns an id that Find() does not know); validation reports that.
  static std::shared_ptr<const Topology> Create(
      std::vector<std::shared_ptr<const AssetInfo>> assets);

  // The asset, or nullptr when `id` is not in the topology. The pointer lives as long as the
  // snapshot (or longer, through Share()).
  const AssetInfo* Find(storage::AssetId id) const {
    return id < by_id_.size() ? by_id_[id].get() : nullptr;
  }
  // The shared record of `id` (for building the next snapshot); null when absent.
  const std::shared_ptr<const AssetInfo>& Share(storage::AssetId id) const;
  std::optional<storage::AssetId> FindByExternalId(std::string_view external_id) const;

  // The parent of `id` at instant t (UTC seconds); 0 when it has none then, or when `id` is not
  // in the topology or not yet placed at t.
  storage::AssetId ParentAt(storage::AssetId id, int64_t t) const {
    if (static_cast<size_t>(id) + 1 >= period_begin_.size()) return 0;
    const uint32_t begin = period_begin_[id];
    const uint32_t end = period_begin_[id + 1];
    if (end - begin == 1) return periods_[begin].from <= t ? periods_[begin].parent : 0;
    return ParentInPeriods(begin, end, t);
  }

  // Replaces *out with the ancestors of id at time t, nearest first (parent, grandparent, ...,
  // root). Empty for a root or an unknown id. At most kMaxDepth entries.
  void AncestorsAt(storage::AssetId id, int64_t t, std::vector<storage::AssetId>* out) const;

  // The assets hanging directly under `id` at time t, by id.
  std::vector<storage::AssetId> ChildrenAt(storage::AssetId id, int64_t t) const;

  // The meters anywhere below `id` at time t (recursively), by id. `id` itself is not included.
  std::vector<storage::AssetId> MetersAt(storage::AssetId id, int64_t t) const;

  // The assets anywhere below `id` at time t whose kind is in `kinds`, by id.
  std::vector<storage::AssetId> DescendantsAt(storage::AssetId id, int64_t t,
                                              KindMask kinds = kAllKinds) const;

  // The instants (> kBeginningOfTime, ascending) at which the ancestor chain of `id` changes:
  // starts of its own periods and of its ancestors' periods while they are its ancestors,
  // keeping only those where AncestorsAt(id, t - 1) != AncestorsAt(id, t). Empty when the chain
  // never changes.
  std::vector<int64_t> ChainChanges(storage::AssetId id) const;

  // Calls visit for every asset, in id order.
  void ForEach(const std::function<void(const AssetInfo&)>& visit) const;

  size_t size() const { return size_; }
  // One past the largest id in the topology (0 when empty): ids are < id_limit().
  storage::AssetId id_limit() const { return static_cast<storage::AssetId>(by_id_.size()); }
  // Every asset that ever hangs under `id` (in any period), by id: ChildrenAt's candidates.
  std::vector<storage::AssetId> ChildrenEver(storage::AssetId id) const;

 private:
  storage::AssetId ParentInPeriods(uint32_t begin, uint32_t end, int64_t t) const;
  void CollectChanges(storage::AssetId id, int64_t lo, int64_t hi, int depth,
                      std::vector<int64_t>* out) const;

  // Indexed by AssetId; null where the catalog id is not placed in the topology.
  std::vector<std::shared_ptr<const AssetInfo>> by_id_;
  size_t size_ = 0;
  // Periods of id are periods_[period_begin_[id], period_begin_[id + 1]) (CSR layout: one flat
  // array for the hot ParentAt, instead of a pointer chase into each AssetInfo).
  std::vector<uint32_t> period_begin_;
  std::vector<ParentPeriod> periods_;
  // Children ever of id are children_[child_begin_[id], child_begin_[id + 1]), by id.
  std::vector<uint32_t> child_begin_;
  std::vector<storage::AssetId> children_;
  // External id -> id; the keys view the records' strings, which by_id_ keeps alive.
  absl::flat_hash_map<std::string_view, storage::AssetId, std::hash<std::string_view>,
                      std::equal_to<std::string_view>>
      by_external_;
};

// The ids whose record differs between two snapshots (added, changed or removed), ascending.
// A snapshot shares the records it did not change with the one it was built from, so this
// compares pointers: O(ids) with no record compared field by field. (For a change hook: the
// assets an import touched; their ChainChanges and periods tell what moved when.)
std::vector<storage::AssetId> ChangedAssets(const Topology& before, const Topology& after);

}  // namespace gridline::topology

#endif  // GRIDLINE_TOPOLOGY_TOPOLOGY_H_
