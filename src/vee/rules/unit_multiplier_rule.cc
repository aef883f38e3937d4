// unit_multiplier_rule.cc: VEE rule `unit_multiplier` (docs/vee.md "Validation rules" "Interval
// size, UOM, multiplier"): a reading `factor` times (100 by default) the meter's typical reading is
// a unit or multiplier error (Wh read as kWh is 1000x, a CT ratio applied twice), not load. Typical
// is the median of the positive readings of the history, or of the window without history; a meter
// whose typical reading is under min_typical_wh (a vacant flat) is not judged, since any load is
// many times nothing.
#include <algorithm>
#include <vector>

#include "fmt/format.h"
#include "vee/rules/rules.h"

namespace gridline::vee {
namespace {

// Median of the positive values; at most kSample of them (evenly spaced) keep it cheap.
std::optional<int64_t> TypicalWh(SlotValues values) {
  constexpr size_t kSample = 4096;
  const size_t stride = values.size() / kSample + 1;
  std::vector<int64_t> positive;
  positive.reserve(std::min(values.size(), kSample + 1));
  for (size_t i = 0; i < values.size(); i += stride) {
    if (values[i] && *values[i] > 0) positive.push_back(*values[i]);
  }
  if (positive.empty()) return std::nullopt;
  auto mid = positive.begin() + static_cast<std::ptrdiff_t>(positive.size() / 2);
  std::nth_element(positive.begin(), mid, positive.end());
  return *mid;
}

}  // namespace

void CheckUnitMultiplier(RuleContext& ctx) {
  const std::optional<int64_t> typical =
      TypicalWh(ctx.in().history_wh.empty() ? ctx.in().value_wh : ctx.in().history_wh);
  if (!typical || static_cast<double>(*typical) < ctx.value(Param::kUnitMinTypicalWh)) return;
  const double limit = ctx.value(Param::kUnitFactor) * static_cast<double>(*typical);
  ForEachRun(
      ctx.in().size(),
      [&](size_t i) { return ctx.judged(i) && static_cast<double>(ctx.wh(i)) > limit; },
      [&](SlotRange run) {
        int64_t highest = 0;
        for (size_t i = run.first; i < run.end; ++i) highest = std::max(highest, ctx.wh(i));
        ctx.Open(VeeRule::kUnitMultiplier, run,
                 fmt::format("{} intervals up to {}, {:.0f}x the typical {} (limit {}x)",
                             run.size(), FormatKwh(highest),
                             static_cast<double>(highest) / static_cast<double>(*typical),
                             FormatKwh(*typical), ctx.value(Param::kUnitFactor)));
      });
}

}  // namespace gridline::vee
