// validate_months.h: a long series validated as VEE runs it over an archive: in windows of local
// calendar months, each with the days before it as history (high/low, unit, DST). Used by
// `gridline vee validate`, the real-data tests and `gridline bench vee-rules`.
#ifndef GRIDLINE_VEE_RULES_VALIDATE_MONTHS_H_
#define GRIDLINE_VEE_RULES_VALIDATE_MONTHS_H_

#include <functional>

#include "absl/status/status.h"
#include "vee/rules/meter_window.h"
#include "vee/rules/rule_params.h"

namespace gridline::vee {

inline constexpr int kHistoryDays = 28;

// Runs Validate over the months of `base` (value_wh on its grid from base.start_s; the history_wh
// of `base` is ignored) that overlap [from_s, to_s), each window clipped to them, with up to
// kHistoryDays of the series before it as history, and calls `done` with each window and its
// result. The other members of `base` (zone, registers, panel, now, ...) apply to every window;
// a panel's series and the duplicate slots are cut like the values. Errors: those of Validate.
absl::Status ValidateByMonth(
    const MeterWindow& base, const RuleSet& rules, UnixSeconds from_s, UnixSeconds to_s,
    const std::function<void(const MeterWindow&, const ValidationResult&)>& done);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_RULES_VALIDATE_MONTHS_H_
