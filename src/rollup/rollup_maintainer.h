// rollup_maintainer.h: keeps the roll-ups of every asset above the meters current as reads
// arrive. It listens to the store's write leader (storage/write_listener.h): each changed slot
// of an energy series becomes a cell delta (contribution.h) for every asset on the meter's chain
// at that time (placement.h), gathered per (asset, window) over the whole write group and added
// to the group's WriteBatch as merge operands of the `rollups` column family. So the roll-ups in
// any snapshot are exactly the sums of the reads in it: never stale, never ahead.
//
// A topology change moves roll-ups with MoveForPlacement: for every meter whose chain differs
// between the old and the new placement, its stored reads over the ranges that differ are taken
// out of the assets it left and added to the assets it joined, in the same atomic batch as the
// topology records. Nothing is rescanned but the moved meters' reads of the affected ranges.
//
// Both also put the privacy tokens of the (asset, day) pairs whose readings they change
// (release_tokens.h) into the same batch, so that a cached 15/15 verdict is never reused once
// something it read has changed.
//
// Thread-safety: the listener methods run on the store's single write leader; StagePlacement and
// MoveForPlacement run with writers held off (inside Store::CommitExclusive).
#ifndef GRIDLINE_ROLLUP_ROLLUP_MAINTAINER_H_
#define GRIDLINE_ROLLUP_ROLLUP_MAINTAINER_H_

#include <functional>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "rollup/placement.h"
#include "rollup/range_cells.h"
#include "rollup/release_tokens.h"
#include "storage/store.h"
#include "storage/write_listener.h"

namespace gridline::rollup {

class RollupMaintainer : public storage::WriteListener {
 public:
  // Registers itself as `store`'s write listener. REQUIRES: no write has started yet.
  explicit RollupMaintainer(storage::Store* store);

  // REQUIRES: no write in flight and none started yet (at open).
  void SetPlacement(std::shared_ptr<const Placement> placement) {
    placement_ = std::move(placement);
  }
  // Inside Store::CommitExclusive's fill: the placement that takes effect if and when the batch
  // is durable (OnExclusiveDone), before any later write.
  void StagePlacement(std::shared_ptr<const Placement> placement) {
    staged_ = std::move(placement);
  }
  std::shared_ptr<const Placement> placement() const { return placement_; }

  bool Wants(storage::SeriesId series, const storage::SeriesInfo& info) const override;
  void OnChanges(storage::SeriesId series, const storage::SeriesInfo& info,
                 std::span<const storage::SlotChange> changes) override;
  absl::Status OnGroupEnd(rocksdb::WriteBatch* batch) override;

  // The validated layer's roll-up deltas (docs/rollups.md "Layers"): each change is what a
  // slot's validated-minus-raw contribution gains (has/new) and loses (had/old), added to the
  // delta cells (window | kValidatedDeltaWindowBit) of the assets above the meter. Emitted with
  // the group (OnGroupEnd) or by EmitPending. Same threads as OnChanges.
  void AddLayerChanges(const storage::SeriesInfo& info,
                       std::span<const storage::SlotChange> changes);
  // Inside Store::CommitExclusive's fill: adds what AddLayerChanges gathered to `batch`.
  absl::Status EmitPending(rocksdb::WriteBatch* batch) { return Emit(batch); }
  void OnGroupAbort() override {
    pending_.clear();
    tokens_.clear();
  }
  void OnExclusiveDone(bool committed) override;

  // Adds to `batch` the roll-up changes that moving from placement `before` to `after` implies,
  // reading the moved meters' series from `view`. progress(done, total) is called per meter.
  // REQUIRES: writers held off from the view's snapshot until the batch is written.
  absl::Status MoveForPlacement(const storage::ReadView& view, const Placement& before,
                                const Placement& after, rocksdb::WriteBatch* batch,
                                const std::function<void(size_t, size_t)>& progress = nullptr);

 private:
  // Adds `cells` (one window of roll-up slots) with `sign` to every asset of `chain`.
  void AddToChain(std::span<const storage::AssetId> chain, uint32_t window, const RangeCells& cells,
                  int sign);
  absl::Status Emit(rocksdb::WriteBatch* batch);
  void AddChanges(const storage::SeriesInfo& info, std::span<const storage::SlotChange> changes,
                  uint32_t window_bit);

  storage::Store* store_;
  std::shared_ptr<const Placement> placement_;
  std::shared_ptr<const Placement> staged_;
  // (asset << 32 | window) -> the group's deltas.
  absl::flat_hash_map<uint64_t, RangeCells> pending_;
  // The (asset, day) privacy tokens the group changes (release_tokens.h).
  ReleaseTokenMarks tokens_;
};

}  // namespace gridline::rollup

#endif  // GRIDLINE_ROLLUP_ROLLUP_MAINTAINER_H_
