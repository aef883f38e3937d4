// vee_run.h: VEE over the archive (`gridline vee run`, docs/vee.md "Running VEE"): every judged
// series of the chosen meters over [from, to), on all cores. Workers take blocks of series in
// order, plan each one on a snapshot (series_vee.h) and commit a block's plans in one atomic
// batch; a checkpoint record (the first block not yet done, with the run's signature) lets a run
// killed midway resume where it stopped. Committing is idempotent, so a second run changes
// nothing, and a resumed run redoes at most the blocks that were in flight.
//
// A dry run plans and reports but commits nothing: with the report it shows, per meter and per
// rule, what a changed rules file or method would change before anyone commits it.
#ifndef GRIDLINE_VEE_RUN_VEE_RUN_H_
#define GRIDLINE_VEE_RUN_VEE_RUN_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "engine/engine.h"
#include "vee/rules/rules_file.h"
#include "vee/run/series_vee.h"

namespace gridline::vee {

inline constexpr std::string_view kVeeCheckpointKey = "vee/run/checkpoint";

struct VeeRunOptions {
  UnixSeconds from_s = INT64_MIN / 4;  // default: the whole archive
  UnixSeconds to_s = INT64_MAX / 4;
  std::vector<std::string> meters;  // empty: every meter
  RulesFile rules;
  std::string rules_text;    // the rules file's text (part of the signature)
  std::string zone = "UTC";  // the meters' zone (local days, months, DST)
  HolidaySet holidays;
  std::string holidays_text;  // part of the signature
  std::optional<UnixSeconds> now_s;
  int threads = 0;           // 0: every core
  size_t block_series = 64;  // series per commit
  bool dry_run = false;
  bool restart = false;  // ignore a checkpoint
  bool report = false;   // collect the before/after rows
};

// One row of the before/after report: rule `*` carries the meter's value changes, a rule's row
// its exceptions and the values it proved wrong.
struct VeeReportRow {
  std::string meter;
  ChannelKind channel = ChannelKind::kKwhDelivered;
  std::string rule;  // a rule's name or `*`
  uint32_t exceptions_before = 0;
  uint32_t exceptions_after = 0;
  uint64_t slots_replaced = 0;
  uint64_t slots_changed = 0;  // `*` only
  int64_t wh_before = 0;       // `*` only
  int64_t wh_after = 0;
};

struct VeeRunStats {
  uint64_t series_total = 0;    // series the run covers
  uint64_t series_done = 0;     // planned in this invocation
  uint64_t series_resumed = 0;  // skipped: done before the checkpoint
  uint64_t readings = 0;
  uint64_t estimated = 0, missing = 0, replaced = 0;
  uint64_t values_changed = 0;  // committed (a dry run: would change)
  uint64_t exceptions = 0;      // found
  uint64_t exceptions_changed = 0, exceptions_deleted = 0, stale = 0;
  double seconds = 0;
  double cpu_seconds = 0;            // process CPU time of the run
  std::vector<VeeReportRow> report;  // when options.report, in series order
};

// Called about once a second from the calling thread while workers run.
using VeeRunProgress = std::function<void(const VeeRunStats& so_far)>;

// Runs VEE as described above. InvalidArgument for an unknown zone or meter; FailedPrecondition
// from a read-only engine (unless a dry run); the store's errors otherwise (the blocks committed
// before an error stay committed).
absl::StatusOr<VeeRunStats> RunVee(engine::Engine& engine, const VeeRunOptions& options,
                                   const VeeRunProgress& progress = nullptr);

// The report as CSV: meter,channel,rule,exceptions_before,exceptions_after,slots_replaced,
// slots_changed,kwh_before,kwh_after,kwh_change.
std::string FormatVeeReport(const std::vector<VeeReportRow>& rows);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_RUN_VEE_RUN_H_
