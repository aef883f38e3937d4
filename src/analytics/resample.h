// resample.h: a load series on a coarser UTC grid, e.g. 15-minute intervals to hours, so that
// figures such as "hours over 100 % of rating" (loading.h) can be asked at hourly resolution.
//
// The energy of a coarse step is the sum of the fine intervals inside it. Steps are aligned to
// UTC multiples of step_s, as query/aggregate.h aligns fixed steps. Partial steps are never
// summed, since a part of an hour would read as a low hour:
//  - at the edges, only steps lying wholly inside [start_s, end_s) are produced: a series from
//    00:15 to 03:30 gives the hours 01:00, 02:00;
//  - inside, a step with any fine interval missing is missing.
// The result has the same present/missing meaning as its input (load_series.h).
#ifndef GRIDLINE_ANALYTICS_RESAMPLE_H_
#define GRIDLINE_ANALYTICS_RESAMPLE_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "analytics/load_series.h"

namespace gridline::analytics {

inline constexpr int64_t kSecondsPerHour = 3600;

// Sums `series` into steps of `step_s` seconds as above. InvalidArgument unless step_s is a
// positive multiple of the series' interval, at most a day, and the series' start lies on its
// own interval grid (start_s % interval_s == 0), so that step boundaries fall on interval
// boundaries. A series shorter than one whole step gives an empty series.
absl::StatusOr<LoadSeries> Resample(const LoadSeries& series, int64_t step_s);

// Resample(series, 3600).
absl::StatusOr<LoadSeries> ToHourly(const LoadSeries& series);

}  // namespace gridline::analytics

#endif  // GRIDLINE_ANALYTICS_RESAMPLE_H_
