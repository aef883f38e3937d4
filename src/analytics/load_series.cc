// load_series.cc: validation of a load series, sums of series on one grid, and resampling to
// whole coarser UTC steps (load_series.h).
#include "analytics/load_series.h"

#include <cstdlib>
#include <utility>

#include "fmt/format.h"

namespace gridline::analytics {
namespace {

constexpr int64_t kMaxAbsStartSeconds = int64_t{1} << 50;

}  // namespace

double WhToKw(int64_t wh, int64_t interval_s) {
  // Both operands are exact doubles: |wh x 3600| < 2^52 and interval_s x 1000 < 2^27.
  return static_cast<double>(wh * 3600) / static_cast<double>(interval_s * 1000);
}

absl::StatusOr<LoadSeries> LoadSeries::Create(UnixSeconds start_s, int64_t interval_s,
                                              std::vector<std::optional<int64_t>> energy_wh) {
  if (interval_s <= 0 || interval_s > kMaxIntervalSeconds) {
    return absl::InvalidArgumentError(
        fmt::format("load series: interval_s {} is not in 1..{}", interval_s, kMaxIntervalSeconds));
  }
  if (start_s < -kMaxAbsStartSeconds || start_s > kMaxAbsStartSeconds) {
    return absl::InvalidArgumentError(
        fmt::format("load series: start_s {} is out of range", start_s));
  }
  if (energy_wh.size() > kMaxIntervals) {
    return absl::InvalidArgumentError(fmt::format("load series: {} intervals, at most {} allowed",
                                                  energy_wh.size(), kMaxIntervals));
  }
  size_t present = 0;
  for (size_t i = 0; i < energy_wh.size(); ++i) {
    if (!energy_wh[i].has_value()) continue;
    const int64_t wh = *energy_wh[i];
    if (wh < -kMaxAbsIntervalWh || wh > kMaxAbsIntervalWh) {
      return absl::InvalidArgumentError(fmt::format(
          "load series: interval {} (start {}): {} Wh is beyond +-{} Wh", i,
          FormatIsoUtc(start_s + static_cast<int64_t>(i) * interval_s), wh, kMaxAbsIntervalWh));
    }
    ++present;
  }
  return LoadSeries(start_s, interval_s, std::move(energy_wh), present);
}

absl::StatusOr<LoadSeries> SumSeries(const std::vector<const LoadSeries*>& parts) {
  if (parts.empty()) return absl::InvalidArgumentError("sum of series: no parts");
  for (size_t p = 0; p < parts.size(); ++p) {
    if (parts[p] == nullptr) {
      return absl::InvalidArgumentError(fmt::format("sum of series: part {} is null", p));
    }
    if (!parts[p]->SameGrid(*parts[0])) {
      return absl::InvalidArgumentError(
          fmt::format("sum of series: part {} is not on the grid of part 0", p));
    }
  }
  const LoadSeries& first = *parts[0];
  std::vector<std::optional<int64_t>> sum(first.size());
  for (size_t i = 0; i < first.size(); ++i) {
    int64_t total = 0;
    bool complete = true;
    for (const LoadSeries* part : parts) {
      const std::optional<int64_t>& v = (*part)[i];
      if (!v.has_value()) {
        complete = false;
        break;
      }
      // Each part is within +-2^40 and the running total is kept within +-2^40 below, so the
      // addition cannot overflow.
      total += *v;
      if (std::llabs(total) > kMaxAbsIntervalWh) {
        return absl::InvalidArgumentError(fmt::format("sum of series: interval {} exceeds +-{} Wh",
                                                      FormatIsoUtc(first.IntervalStart(i)),
                                                      kMaxAbsIntervalWh));
      }
    }
    if (complete) sum[i] = total;
  }
  return LoadSeries::Create(first.start_s(), first.interval_s(), std::move(sum));
}

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
