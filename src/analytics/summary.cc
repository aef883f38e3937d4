// summary.cc: all figures of one series in one struct (summary.h).
#include "analytics/summary.h"

#include "analytics/demand_stats.h"
#include "common/status_macros.h"
#include "fmt/format.h"

namespace gridline::analytics {

absl::StatusOr<LoadSummary> Summarize(const LoadSeries& series, const SummaryOptions& options) {
  if (!(options.power_factor >= kMinPowerFactor && options.power_factor <= 1.0)) {
    return absl::InvalidArgumentError(fmt::format("summary: power factor {} is outside {}..1",
                                                  options.power_factor, kMinPowerFactor));
  }
  LoadSummary out;
  out.start_s = series.start_s();
  out.end_s = series.end_s();
  out.interval_s = series.interval_s();
  out.interval_count = series.size();
  out.intervals_present = series.present_count();
  out.hours_with_data = static_cast<double>(series.present_count()) *
                        static_cast<double>(series.interval_s()) / 3600.0;

  out.energy_wh = TotalEnergyWh(series);
  out.average_kw = AverageDemandKw(series);
  if (const std::optional<PeakAndMinimum> extremes = FindPeakAndMinimum(series)) {
    out.peak_kw = extremes->peak.kw;
    out.peak_start_s = extremes->peak.start_s;
    out.min_kw = extremes->minimum.kw;
    out.min_start_s = extremes->minimum.start_s;
  }
  out.load_factor = LoadFactor(series);
  GL_ASSIGN_OR_RETURN(out.load_duration_curve, LoadDurationCurve(series, options.ldc_max_points));

  if (options.rating_kva.has_value()) {
    const LoadingOptions loading{*options.rating_kva, options.power_factor};
    GL_ASSIGN_OR_RETURN(out.loading, SummarizeLoading(series, loading));
    // Hourly figures only where whole hours can be formed; the reason it cannot (a daily series,
    // an off-grid start) is not an error of the request.
    if (kSecondsPerHour % series.interval_s() == 0) {
      absl::StatusOr<LoadSeries> hourly = ToHourly(series);
      if (hourly.ok()) {
        GL_ASSIGN_OR_RETURN(out.hourly_loading, SummarizeLoading(*hourly, loading));
      }
    }
  }
  return out;
}

}  // namespace gridline::analytics
