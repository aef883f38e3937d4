// edge_shape.cc: the like-day shape corrected towards the levels at the gap's edges.
#include "vee/estimate/edge_shape.h"

#include <algorithm>
#include <cmath>

namespace gridline::vee {
namespace {

// Mean of (actual - shape) over up to `count` known slots next to the gap on one side (step -1:
// left, +1: right), or 0 when none has both.
double EdgeOffset(const EstimateInput& in, const Gap& gap, const LikeDayOptions& shape, int count,
                  int step) {
  double sum = 0;
  int n = 0;
  for (int i = 0; i < count; ++i) {
    const int64_t slot =
        step < 0 ? static_cast<int64_t>(gap.begin) - 1 - i : static_cast<int64_t>(gap.end) + i;
    if (slot < 0) break;
    const std::optional<int64_t> actual = KnownValue(in, gap, static_cast<size_t>(slot));
    if (!actual) break;  // the edge is the run of actual values touching the gap
    const std::optional<double> expected = LikeDayValue(in, gap, static_cast<size_t>(slot), shape);
    if (!expected) continue;
    sum += static_cast<double>(*actual) - *expected;
    ++n;
  }
  return n == 0 ? 0.0 : sum / n;
}

}  // namespace

void EstimateEdgeShape(const EstimateInput& in, const Gap& gap, const EdgeShapeOptions& options,
                       std::span<SlotEstimate> out) {
  const int edge_slots = std::clamp(options.edge_slots, 1, 8);
  const double d_left = EdgeOffset(in, gap, options.shape, edge_slots, -1);
  const double d_right = EdgeOffset(in, gap, options.shape, edge_slots, +1);
  const double n = static_cast<double>(gap.size());
  const double decay = std::max(options.decay_slots, 1e-3);
  for (size_t k = 0; k < gap.size(); ++k) {
    out[k].method = EstimationMethod::kEdgeShape;
    const std::optional<double> shape = LikeDayValue(in, gap, gap.begin + k, options.shape);
    if (!shape) {
      out[k].wh = std::nullopt;
      continue;
    }
    const double w = static_cast<double>(k + 1) / (n + 1);
    const double distance = std::min(static_cast<double>(k + 1), n - static_cast<double>(k));
    out[k].wh = *shape + options.edge_weight * ((1 - w) * d_left + w * d_right) *
                             std::exp(-distance / decay);
  }
}

}  // namespace gridline::vee
