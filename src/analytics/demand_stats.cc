// demand_stats.cc: peak, minimum, energy, load factor and load duration curve of one series
// (demand_stats.h; load factor and LDC as in docs/domain.md section 3).
#include "analytics/demand_stats.h"

#include <algorithm>
#include <functional>

#include "fmt/format.h"

namespace gridline::analytics {
namespace {

IntervalDemand MakeInterval(const LoadSeries& series, size_t i) {
  const int64_t wh = *series[i];
  return IntervalDemand{series.DemandKw(wh), wh, series.IntervalStart(i), i};
}

}  // namespace

std::optional<PeakAndMinimum> FindPeakAndMinimum(const LoadSeries& series) {
  // Compare exact Wh, not kW: on one grid the conversion is monotonic, and integers make ties
  // exact (the earliest interval wins because later ones must be strictly larger or smaller).
  std::optional<size_t> max_i;
  std::optional<size_t> min_i;
  for (size_t i = 0; i < series.size(); ++i) {
    if (!series[i].has_value()) continue;
    const int64_t wh = *series[i];
    if (!max_i.has_value() || wh > *series[*max_i]) max_i = i;
    if (!min_i.has_value() || wh < *series[*min_i]) min_i = i;
  }
  if (!max_i.has_value()) return std::nullopt;
  return PeakAndMinimum{MakeInterval(series, *max_i), MakeInterval(series, *min_i)};
}

int64_t TotalEnergyWh(const LoadSeries& series) {
  // At most 2^22 values of at most 2^40 Wh: the sum stays within 2^62.
  int64_t total = 0;
  for (const std::optional<int64_t>& v : series.energy_wh()) {
    if (v.has_value()) total += *v;
  }
  return total;
}

std::optional<double> AverageDemandKw(const LoadSeries& series) {
  if (series.present_count() == 0) return std::nullopt;
  // E / T = sum(Wh) x 3600 / (n x interval_s x 1000) = (sum(Wh) / n) converted like one
  // interval's energy.
  const double mean_wh =
      static_cast<double>(TotalEnergyWh(series)) / static_cast<double>(series.present_count());
  return mean_wh * 3600.0 / static_cast<double>(series.interval_s() * 1000);
}

std::optional<double> LoadFactor(const LoadSeries& series) {
  const std::optional<PeakAndMinimum> extremes = FindPeakAndMinimum(series);
  if (!extremes.has_value() || extremes->peak.wh <= 0) return std::nullopt;
  // E / (P_max x T) with P_max x T = max_wh x (3600 / interval_s) x (n x interval_s / 3600)
  // = max_wh x n; both products are exact int64 (<= 2^62). Rounding to double is monotonic, so
  // sum <= max x n still holds and LF <= 1.
  const int64_t energy_wh = TotalEnergyWh(series);
  const int64_t peak_times_t = extremes->peak.wh * static_cast<int64_t>(series.present_count());
  return static_cast<double>(energy_wh) / static_cast<double>(peak_times_t);
}

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
