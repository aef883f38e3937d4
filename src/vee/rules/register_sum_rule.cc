// register_sum_rule.cc: VEE rule `register_sum_check` (docs/vee.md "Validation rules" "Sum check":
// sum of the intervals vs the register delta, > 1 % and > 1 kWh). Each pair of successive register
// reads on the window's grid brackets the intervals between them; when every one is present and
// their sum differs from the delta by more than both limits, the intervals are proved wrong (the
// register is the revenue-grade figure). Pairs with a gap are left to the missing rule.
#include <cmath>

#include "fmt/format.h"
#include "vee/rules/rules.h"

namespace gridline::vee {

void CheckRegisterSum(RuleContext& ctx) {
  const MeterWindow& in = ctx.in();
  const auto& reads = in.register_reads;
  for (size_t k = 1; k < reads.size(); ++k) {
    const RegisterRead& a = reads[k - 1];
    const RegisterRead& b = reads[k];
    if (a.at_s < in.start_s || b.at_s > in.end_s() || b.at_s <= a.at_s) continue;
    if ((a.at_s - in.start_s) % in.interval_s != 0 || (b.at_s - in.start_s) % in.interval_s != 0) {
      continue;
    }
    const SlotRange slots{static_cast<size_t>((a.at_s - in.start_s) / in.interval_s),
                          static_cast<size_t>((b.at_s - in.start_s) / in.interval_s)};
    int64_t sum = 0;
    bool complete = true;
    for (size_t i = slots.first; i < slots.end && complete; ++i) {
      complete = ctx.present(i);
      if (complete) sum += ctx.wh(i);
    }
    if (!complete) continue;
    const int64_t delta = b.wh - a.wh;
    const double diff = static_cast<double>(sum - delta);
    if (std::abs(diff) <=
            ctx.value(Param::kSumPercent) / 100 * std::abs(static_cast<double>(delta)) ||
        std::abs(diff) <= ctx.value(Param::kSumMinKwh) * 1000) {
      continue;
    }
    ctx.Open(VeeRule::kRegisterSumCheck, slots,
             fmt::format("intervals sum to {}, the register moved {} ({} apart; limits {} % and "
                         "{} kWh)",
                         FormatKwh(sum), FormatKwh(delta), FormatKwh(sum - delta),
                         ctx.value(Param::kSumPercent), ctx.value(Param::kSumMinKwh)));
  }
}

}  // namespace gridline::vee
