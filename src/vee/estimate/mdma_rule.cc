// mdma_rule.cc: interpolation up to 2 hours, else the mean of 3 like days.
#include "vee/estimate/mdma_rule.h"

#include "vee/estimate/like_day.h"
#include "vee/estimate/linear.h"

namespace gridline::vee {

void EstimateMdmaRule(const EstimateInput& in, const Gap& gap, std::span<SlotEstimate> out) {
  bool filled = false;
  if (static_cast<int64_t>(gap.size()) * in.interval_s <= kMdmaInterpolationMaxSeconds) {
    EstimateLinear(in, gap, out);
    filled = gap.size() > 0 && out[0].wh.has_value();
  }
  if (!filled) EstimateLikeDay(in, gap, LikeDayOptions{.days = kMdmaLikeDays}, out);
  for (SlotEstimate& s : out) s.method = EstimationMethod::kMdmaRule;
}

}  // namespace gridline::vee
