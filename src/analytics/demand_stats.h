// demand_stats.h: the figures of one load series' demand: energy, average demand, the peak
// (maximum interval demand) and the minimum with the intervals they occur in, the load factor and
// the load duration curve.
//
// Load factor (docs/domain.md section 3): LF = E / (P_max x T), where E is the energy of the
// present intervals, P_max the peak interval demand and T the time covered by present intervals
// only (present_count x interval_s): a gap neither adds energy nor dilutes the factor. Since E and
// P_max x T are both in Wh x intervals, LF = sum(Wh_i) / (max(Wh_i) x n), computed from exact
// integers with one rounding.
//
// Net series (PV export) are taken as given: the peak is the largest net demand, the minimum the
// most negative one (a negative minimum is the largest export). LF <= 1 always; it is in [0, 1]
// for a non-negative series and may be negative when exports outweigh imports.
#ifndef GRIDLINE_ANALYTICS_DEMAND_STATS_H_
#define GRIDLINE_ANALYTICS_DEMAND_STATS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "analytics/load_series.h"
#include "common/time.h"

namespace gridline::analytics {

// One interval picked out of a series: its demand, energy and start.
struct IntervalDemand {
  double kw = 0;
  int64_t wh = 0;
  UnixSeconds start_s = 0;
  size_t index = 0;  // into the series
};

struct PeakAndMinimum {
  IntervalDemand peak;     // the largest demand; the earliest interval on ties
  IntervalDemand minimum;  // the smallest demand; the earliest interval on ties
};

// Absent when the series has no present interval.
std::optional<PeakAndMinimum> FindPeakAndMinimum(const LoadSeries& series);

// The sum of the present intervals' energy (0 for an empty series; exact: see load_series.h).
int64_t TotalEnergyWh(const LoadSeries& series);

// E / T over present intervals; absent when none is present.
std::optional<double> AverageDemandKw(const LoadSeries& series);

// LF = E / (P_max x T) as above. Absent when no interval is present or P_max <= 0 (zero load or
// export only: the factor is undefined, never NaN or inf).
std::optional<double> LoadFactor(const LoadSeries& series);

// Load duration curve (LDC), docs/domain.md section 3: the interval demands sorted descending
// against the percentage of time, e.g. 8,760 hourly or 35,040 quarter-hourly values for a year.
//
// The x value of the k-th largest demand (rank k = 1..n among the n present intervals) is
// 100 x k / n: the share of the (present) time during which the demand is at least that value.
// The first point is the peak at 100/n %, the last the minimum at 100 %. Missing intervals are
// left out (they are not zero load).
//
// Downsampling to at most `max_points` keeps points of the full curve (never averages), at ranks
// spread evenly from the first to the last, so the peak and the minimum are kept exactly and the
// curve stays non-increasing in kW and increasing in percent.
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

#endif  // GRIDLINE_ANALYTICS_DEMAND_STATS_H_
