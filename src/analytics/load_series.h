// load_series.h: the input of every analytics function, one asset's energy per interval on a
// fixed UTC grid, as it comes from a roll-up (transformer, feeder) or straight from a meter, and
// the two ways to make a new series from others: the sum of series on one grid and resampling to
// a coarser grid.
//
// Representation: one `std::optional<int64_t>` of Wh per interval. A missing interval is
// std::nullopt, never 0: a gap is not a zero reading, and every figure in analytics/ counts
// present intervals only. Values may be negative (a net series exporting PV); they are taken as
// given. Intervals are UTC, so there are no 23- or 25-hour days to handle here.
//
// Demand of an interval (docs/domain.md section 3, "Energy/demand"): kW = kWh per interval x
// intervals per hour = Wh x 3600 / interval_s / 1000; a 15-minute interval gives kW = 4 x kWh.
//
// Bounds: |Wh| <= kMaxAbsIntervalWh (2^40 Wh, about 1.1 TWh in one interval, far beyond any
// substation) and at most kMaxIntervals (2^22, 40 years of 5-minute intervals) intervals. They
// keep every sum, product and conversion in analytics/ exact in int64 (2^40 x 2^22 = 2^62) and
// Wh x 3600 exact in a double (< 2^52), so no figure can overflow, be inf or be NaN.
#ifndef GRIDLINE_ANALYTICS_LOAD_SERIES_H_
#define GRIDLINE_ANALYTICS_LOAD_SERIES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time.h"

namespace gridline::analytics {

inline constexpr int64_t kMaxAbsIntervalWh = int64_t{1} << 40;
inline constexpr size_t kMaxIntervals = size_t{1} << 22;
inline constexpr int64_t kMaxIntervalSeconds = kSecondsPerDay;

// kW of `wh` delivered over `interval_s` seconds: Wh x 3600 / (interval_s x 1000). One rounding
// (a single division of two exact doubles), so 250 Wh in 900 s is exactly 1.0 kW.
// REQUIRES: |wh| <= kMaxAbsIntervalWh, 0 < interval_s <= kMaxIntervalSeconds.
double WhToKw(int64_t wh, int64_t interval_s);

// An immutable, validated load series. Cheap to move; copying copies the values.
class LoadSeries {
 public:
  // InvalidArgument unless 0 < interval_s <= 86400, |start_s| <= 2^50, at most kMaxIntervals
  // values and every present value within +-kMaxAbsIntervalWh. An empty series is valid (every
  // figure of it is absent).
  static absl::StatusOr<LoadSeries> Create(UnixSeconds start_s, int64_t interval_s,
                                           std::vector<std::optional<int64_t>> energy_wh);

  UnixSeconds start_s() const { return start_s_; }
  int64_t interval_s() const { return interval_s_; }
  // The end of the last interval (exclusive).
  UnixSeconds end_s() const { return start_s_ + static_cast<int64_t>(size()) * interval_s_; }
  size_t size() const { return energy_wh_.size(); }
  size_t present_count() const { return present_count_; }
  const std::vector<std::optional<int64_t>>& energy_wh() const { return energy_wh_; }
  const std::optional<int64_t>& operator[](size_t i) const { return energy_wh_[i]; }

  UnixSeconds IntervalStart(size_t i) const {
    return start_s_ + static_cast<int64_t>(i) * interval_s_;
  }
  double DemandKw(int64_t wh) const { return WhToKw(wh, interval_s_); }

  // True when `other` has the same start, interval and length (the same grid).
  bool SameGrid(const LoadSeries& other) const {
    return start_s_ == other.start_s_ && interval_s_ == other.interval_s_ && size() == other.size();
  }

 private:
  LoadSeries(UnixSeconds start_s, int64_t interval_s, std::vector<std::optional<int64_t>> values,
             size_t present_count)
      : start_s_(start_s),
        interval_s_(interval_s),
        energy_wh_(std::move(values)),
        present_count_(present_count) {}

  UnixSeconds start_s_;
  int64_t interval_s_;
  std::vector<std::optional<int64_t>> energy_wh_;
  size_t present_count_;
};

// The per-interval sum of series on one grid, e.g. a transformer's total from its meters when no
// roll-up is at hand. An interval of the sum is present only when it is present in every part
// (a sum with a part missing would understate the load); InvalidArgument when the parts are
// empty, on different grids, or a running sum leaves +-kMaxAbsIntervalWh.
absl::StatusOr<LoadSeries> SumSeries(const std::vector<const LoadSeries*>& parts);

// Resampling: a load series on a coarser UTC grid, e.g. 15-minute intervals to hours, so that
// figures such as "hours over 100 % of rating" (loading.h) can be asked at hourly resolution.
//
// The energy of a coarse step is the sum of the fine intervals inside it. Steps are aligned to
// UTC multiples of step_s, as query/aggregate.h aligns fixed steps. Partial steps are never
// summed, since a part of an hour would read as a low hour:
//  - at the edges, only steps lying wholly inside [start_s, end_s) are produced: a series from
//    00:15 to 03:30 gives the hours 01:00, 02:00;
//  - inside, a step with any fine interval missing is missing.
// The result has the same present/missing meaning as its input.
inline constexpr int64_t kSecondsPerHour = 3600;

// Sums `series` into steps of `step_s` seconds as above. InvalidArgument unless step_s is a
// positive multiple of the series' interval, at most a day, and the series' start lies on its
// own interval grid (start_s % interval_s == 0), so that step boundaries fall on interval
// boundaries. A series shorter than one whole step gives an empty series.
absl::StatusOr<LoadSeries> Resample(const LoadSeries& series, int64_t step_s);

// Resample(series, 3600).
absl::StatusOr<LoadSeries> ToHourly(const LoadSeries& series);

}  // namespace gridline::analytics

#endif  // GRIDLINE_ANALYTICS_LOAD_SERIES_H_
