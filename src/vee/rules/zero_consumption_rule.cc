// zero_consumption_rule.cc: VEE rule `zero_consumption` (docs/vee.md "Validation rules": zero on an
// active meter with no outage event): a run of zero delivered energy lasting min_hours (24 by
// default) while the service is active, or not known to be out. It only flags: a vacant house or a
// solar premise's midday really reads zero.
#include "fmt/format.h"
#include "vee/rules/rules.h"

namespace gridline::vee {

void CheckZeroConsumption(RuleContext& ctx) {
  if (ctx.in().channel != ChannelKind::kKwhDelivered) return;
  if (ctx.in().service_active == false) return;  // a known outage explains zeros
  const double min_s = ctx.value(Param::kZeroMinHours) * 3600;
  ForEachRun(
      ctx.in().size(), [&](size_t i) { return ctx.present(i) && ctx.wh(i) == 0; },
      [&](SlotRange run) {
        const int64_t span_s = static_cast<int64_t>(run.size()) * ctx.in().interval_s;
        if (static_cast<double>(span_s) < min_s) return;
        ctx.Open(VeeRule::kZeroConsumption, run,
                 fmt::format("zero delivered energy for {} on an active service (limit {} h)",
                             FormatDuration(span_s), ctx.value(Param::kZeroMinHours)));
      });
}

}  // namespace gridline::vee
