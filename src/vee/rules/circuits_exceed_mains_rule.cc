// circuits_exceed_mains_rule.cc: VEE rule `circuits_exceed_mains` (sub-metering): the circuits of
// a panel cannot draw more than its mains deliver; they usually draw less (unmonitored loads).
// An interval whose circuits sum to more than the mains by `percent` and by min_kw of average
// power points at a CT on the wrong circuit, a doubled ratio or a mains CT that slipped. Only
// intervals where every mains leg is present are judged; missing circuits count as zero.
#include "fmt/format.h"
#include "vee/rules/rules.h"

namespace gridline::vee {

void CheckCircuitsExceedMains(RuleContext& ctx) {
  const PanelSeries* panel = ctx.in().panel;
  if (panel == nullptr || panel->mains_wh.empty() || panel->circuits_wh.empty()) return;
  const double factor = 1 + ctx.value(Param::kCircuitsPercent) / 100;
  const double min_kw = ctx.value(Param::kCircuitsMinKw);
  const size_t n = ctx.in().size();
  std::vector<double> excess(n, 0);
  std::vector<uint8_t> fails(n, 0);
  for (size_t i = 0; i < n; ++i) {
    int64_t mains = 0;
    bool complete = true;
    for (SlotValues m : panel->mains_wh) {
      if (!m[i]) {
        complete = false;
        break;
      }
      mains += *m[i];
    }
    if (!complete) continue;
    int64_t circuits = 0;
    for (SlotValues c : panel->circuits_wh) circuits += c[i].value_or(0);
    excess[i] = static_cast<double>(circuits - mains);
    fails[i] = static_cast<double>(circuits) > factor * static_cast<double>(mains) &&
               ctx.Kw(excess[i]) >= min_kw;
  }
  ForEachRun(
      n, [&](size_t i) { return fails[i] != 0; },
      [&](SlotRange run) {
        double worst = 0;
        for (size_t i = run.first; i < run.end; ++i) worst = std::max(worst, excess[i]);
        ctx.Open(VeeRule::kCircuitsExceedMains, run,
                 fmt::format("{} intervals where {} circuits exceed {} mains by up to {:.2f} kW "
                             "(limits {} %, {} kW)",
                             run.size(), panel->circuits_wh.size(), panel->mains_wh.size(),
                             ctx.Kw(worst), ctx.value(Param::kCircuitsPercent), min_kw));
      });
}

}  // namespace gridline::vee
