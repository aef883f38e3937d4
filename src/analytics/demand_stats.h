// demand_stats.h: the basic figures of one load series: energy, average demand, the peak (maximum
// interval demand) and the minimum with the intervals they occur in, and the load factor.
//
// Load factor (DOMAIN.md section 7): LF = E / (P_max x T), where E is the energy of the present
// intervals, P_max the peak interval demand and T the time covered by present intervals only
// (present_count x interval_s): a gap neither adds energy nor dilutes the factor. Since E and
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

}  // namespace gridline::analytics

#endif  // GRIDLINE_ANALYTICS_DEMAND_STATS_H_
