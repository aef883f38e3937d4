// linear.h: point-to-point linear interpolation (docs/vee.md "Estimation", the short-gap half of
// the California MDMA rule): the slots of a gap lie on the straight line between the actual values
// on either side of it. Both edges must be actual (validated) values; a gap at the start or end
// of the series, or next to another missing slot, is left missing.
#ifndef GRIDLINE_VEE_ESTIMATE_LINEAR_H_
#define GRIDLINE_VEE_ESTIMATE_LINEAR_H_

#include <span>

#include "vee/estimate/estimate_input.h"

namespace gridline::vee {

// Slot gap.begin + k gets L + (R - L) * (k + 1) / (n + 1), L and R the values of the slots just
// before and just after the gap, n its length; method kLinearInterpolation. Every slot stays
// missing when an edge is not a known value. REQUIRES: out.size() == gap.size().
void EstimateLinear(const EstimateInput& in, const Gap& gap, std::span<SlotEstimate> out);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_ESTIMATE_LINEAR_H_
