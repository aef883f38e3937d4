// estimator.h: filling a gap of one meter's channel (docs/vee.md "Estimation"). One table holds
// every estimation method of vee_types.h with the function that runs it, and a second table the
// default method per gap length, chosen by what `gridline bench vee` measured best on the
// training households. The result is whole Wh per slot with the method that made it; a slot
// nothing can fill stays missing. Pure functions: safe to call from any thread on distinct or
// shared const inputs (each call copies nothing it keeps; TimeZone caches are per object, so give
// each thread its own TimeZone).
#ifndef GRIDLINE_VEE_ESTIMATE_ESTIMATOR_H_
#define GRIDLINE_VEE_ESTIMATE_ESTIMATOR_H_

#include <span>
#include <vector>

#include "vee/estimate/estimate_input.h"

namespace gridline::vee {

// The default for gaps of at most max_gap_s seconds (rows in increasing order; the last row takes
// every longer gap).
struct DefaultMethodRow {
  int64_t max_gap_s;
  EstimationMethod method;
};
std::span<const DefaultMethodRow> DefaultMethodTable();
EstimationMethod DefaultMethodFor(int64_t gap_s);

// Fills `gap` with `method`: one EstimatedSlot per slot of the gap. Values are rounded half away
// from zero to whole Wh (register scaling rounds by largest remainder to keep its total), and
// clamped at 0 on a delivered channel. kRegisterScaled runs the default method and scales it to
// the register reads; where they do not bracket the gap it keeps the default's values and method.
// A gap longer than kMaxGapDays, or an empty one, gets no values.
// REQUIRES: the EstimateInput preconditions; gap.end <= in.values.size().
std::vector<EstimatedSlot> EstimateGap(const EstimateInput& in, const Gap& gap,
                                       EstimationMethod method);

// The default: DefaultMethodFor(the gap's length), then scaled to register reads when they
// bracket the gap.
std::vector<EstimatedSlot> EstimateGapDefault(const EstimateInput& in, const Gap& gap);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_ESTIMATE_ESTIMATOR_H_
