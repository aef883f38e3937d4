// proxy_day.h: the temperature-matched proxy day (docs/vee.md "Estimation", Oracle "proxy day"):
// a slot is the mean of the same local slot on the kProxyDays like days, among the reference days
// within kMaxLookbackDays, whose mean temperature is closest to the gap day's. Without a
// temperature for the gap day, or for any reference day, the slot is the like-day value and says
// so (method kLikeDay), as docs/vee.md says until weather exists.
#ifndef GRIDLINE_VEE_ESTIMATE_PROXY_DAY_H_
#define GRIDLINE_VEE_ESTIMATE_PROXY_DAY_H_

#include <span>

#include "vee/estimate/estimate_input.h"

namespace gridline::vee {

inline constexpr int kProxyDays = 3;

// Method kProxyDay where temperatures were used, kLikeDay where they were not.
// REQUIRES: out.size() == gap.size().
void EstimateProxyDay(const EstimateInput& in, const Gap& gap, std::span<SlotEstimate> out);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_ESTIMATE_PROXY_DAY_H_
