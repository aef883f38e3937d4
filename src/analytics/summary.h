// summary.h: every analytics figure of one asset's load series in one call, the payload of
// GET /api/v1/assets/{id}/analytics and of the CLI's analytics output.
//
// Figures and their sources (docs/domain.md section 3, via the file that computes each):
//   energy, average, peak, minimum, load factor,  demand_stats.h
//   load duration curve
//   loading against a rating (optional)           loading.h, at the series' resolution and,
//                                                 when the grid allows, hourly (ToHourly in
//                                                 load_series.h)
// Missing intervals are not zero (load_series.h); every figure that is undefined for the data
// (no present interval, zero peak, no rating) is an absent optional, never NaN or inf.
#ifndef GRIDLINE_ANALYTICS_SUMMARY_H_
#define GRIDLINE_ANALYTICS_SUMMARY_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "analytics/demand_stats.h"
#include "analytics/load_series.h"
#include "analytics/loading.h"
#include "common/time.h"

namespace gridline::analytics {

struct SummaryOptions {
  size_t ldc_max_points = kDefaultLdcPoints;  // >= 2
  // The asset's rating; when absent, the loading fields of the summary are absent. For an
  // ampere rating use AmpereRatingToKva (loading.h).
  std::optional<double> rating_kva;
  double power_factor = 1.0;  // kVA = |kW| / PF; checked even without a rating
};

struct LoadSummary {
  UnixSeconds start_s = 0;  // the series' grid
  UnixSeconds end_s = 0;    // exclusive
  int64_t interval_s = 0;
  size_t interval_count = 0;
  size_t intervals_present = 0;
  double hours_with_data = 0;  // intervals_present x interval_s / 3600

  int64_t energy_wh = 0;  // over present intervals (net: exports subtract)
  std::optional<double> average_kw;
  std::optional<double> peak_kw;  // largest interval demand, earliest on ties
  std::optional<UnixSeconds> peak_start_s;
  std::optional<double> min_kw;  // smallest; negative = largest export
  std::optional<UnixSeconds> min_start_s;
  std::optional<double> load_factor;  // absent with no data or peak <= 0

  std::vector<LdcPoint> load_duration_curve;  // empty with no data

  // Present exactly when options.rating_kva is.
  std::optional<LoadingSummary> loading;
  // Loading counted on hourly sums (ToHourly). Present with a rating when the series' interval
  // divides an hour and its start lies on its grid; absent otherwise (e.g. daily data).
  std::optional<LoadingSummary> hourly_loading;
};

// InvalidArgument for bad options (ldc_max_points < 2, a rating or PF out of loading.h's bounds,
// the PF checked even when no rating is given);
// any series, empty or all-missing included, summarises.
absl::StatusOr<LoadSummary> Summarize(const LoadSeries& series, const SummaryOptions& options);

}  // namespace gridline::analytics

#endif  // GRIDLINE_ANALYTICS_SUMMARY_H_
