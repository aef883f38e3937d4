// negative_delivered_rule.cc: VEE rule `negative_delivered` (docs/vee.md "Validation rules"
// "Negative": delivered < 0). Energy in one direction cannot be negative, so the value is proved
// wrong; the rule applies to the delivered and received channels (a net channel may be negative).
#include "fmt/format.h"
#include "vee/rules/rules.h"

namespace gridline::vee {

void CheckNegativeDelivered(RuleContext& ctx) {
  const ChannelKind c = ctx.in().channel;
  if (c != ChannelKind::kKwhDelivered && c != ChannelKind::kKwhReceived) return;
  ForEachRun(
      ctx.in().size(), [&](size_t i) { return ctx.judged(i) && ctx.wh(i) < 0; },
      [&](SlotRange run) {
        int64_t lowest = 0;
        for (size_t i = run.first; i < run.end; ++i) lowest = std::min(lowest, ctx.wh(i));
        ctx.Open(VeeRule::kNegativeDelivered, run,
                 fmt::format("{} negative intervals on {} (lowest {})", run.size(),
                             GetChannelSpec(c).name, FormatKwh(lowest)));
      });
}

}  // namespace gridline::vee
