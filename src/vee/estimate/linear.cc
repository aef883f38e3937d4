// linear.cc: point-to-point interpolation between the gap's edges.
#include "vee/estimate/linear.h"

namespace gridline::vee {

void EstimateLinear(const EstimateInput& in, const Gap& gap, std::span<SlotEstimate> out) {
  const std::optional<int64_t> left =
      gap.begin == 0 ? std::nullopt : KnownValue(in, gap, gap.begin - 1);
  const std::optional<int64_t> right = KnownValue(in, gap, gap.end);
  const double n = static_cast<double>(gap.size());
  for (size_t k = 0; k < gap.size(); ++k) {
    out[k].method = EstimationMethod::kLinearInterpolation;
    if (!left || !right) {
      out[k].wh = std::nullopt;
      continue;
    }
    const double l = static_cast<double>(*left), r = static_cast<double>(*right);
    out[k].wh = l + (r - l) * static_cast<double>(k + 1) / (n + 1);
  }
}

}  // namespace gridline::vee
