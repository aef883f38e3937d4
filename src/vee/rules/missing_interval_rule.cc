// missing_interval_rule.cc: VEE rule `missing_interval` (docs/vee.md "Validation rules" "Missing /
// gap": expected intervals vs found). One exception per gap, a run of slots without a value, never
// one per slot.
#include "fmt/format.h"
#include "vee/rules/rules.h"

namespace gridline::vee {

void CheckMissingInterval(RuleContext& ctx) {
  const size_t min_slots = static_cast<size_t>(ctx.value(Param::kMissingMinSlots));
  ForEachRun(
      ctx.in().size(), [&](size_t i) { return !ctx.present(i); },
      [&](SlotRange run) {
        if (run.size() < min_slots) return;
        ctx.Open(
            VeeRule::kMissingInterval, run,
            fmt::format("{} missing intervals ({})", run.size(),
                        FormatDuration(static_cast<int64_t>(run.size()) * ctx.in().interval_s)));
      });
}

}  // namespace gridline::vee
