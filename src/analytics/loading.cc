// loading.cc: loading % against a kVA rating, ampere ratings to kVA, hours over 80 % and 100 %
// (loading.h; docs/domain.md section 3, transformer and feeder loading).
#include "analytics/loading.h"

#include <cmath>
#include <cstdlib>

#include "common/status_macros.h"
#include "fmt/format.h"

namespace gridline::analytics {
namespace {

constexpr double kWarnPct = 80.0;
constexpr double kOverPct = 100.0;

// kW / PF / rating x 100; finite by the bounds on |Wh|, PF and the rating.
double PercentOf(const LoadSeries& series, int64_t wh, const LoadingOptions& options) {
  const double kva = series.DemandKw(wh < 0 ? -wh : wh) / options.power_factor;
  return 100.0 * kva / options.rating_kva;
}

double Hours(size_t intervals, int64_t interval_s) {
  return static_cast<double>(intervals) * static_cast<double>(interval_s) / 3600.0;
}

}  // namespace

absl::StatusOr<double> AmpereRatingToKva(double rating_a, double voltage_v, int phases) {
  if (!std::isfinite(rating_a) || rating_a <= 0 || !std::isfinite(voltage_v) || voltage_v <= 0) {
    return absl::InvalidArgumentError(fmt::format(
        "ampere rating: {} A at {} V: both must be finite and positive", rating_a, voltage_v));
  }
  double kva = 0;
  if (phases == 3) {
    kva = std::sqrt(3.0) * voltage_v * rating_a / 1000.0;
  } else if (phases == 1) {
    kva = voltage_v * rating_a / 1000.0;
  } else {
    return absl::InvalidArgumentError(
        fmt::format("ampere rating: {} phases; 1 or 3 expected", phases));
  }
  if (!(kva >= kMinRatingKva && kva <= kMaxRatingKva)) {
    return absl::InvalidArgumentError(fmt::format("ampere rating: {} kVA is outside {}..{} kVA",
                                                  kva, kMinRatingKva, kMaxRatingKva));
  }
  return kva;
}

absl::Status ValidateLoadingOptions(const LoadingOptions& options) {
  // Written so that NaN fails every comparison and is rejected.
  if (!(options.rating_kva >= kMinRatingKva && options.rating_kva <= kMaxRatingKva)) {
    return absl::InvalidArgumentError(fmt::format("loading: rating {} kVA is outside {}..{} kVA",
                                                  options.rating_kva, kMinRatingKva,
                                                  kMaxRatingKva));
  }
  if (!(options.power_factor >= kMinPowerFactor && options.power_factor <= 1.0)) {
    return absl::InvalidArgumentError(fmt::format("loading: power factor {} is outside {}..1",
                                                  options.power_factor, kMinPowerFactor));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::optional<double>>> LoadingPercent(const LoadSeries& series,
                                                                  const LoadingOptions& options) {
  GL_RETURN_IF_ERROR(ValidateLoadingOptions(options));
  std::vector<std::optional<double>> pct(series.size());
  for (size_t i = 0; i < series.size(); ++i) {
    if (series[i].has_value()) pct[i] = PercentOf(series, *series[i], options);
  }
  return pct;
}

absl::StatusOr<LoadingSummary> SummarizeLoading(const LoadSeries& series,
                                                const LoadingOptions& options) {
  GL_RETURN_IF_ERROR(ValidateLoadingOptions(options));
  LoadingSummary out;
  out.rating_kva = options.rating_kva;
  out.power_factor = options.power_factor;
  out.interval_s = series.interval_s();
  out.hours_with_data = Hours(series.present_count(), series.interval_s());

  std::optional<size_t> peak_i;  // by |Wh|: loading grows with it on one grid
  size_t over_80 = 0;
  size_t over_100 = 0;
  size_t run_length = 0;
  size_t run_start = 0;
  size_t best_length = 0;
  size_t best_start = 0;
  for (size_t i = 0; i < series.size(); ++i) {
    if (!series[i].has_value()) {
      run_length = 0;
      continue;
    }
    const int64_t abs_wh = std::llabs(*series[i]);
    if (!peak_i.has_value() || abs_wh > std::llabs(*series[*peak_i])) peak_i = i;
    const double pct = PercentOf(series, *series[i], options);
    if (pct > kWarnPct) ++over_80;
    if (pct > kOverPct) {
      ++over_100;
      if (run_length == 0) run_start = i;
      ++run_length;
      // Strictly longer: the earliest of equally long runs is kept.
      if (run_length > best_length) {
        best_length = run_length;
        best_start = run_start;
      }
    } else {
      run_length = 0;
    }
  }
  if (peak_i.has_value()) {
    out.peak_loading_pct = PercentOf(series, *series[*peak_i], options);
    out.peak_loading_start_s = series.IntervalStart(*peak_i);
  }
  out.hours_over_80 = Hours(over_80, series.interval_s());
  out.hours_over_100 = Hours(over_100, series.interval_s());
  out.longest_over_100_hours = Hours(best_length, series.interval_s());
  if (best_length > 0) out.longest_over_100_start_s = series.IntervalStart(best_start);
  return out;
}

}  // namespace gridline::analytics
