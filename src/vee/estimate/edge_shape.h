// edge_shape.h: the meter's recent shape anchored at both edges of the gap (issue 13's hint).
// Like-day averaging knows the shape of a day but not today's level; interpolation knows today's
// level but not the shape. This method takes the shape (the median of the same local slot over
// the previous week's days, like_day.h) and corrects it by how far the actual values just outside
// the gap sit from the same shape:
//
//   estimate(k) = shape(k) + a * ((1 - w) * dL + w * dR) * exp(-min(k + 1, n - k) / decay)
//   w = (k + 1) / (n + 1),   dL = mean over the edge slots left of (actual - shape), dR right
//
// with a the edge weight: a short gap moves towards both edge levels, and deep inside a long one
// the correction fades to the shape (an edge says less about the level the further away it is).
// A missing edge contributes no correction; with neither edge it is the shape alone.
#ifndef GRIDLINE_VEE_ESTIMATE_EDGE_SHAPE_H_
#define GRIDLINE_VEE_ESTIMATE_EDGE_SHAPE_H_

#include <span>

#include "vee/estimate/estimate_input.h"
#include "vee/estimate/like_day.h"

namespace gridline::vee {

// The defaults were measured best on the training households (docs/vee.md "Estimation", the
// variants of `gridline bench vee --set train --tune`): medians beat means (single household
// half-hours are spiky), the nearest days of any type beat like-type days (a household's week is
// less regular than its day), and days on both sides of the gap beat the previous days only.
struct EdgeShapeOptions {
  LikeDayOptions shape{.days = 10, .median = true, .any_day_type = true, .both_sides = true};
  int edge_slots = 2;         // actual slots averaged on each side, at most 8
  double decay_slots = 2.0;   // slots over which an edge's correction falls by e
  double edge_weight = 0.75;  // the share of the edge offset applied (edges are noisy single reads)
};

// Every slot gets method kEdgeShape; a slot whose shape is unknown stays missing.
// REQUIRES: out.size() == gap.size().
void EstimateEdgeShape(const EstimateInput& in, const Gap& gap, const EdgeShapeOptions& options,
                       std::span<SlotEstimate> out);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_ESTIMATE_EDGE_SHAPE_H_
