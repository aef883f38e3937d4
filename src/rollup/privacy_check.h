// privacy_check.h: whether an aggregate of the grid may be released to the public role over a
// period: the 15/15 rule (privacy_rule.h) in every quarter-hour of the period, for the asset and,
// bottom-up, for every public aggregate below it (substations, feeders), so that a parent whose
// refused child would be exposed by differencing is refused too. docs/privacy.md.
//
// Who is a customer: a service point where the grid model has one above the meter; otherwise the
// top panel of a sub-metering premise; otherwise the meter (or sensor) itself. A customer counts
// in a quarter-hour when it has a reading of a roll-up channel in it (the same readings the
// roll-up sums), at the place the placement gives it at that instant; `_system` holds every
// meter, placed or not.
//
// Cost: the check reads the member meters' energy series over the period (one pass per series,
// in windows of at most kMaxWindowSlots quarter-hours), so it is bounded by the readings it
// reads: options.max_readings (counted before reading, from the series' intervals) caps it.
// Memory: one window of per-slot figures per public node below the asset.
//
// CheckPublicReleaseCached gives the same answer from verdicts kept per (asset, UTC day, metric)
// in a PrivacyVerdictCache (privacy_cache.h), valid while the day's release token
// (release_tokens.h) in the snapshot is the one they were computed at: it reads the member meters
// only for the days not kept, so a repeated or dashboard-style answer costs a token read and a
// lookup per day, whatever the readings below the asset.
//
// Thread-safety: reads one snapshot; may run on any thread.
#ifndef GRIDLINE_ROLLUP_PRIVACY_CHECK_H_
#define GRIDLINE_ROLLUP_PRIVACY_CHECK_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "common/deadline.h"
#include "rollup/placement.h"
#include "rollup/privacy_cache.h"
#include "rollup/privacy_rule.h"
#include "storage/store.h"
#include "topology/topology.h"

namespace gridline::rollup {

struct PrivacyCheckOptions {
  // Readings the check may read for one answer: 50 million is 400 meters x 3.5 years of
  // quarter-hours, or 1,400 meters x 1 year; about 10 s on one of the shared test cores
  // (bench/results/2026-12-01-privacy.txt measured 1.15 million in 0.2 s).
  int64_t max_readings = 50'000'000;
  // The request's deadline (common/deadline.h): the check's loops stop with DeadlineExceeded once
  // it passes (per customer read, per 4096 series listed), so its 504 comes in time.
  Deadline deadline;
};

struct PrivacyCheckResult {
  bool released = true;
  // When refused: the first quarter-hour that fails, and why.
  int64_t slot_start = 0;
  NodeVerdict verdict;
  // What the check read (for the figures in docs/privacy.md).
  int64_t readings = 0;
  int64_t customers = 0;  // distinct customers below the asset in the period
};

// The public aggregates: substations, feeders and the system.
bool IsPublicAggregateKind(storage::AssetKind kind);

// Checks the aggregate of `asset` (kSystemAsset for the whole system) over the quarter-hours
// that start in [from, to) (from floored to the grid), for `metric`. InvalidArgument when the
// check would read more than options.max_readings; DataLoss for a corrupt chunk;
// DeadlineExceeded past options.deadline.
absl::StatusOr<PrivacyCheckResult> CheckPublicRelease(const storage::ReadView& view,
                                                      const topology::Topology& topology,
                                                      const Placement& placement,
                                                      storage::AssetId asset, int64_t from,
                                                      int64_t to, RollupMetric metric,
                                                      const PrivacyCheckOptions& options = {});

// As CheckPublicRelease, the same verdict, first refused quarter-hour and reason, from `cache`
// where it holds the days of the period at the snapshot's tokens. The days not kept are checked
// whole, in time order, while their readings fit in options.max_readings, and kept (when `asset`
// is the system, the verdicts of every public aggregate below it too); `readings` counts what was
// read, and `customers` the customers of the days read (0 when nothing was read).
// InvalidArgument when not even the first missing day fits; Unavailable, with the days that
// were checked kept, when later days do not (the next request goes on from there); DataLoss for a
// corrupt chunk or token; DeadlineExceeded past options.deadline (the days checked before it are
// kept). REQUIRES: `view`'s writes went through a RollupMaintainer (which keeps
// the tokens), and `cache` only ever served `topology`.
absl::StatusOr<PrivacyCheckResult> CheckPublicReleaseCached(
    const storage::ReadView& view, const topology::Topology& topology, const Placement& placement,
    storage::AssetId asset, int64_t from, int64_t to, RollupMetric metric,
    PrivacyVerdictCache* cache, const PrivacyCheckOptions& options = {});

}  // namespace gridline::rollup

#endif  // GRIDLINE_ROLLUP_PRIVACY_CHECK_H_
