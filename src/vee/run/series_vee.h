// series_vee.h: VEE of one series over a range (docs/vee.md "Running VEE"): the rules judge the
// raw reads (a person's edits stand), every value a rule proved wrong and every missing slot is
// filled by the default estimation method, and the result is one ValidatedCommit that is VEE's
// whole finding over the range: the estimates (or `missing` where nothing could fill a slot),
// the exceptions with their status, the clearing of what an earlier run processed that is no
// longer wrong, and the removal of its exceptions that are no longer found. Committing the plan
// of the same data again changes nothing (idempotence).
//
// PlanSeriesVee is a pure function of SeriesSlots (what LoadSeriesSlots read from a snapshot);
// each slot it plans carries the raw state it assumed, so a commit skips a slot a raw write
// changed after the snapshot (engine/validated_layer.h, ValidatedValue::check_raw).
#ifndef GRIDLINE_VEE_RUN_SERIES_VEE_H_
#define GRIDLINE_VEE_RUN_SERIES_VEE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time_zone.h"
#include "engine/validated_layer.h"
#include "storage/store.h"
#include "vee/estimate/estimate_input.h"
#include "vee/rules/rule_params.h"

namespace gridline::vee {

// Days read around the range: the rules' history before it, and the like days and edges the
// estimators look at on both sides of a gap.
inline constexpr int kReadDaysBefore = 35;
inline constexpr int kReadDaysAfter = 10;

// One series on its grid, slot i starting at start_s + i * interval_s.
struct SeriesSlots {
  storage::SeriesId series = 0;
  std::string meter_id;
  ChannelKind channel = ChannelKind::kKwhDelivered;
  std::string customer_class = "residential";
  UnixSeconds start_s = 0;
  int64_t interval_s = 900;
  int64_t first_slot = 0;  // the store's slot number of slot 0
  // The slots VEE judges now: [begin, end), the run range within the series' reads.
  size_t begin = 0;
  size_t end = 0;
  std::vector<std::optional<int64_t>> raw;  // latest raw version
  std::vector<Quality> raw_quality;
  // The validated overlay: what a slot shows now when overlay_present (a `missing` overlay has
  // no value).
  std::vector<uint8_t> overlay_present;
  std::vector<int64_t> overlay_value;
  std::vector<Quality> overlay_quality;
  std::vector<uint32_t> duplicates;     // slots with superseded raw versions, sorted
  std::vector<RegisterRead> registers;  // the meter's kwh_register reads, by time
  // VEE's exceptions in the run range now, per rule (VeeRule - 1), for the before/after report.
  std::array<uint32_t, kRuleCount> exceptions_before{};
  size_t size() const { return raw.size(); }
};

// Reads `series` over [from_s, to_s) (clipped to its reads) with kReadDaysBefore/After around
// it from `view`. An empty range gives begin == end. DataLoss on a corrupt record.
absl::StatusOr<SeriesSlots> LoadSeriesSlots(const storage::ReadView& view, storage::SeriesId series,
                                            UnixSeconds from_s, UnixSeconds to_s,
                                            const std::string& customer_class);

struct SeriesVeeSettings {
  const RuleSet* rules = nullptr;        // required
  const TimeZone* zone = nullptr;        // required: local days, months, DST
  const HolidaySet* holidays = nullptr;  // may be null
  std::optional<UnixSeconds> now_s;      // future timestamps; nullopt: not checked
};

// What a plan changes, for progress and the before/after report.
struct SeriesVeeFigures {
  uint64_t readings = 0;       // slots judged
  uint64_t estimated = 0;      // slots filled by an estimate
  uint64_t missing = 0;        // slots nothing could fill
  uint64_t replaced = 0;       // actual values a rule proved wrong (estimated or missing)
  uint64_t slots_changed = 0;  // slots whose validated value or quality the plan changes
  int64_t wh_before = 0;       // sum of the validated values over the range, now
  int64_t wh_after = 0;        // ... once the plan is committed
  std::array<uint32_t, kRuleCount> exceptions_after{};
  std::array<uint32_t, kRuleCount> replaced_by_rule{};
};

struct SeriesVeePlan {
  engine::ValidatedCommit commit;
  SeriesVeeFigures figures;
  // True when committing can change something: the plan has values or exceptions, or there is
  // an overlay or an exception in the range to clear.
  bool needs_commit = false;
};

// The plan of `slots`. InvalidArgument when the rules refuse the window (validate.h).
absl::StatusOr<SeriesVeePlan> PlanSeriesVee(const SeriesSlots& slots,
                                            const SeriesVeeSettings& settings);

// True for the channels VEE judges: interval energy (delivered, received, net).
bool VeeJudges(ChannelKind channel);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_RUN_SERIES_VEE_H_
