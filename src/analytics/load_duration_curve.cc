// load_duration_curve.cc: sorted interval demands against % of time, downsampled by rank
// (load_duration_curve.h; DOMAIN.md section 7).
#include "analytics/load_duration_curve.h"

#include <algorithm>
#include <cstdint>
#include <functional>

#include "fmt/format.h"

namespace gridline::analytics {

absl::StatusOr<std::vector<LdcPoint>> LoadDurationCurve(const LoadSeries& series,
                                                        size_t max_points) {
  if (max_points < 2) {
    return absl::InvalidArgumentError(fmt::format(
        "load duration curve: max_points {} is below 2 (the peak and the minimum)", max_points));
  }
  std::vector<int64_t> wh;
  wh.reserve(series.present_count());
  for (const std::optional<int64_t>& v : series.energy_wh()) {
    if (v.has_value()) wh.push_back(*v);
  }
  // Sort the exact Wh values; kW follows monotonically.
  std::sort(wh.begin(), wh.end(), std::greater<int64_t>());
  const size_t n = wh.size();
  const size_t points = std::min(n, max_points);
  std::vector<LdcPoint> curve;
  curve.reserve(points);
  for (size_t j = 0; j < points; ++j) {
    // Index j of `points` spread over 0..n-1, rounded to nearest: j = 0 gives 0 (the peak),
    // j = points-1 gives n-1 (the minimum), and since points <= n the step is >= 1, so indexes
    // are strictly increasing. j x (n-1) < 2^22 x 2^22: no overflow.
    const size_t index = points == 1 ? 0 : (j * (n - 1) + (points - 1) / 2) / (points - 1);
    curve.push_back(LdcPoint{100.0 * static_cast<double>(index + 1) / static_cast<double>(n),
                             series.DemandKw(wh[index])});
  }
  return curve;
}

}  // namespace gridline::analytics
