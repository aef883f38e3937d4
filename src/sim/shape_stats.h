// shape_stats.h: figures that describe the shape and noise of one household's half-hourly
// consumption, used to compare the simulator with real households (the Low Carbon London meters
// in test/data/lcl, see its SOURCE.md) in shape_stats_test.cc.
//
// Relative figures (ratios, steps as a share of the mean) compare homes of different size; the
// steps between consecutive half-hours measure the noise structure that a store's compression
// sees: quiet nights, busy evenings.
#ifndef GRIDLINE_SIM_SHAPE_STATS_H_
#define GRIDLINE_SIM_SHAPE_STATS_H_

#include <cstdint>
#include <span>
#include <vector>

namespace gridline::sim {

struct HalfHour {
  int64_t local_day;
  int local_hour;  // 0..23, local clock
  double kwh;
  bool follows_previous;  // the previous value is the half-hour just before
};

struct ShapeStats {
  double mean_kwh = 0;          // per half-hour
  double night_kwh = 0;         // mean over 00:00-05:00 local
  double evening_kwh = 0;       // mean over 17:00-21:00 local
  double evening_to_night = 0;  // evening_kwh / night_kwh
  double step_rel = 0;          // mean |x[t] - x[t-1]| / mean
  double night_step_rel = 0;    // same, steps starting 00:00-05:00
  double evening_step_rel = 0;  // same, steps starting 17:00-21:00
  double lag1_autocorr = 0;
  double cv = 0;            // standard deviation / mean
  double base_to_mean = 0;  // mean over days of (day's minimum / day's mean)
  double p99_to_mean = 0;
};

// REQUIRES: `series` in time order, not empty, mean > 0.
ShapeStats ComputeShapeStats(std::span<const HalfHour> series);

// Field-by-field median over households.
ShapeStats MedianShapeStats(const std::vector<ShapeStats>& households);

}  // namespace gridline::sim

#endif  // GRIDLINE_SIM_SHAPE_STATS_H_
