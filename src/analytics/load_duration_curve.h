// load_duration_curve.h: the load duration curve (LDC) of one series, DOMAIN.md section 7: the
// interval demands sorted descending against the percentage of time, e.g. 8,760 hourly or 35,040
// quarter-hourly values for a year.
//
// The x value of the k-th largest demand (rank k = 1..n among the n present intervals) is
// 100 x k / n: the share of the (present) time during which the demand is at least that value.
// The first point is the peak at 100/n %, the last the minimum at 100 %. Missing intervals are
// left out (they are not zero load).
//
// Downsampling to at most `max_points` keeps points of the full curve (never averages), at ranks
// spread evenly from the first to the last, so the peak and the minimum are kept exactly and the
// curve stays non-increasing in kW and increasing in percent.
#ifndef GRIDLINE_ANALYTICS_LOAD_DURATION_CURVE_H_
#define GRIDLINE_ANALYTICS_LOAD_DURATION_CURVE_H_

#include <cstddef>
#include <vector>

#include "absl/status/statusor.h"
#include "analytics/load_series.h"

namespace gridline::analytics {

struct LdcPoint {
  double percent_of_time = 0;  // (0, 100]
  double kw = 0;
};

inline constexpr size_t kDefaultLdcPoints = 100;

// The curve, at most `max_points` points (all n points when n <= max_points; empty when no
// interval is present). InvalidArgument when max_points < 2: fewer cannot hold both the peak and
// the minimum.
absl::StatusOr<std::vector<LdcPoint>> LoadDurationCurve(const LoadSeries& series,
                                                        size_t max_points = kDefaultLdcPoints);

}  // namespace gridline::analytics

#endif  // GRIDLINE_ANALYTICS_LOAD_DURATION_CURVE_H_
