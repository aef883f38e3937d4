// validate.h: running the rule catalogue over one meter window.
#ifndef GRIDLINE_VEE_RULES_VALIDATE_H_
#define GRIDLINE_VEE_RULES_VALIDATE_H_

#include "absl/status/statusor.h"
#include "vee/rules/meter_window.h"
#include "vee/rules/rule_params.h"

namespace gridline::vee {

// Runs every enabled rule of `rules` over `in`. InvalidArgument when the window is malformed:
// interval_s outside 1 s .. 1 day, start off its grid, `quality` neither empty nor one per slot,
// a panel series of another length, or more slots than analytics::kMaxIntervals.
// Cost: linear in the slots of the window, history and panel (docs/vee.md gives the figure).
absl::StatusOr<ValidationResult> Validate(const MeterWindow& in, const RuleSet& rules);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_RULES_VALIDATE_H_
