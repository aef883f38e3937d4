// prolonged_estimation_rule.cc: VEE rule `prolonged_estimation` (docs/vee.md "Validation rules":
// too many consecutive estimated days, > 3 by default): a meter billed on estimates for long needs
// a visit. A local day counts as estimated when more than half of its slots are estimated or
// missing; the count carries on from `estimated_days_before`. One exception per run of days over
// the limit.
#include "fmt/format.h"
#include "vee/rules/rules.h"

namespace gridline::vee {

void CheckProlongedEstimation(RuleContext& ctx) {
  const int max_days = static_cast<int>(ctx.value(Param::kProlongedMaxDays));
  int run = ctx.in().estimated_days_before;
  std::optional<SlotRange> open;
  auto flush = [&] {
    if (!open) return;
    ctx.Open(VeeRule::kProlongedEstimation, *open,
             fmt::format("{} consecutive estimated days (limit {})", run, max_days));
    open.reset();
  };
  for (SlotRange day : ctx.days()) {
    size_t estimated = 0;
    for (size_t i = day.first; i < day.end; ++i) {
      if (!ctx.present(i) || ctx.quality(i) == Quality::kEstimated) ++estimated;
    }
    if (2 * estimated <= day.size()) {
      flush();
      run = 0;
      continue;
    }
    ++run;
    if (run <= max_days) continue;
    if (open) {
      open->end = day.end;
    } else {
      open = day;
    }
  }
  flush();
}

}  // namespace gridline::vee
