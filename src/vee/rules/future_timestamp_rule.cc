// future_timestamp_rule.cc: VEE rule `future_timestamp` (docs/vee.md "Validation rules" "Time /
// clock"): a reading for an interval that has not ended yet, by more than tolerance_s (a meter
// clock set wrong, a head-end's time zone bug). It only flags: the value may belong to another
// time.
#include "fmt/format.h"
#include "vee/rules/rules.h"

namespace gridline::vee {

void CheckFutureTimestamp(RuleContext& ctx) {
  if (!ctx.in().now_s) return;
  const UnixSeconds limit =
      *ctx.in().now_s + static_cast<int64_t>(ctx.value(Param::kFutureToleranceS));
  const int64_t interval_s = ctx.in().interval_s;
  ForEachRun(
      ctx.in().size(),
      [&](size_t i) { return ctx.present(i) && ctx.in().SlotStart(i) + interval_s > limit; },
      [&](SlotRange run) {
        ctx.Open(VeeRule::kFutureTimestamp, run,
                 fmt::format("{} intervals end after now ({}) by up to {}", run.size(),
                             FormatIsoUtc(*ctx.in().now_s),
                             FormatDuration(ctx.in().SlotStart(run.end) - *ctx.in().now_s)));
      });
}

}  // namespace gridline::vee
