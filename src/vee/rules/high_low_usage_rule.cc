// high_low_usage_rule.cc: VEE rules `high_usage` and `low_usage` (docs/vee.md "Validation rules"
// "High/Low": period total vs history normalised by average daily usage, outside 0.25-4x ADU). The
// period is each local day of the window; the ADU is the mean energy per day of the meter's present
// history (so a history with gaps still gives a daily figure). Values an earlier rule proved wrong
// (a spike) are left out of the day, so one bad interval does not condemn its whole day. A low day
// must be complete (a gap is the missing rule's); a high day may have gaps, since its total only
// grows with them filled.
#include "fmt/format.h"
#include "vee/rules/rules.h"

namespace gridline::vee {
namespace {

// Mean Wh per day of the history's present slots, or nullopt with fewer than `min_days` of them.
std::optional<double> AverageDailyUsage(const MeterWindow& in, double min_days) {
  double sum = 0;
  size_t present = 0;
  for (const std::optional<int64_t>& v : in.history_wh) {
    if (v) {
      sum += static_cast<double>(*v);
      ++present;
    }
  }
  const double days = static_cast<double>(present) * static_cast<double>(in.interval_s) /
                      static_cast<double>(kSecondsPerDay);
  if (present == 0 || days < min_days) return std::nullopt;
  return sum / days;
}

struct DayTotal {
  double wh = 0;
  bool complete = true;
};

DayTotal Total(const RuleContext& ctx, SlotRange day) {
  DayTotal t;
  for (size_t i = day.first; i < day.end; ++i) {
    if (!ctx.present(i) || ctx.replaced(i)) {
      t.complete = false;
      continue;
    }
    t.wh += static_cast<double>(ctx.wh(i));
  }
  return t;
}

// The share of a whole day the slots of `day` cover (a window clipped mid-day, a DST day).
double DayFraction(const MeterWindow& in, SlotRange day) {
  return static_cast<double>(day.size()) * static_cast<double>(in.interval_s) /
         static_cast<double>(kSecondsPerDay);
}

void CheckUsage(RuleContext& ctx, VeeRule rule, Param factor_param, Param days_param) {
  const std::optional<double> adu = AverageDailyUsage(ctx.in(), ctx.value(days_param));
  if (!adu || *adu <= 0) return;
  const double factor = ctx.value(factor_param);
  const bool high = rule == VeeRule::kHighUsage;
  for (SlotRange day : ctx.days()) {
    const DayTotal t = Total(ctx, day);
    const double expected = *adu * DayFraction(ctx.in(), day);
    const double ratio = t.wh / expected;
    const bool fails = high ? ratio > factor : (t.complete && ratio < factor);
    if (!fails) continue;
    ctx.Open(rule, day,
             fmt::format("day total {} is {:.2f}x the average daily usage {} (limit {}x)",
                         FormatKwh(static_cast<int64_t>(t.wh)), ratio,
                         FormatKwh(static_cast<int64_t>(expected)), factor));
  }
}

}  // namespace

void CheckHighUsage(RuleContext& ctx) {
  CheckUsage(ctx, VeeRule::kHighUsage, Param::kHighFactor, Param::kHighMinHistoryDays);
}

void CheckLowUsage(RuleContext& ctx) {
  CheckUsage(ctx, VeeRule::kLowUsage, Param::kLowFactor, Param::kLowMinHistoryDays);
}

}  // namespace gridline::vee
