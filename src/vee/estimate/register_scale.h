// register_scale.h: scaling estimates to register reads (docs/vee.md "Estimation", Itron "scale to
// register"). When cumulative register reads bracket the gap, the energy the gap must hold is
// known exactly: the register delta minus the known intervals between the two reads. The
// estimates are rescaled to that total (spread flat when they sum to zero) and rounded to whole
// Wh by largest remainder, so the intervals sum to the register delta to the Wh.
#ifndef GRIDLINE_VEE_ESTIMATE_REGISTER_SCALE_H_
#define GRIDLINE_VEE_ESTIMATE_REGISTER_SCALE_H_

#include <span>

#include "vee/estimate/estimate_input.h"

namespace gridline::vee {

// The longest span between the two register reads that is scanned: a longer one is not used.
inline constexpr int64_t kMaxRegisterSpanDays = 3 * kMaxGapDays;

// Rescales `out` (every slot already estimated) and sets method kRegisterScaled; returns false,
// leaving `out` as it was, when no register read at or before the gap's start and none at or
// after its end lie on the grid within the series and kMaxRegisterSpanDays, when another slot
// between them is missing, when a slot of `out` has no estimate, or when the remainder is
// negative on a delivered channel (the sum check rule's case, not estimation's).
// REQUIRES: out.size() == gap.size().
bool ScaleToRegisters(const EstimateInput& in, const Gap& gap, std::span<SlotEstimate> out);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_ESTIMATE_REGISTER_SCALE_H_
