// consecutive_equal_rule.cc: VEE rule `consecutive_equal` (docs/vee.md "Validation rules"
// "Consecutive": a run of equal or zero intervals, >= 8 by default): a stuck register or a dead CT
// repeats one value. It only flags. On a received channel runs of zero are normal (no export at
// night) and not counted.
#include "fmt/format.h"
#include "vee/rules/rules.h"

namespace gridline::vee {

void CheckConsecutiveEqual(RuleContext& ctx) {
  const size_t min_run = static_cast<size_t>(ctx.value(Param::kConsecutiveMinRun));
  const bool skip_zero = ctx.in().channel == ChannelKind::kKwhReceived;
  const size_t n = ctx.in().size();
  size_t i = 0;
  while (i < n) {
    if (!ctx.present(i) || (skip_zero && ctx.wh(i) == 0)) {
      ++i;
      continue;
    }
    const int64_t v = ctx.wh(i);
    size_t j = i + 1;
    while (j < n && ctx.present(j) && ctx.wh(j) == v) ++j;
    if (j - i >= min_run) {
      ctx.Open(
          VeeRule::kConsecutiveEqual, SlotRange{i, j},
          fmt::format("{} consecutive intervals of {} (limit {})", j - i, FormatKwh(v), min_run));
    }
    i = j;
  }
}

}  // namespace gridline::vee
