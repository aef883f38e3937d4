// resample.cc: sums of whole fine intervals per coarse UTC step (resample.h).
#include "analytics/resample.h"

#include <optional>
#include <vector>

#include "common/time.h"
#include "fmt/format.h"

namespace gridline::analytics {

absl::StatusOr<LoadSeries> Resample(const LoadSeries& series, int64_t step_s) {
  const int64_t interval_s = series.interval_s();
  if (step_s <= 0 || step_s > kSecondsPerDay || step_s % interval_s != 0) {
    return absl::InvalidArgumentError(
        fmt::format("resample: step {} s is not a multiple of the {} s interval within a day",
                    step_s, interval_s));
  }
  if (FloorDiv(series.start_s(), interval_s) * interval_s != series.start_s()) {
    return absl::InvalidArgumentError(
        fmt::format("resample: series start {} is not on its {} s grid",
                    FormatIsoUtc(series.start_s()), interval_s));
  }
  // Whole steps inside [start, end): from the first step boundary at or after the start to the
  // last one at or before the end.
  const int64_t first = -FloorDiv(-series.start_s(), step_s) * step_s;
  const int64_t last = FloorDiv(series.end_s(), step_s) * step_s;
  const int64_t per_step = step_s / interval_s;
  std::vector<std::optional<int64_t>> out;
  if (last > first) {
    out.resize(static_cast<size_t>((last - first) / step_s));
    size_t i = static_cast<size_t>((first - series.start_s()) / interval_s);
    for (std::optional<int64_t>& step : out) {
      // per_step values of at most 2^40 Wh each: at most 86400 x 2^40 < 2^57, no overflow.
      int64_t sum = 0;
      bool complete = true;
      for (int64_t k = 0; k < per_step; ++k, ++i) {
        if (series[i].has_value()) {
          sum += *series[i];
        } else {
          complete = false;
        }
      }
      if (complete) step = sum;
    }
  }
  // A step's sum can pass the per-interval bound only for absurd inputs; Create rejects it.
  return LoadSeries::Create(first, step_s, std::move(out));
}

absl::StatusOr<LoadSeries> ToHourly(const LoadSeries& series) {
  return Resample(series, kSecondsPerHour);
}

}  // namespace gridline::analytics
