// mdma_rule.h: the California MDMA rule (CA Interval Data VEE Rules rev 2.0, CPUC D.98-12-080;
// docs/vee.md "Estimation"), the baseline gridline's default is measured against: a gap of at most
// 2 hours is interpolated point to point between actual edges; a longer gap (or a short one
// without two actual edges) takes the mean of the same slot on the 3 previous like days.
#ifndef GRIDLINE_VEE_ESTIMATE_MDMA_RULE_H_
#define GRIDLINE_VEE_ESTIMATE_MDMA_RULE_H_

#include <span>

#include "vee/estimate/estimate_input.h"

namespace gridline::vee {

inline constexpr int64_t kMdmaInterpolationMaxSeconds = 2 * 3600;
inline constexpr int kMdmaLikeDays = 3;

// Every slot gets method kMdmaRule. REQUIRES: out.size() == gap.size().
void EstimateMdmaRule(const EstimateInput& in, const Gap& gap, std::span<SlotEstimate> out);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_ESTIMATE_MDMA_RULE_H_
