// spike_rule.cc: VEE rule `spike` (docs/vee.md "Validation rules": highest vs 3rd-highest interval
// in 24 h, > 200 %; Oracle MDM D1_BG_About_IMD_Validations). The 3rd-highest alone would flag a
// kettle in a quiet flat or the first half-hour of an EV charge, so a spike must also be
//  - isolated: above both neighbouring intervals by neighbour_percent (an EV session or a heat
//    pump's morning lasts several intervals, so its neighbours are high too), and
//  - large in power: its excess over the 3rd-highest is at least min_kw of average power (a
//    household's real load stays within its service; a misread does not).
// The day is the meter's local day. The highest and the second-highest are judged (two misreads
// in a day), each against the 3rd-highest.
#include <array>
#include <utility>

#include "fmt/format.h"
#include "vee/rules/rules.h"

namespace gridline::vee {
namespace {

// The three largest judged values of a day, by slot; count < 3 when the day has fewer.
struct Top3 {
  std::array<size_t, 3> slot{};
  size_t count = 0;
};

Top3 FindTop3(const RuleContext& ctx, SlotRange day) {
  Top3 t;
  for (size_t i = day.first; i < day.end; ++i) {
    if (!ctx.judged(i) || ctx.replaced(i)) continue;
    size_t at;
    if (t.count < 3) {
      at = t.count++;
    } else if (ctx.wh(i) > ctx.wh(t.slot[2])) {
      at = 2;
    } else {
      continue;
    }
    t.slot[at] = i;
    for (; at > 0 && ctx.wh(t.slot[at - 1]) < ctx.wh(t.slot[at]); --at) {
      std::swap(t.slot[at - 1], t.slot[at]);
    }
  }
  return t;
}

// True when slot i stands above every present neighbour by `factor`, with at least one present.
bool Isolated(const RuleContext& ctx, size_t i, double factor) {
  const double v = static_cast<double>(ctx.wh(i));
  bool any = false;
  for (size_t j : {i - 1, i + 1}) {
    if (j >= ctx.in().size() || !ctx.present(j)) continue;  // i - 1 wraps to a huge index at 0
    any = true;
    if (v <= factor * static_cast<double>(ctx.wh(j))) return false;
  }
  return any;
}

}  // namespace

void CheckSpike(RuleContext& ctx) {
  const double factor = 1 + ctx.value(Param::kSpikePercent) / 100;
  const double neighbour_factor = 1 + ctx.value(Param::kSpikeNeighbourPercent) / 100;
  const double min_kw = ctx.value(Param::kSpikeMinKw);
  for (SlotRange day : ctx.days()) {
    const Top3 top = FindTop3(ctx, day);
    if (top.count < 3) continue;
    const int64_t third = ctx.wh(top.slot[2]);
    for (size_t k = 0; k < 2; ++k) {
      const size_t i = top.slot[k];
      const int64_t v = ctx.wh(i);
      if (static_cast<double>(v) <= factor * static_cast<double>(third)) continue;
      if (ctx.Kw(static_cast<double>(v - third)) < min_kw) continue;
      if (!Isolated(ctx, i, neighbour_factor)) continue;
      ctx.Open(VeeRule::kSpike, SlotRange{i, i + 1},
               fmt::format("{} is {:.1f}x the day's 3rd-highest {} (limit {:.0f} %, {:.1f} kW "
                           "above it)",
                           FormatKwh(v), third > 0 ? static_cast<double>(v) / third : 0.0,
                           FormatKwh(third), ctx.value(Param::kSpikePercent),
                           ctx.Kw(static_cast<double>(v - third))));
    }
  }
}

}  // namespace gridline::vee
