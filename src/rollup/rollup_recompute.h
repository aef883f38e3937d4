// rollup_recompute.h: roll-up cells recomputed from the readings the store holds, for when
// readings left the store without the write path's deltas: `gridline repair` sets damaged chunks
// aside (storage/store_check.h, docs/operations.md), or the `rollups` column family itself lost
// records.
//
// Given the (series, UTC range)s whose readings changed behind the roll-ups' back, every
// (asset, roll-up window) they fed is rebuilt from scratch: the assets on the meter's chain at
// each instant of the range (placement.h, the placement valid then), and every window of 4096
// roll-up slots the range touches. A rebuilt window is the sum of the remaining readings of every
// meter that belonged to the asset during it (contribution.h), and replaces the stored record
// (a Put, or a Delete when nothing remains): a roll-up record is one whole window, so whole
// windows are rebuilt. Work: each affected window reads, once, every roll-up series whose meter
// sat under an affected asset during that window; memory: the cells of one window's affected
// assets, plus the batch.
//
// Thread-safety: REQUIRES writers held off from the view's snapshot until the batch is written
// (inside Store::CommitExclusive), as for RollupMaintainer::MoveForPlacement.
#ifndef GRIDLINE_ROLLUP_ROLLUP_RECOMPUTE_H_
#define GRIDLINE_ROLLUP_ROLLUP_RECOMPUTE_H_

#include <cstdint>
#include <span>

#include "absl/status/status.h"
#include "rollup/placement.h"
#include "storage/store.h"

namespace rocksdb {
class WriteBatch;
}  // namespace rocksdb

namespace gridline::rollup {

// Readings of `series` whose start lies in [from_s, to_s), UTC seconds.
struct SeriesRange {
  storage::SeriesId series = 0;
  int64_t from_s = 0;
  int64_t to_s = 0;
};

struct RecomputeStats {
  uint64_t windows = 0;        // (asset, window) records rebuilt
  uint64_t deleted = 0;        // of which nothing remained: deleted
  uint64_t readings_read = 0;  // readings summed
};

// Adds to `batch` the rebuilt records of every (asset, window) that a reading of `changed` fed.
absl::Status RecomputeRollups(const storage::ReadView& view, const Placement& placement,
                              std::span<const SeriesRange> changed, rocksdb::WriteBatch* batch,
                              RecomputeStats* stats);

// Adds to `batch` every roll-up record rebuilt from every reading, and deletes every stored
// record that no reading feeds: for a damaged `rollups` column family.
absl::Status RecomputeAllRollups(const storage::ReadView& view, const Placement& placement,
                                 rocksdb::WriteBatch* batch, RecomputeStats* stats);

}  // namespace gridline::rollup

#endif  // GRIDLINE_ROLLUP_ROLLUP_RECOMPUTE_H_
