#include "sim/shape_stats.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace gridline::sim {

namespace {

struct Mean {
  double sum = 0;
  int64_t n = 0;
  void Add(double v) {
    sum += v;
    ++n;
  }
  double Get() const { return n > 0 ? sum / static_cast<double>(n) : 0.0; }
};

}  // namespace

ShapeStats ComputeShapeStats(std::span<const HalfHour> series) {
  ShapeStats st;
  Mean all, night, evening, step, night_step, evening_step;
  std::map<int64_t, std::pair<double, Mean>> days;  // day -> (min, mean)
  std::vector<double> values;
  values.reserve(series.size());
  for (size_t i = 0; i < series.size(); ++i) {
    const HalfHour& h = series[i];
    all.Add(h.kwh);
    values.push_back(h.kwh);
    if (h.local_hour < 5) night.Add(h.kwh);
    if (h.local_hour >= 17 && h.local_hour < 21) evening.Add(h.kwh);
    auto [it, inserted] = days.try_emplace(h.local_day, h.kwh, Mean());
    it->second.first = std::min(it->second.first, h.kwh);
    it->second.second.Add(h.kwh);
    if (i > 0 && h.follows_previous) {
      const double d = std::abs(h.kwh - series[i - 1].kwh);
      step.Add(d);
      const int from_hour = series[i - 1].local_hour;
      if (from_hour < 5) night_step.Add(d);
      if (from_hour >= 17 && from_hour < 21) evening_step.Add(d);
    }
  }
  const double mean = all.Get();
  st.mean_kwh = mean;
  st.night_kwh = night.Get();
  st.evening_kwh = evening.Get();
  st.evening_to_night = st.night_kwh > 0 ? st.evening_kwh / st.night_kwh : 0;
  st.step_rel = step.Get() / mean;
  st.night_step_rel = night_step.Get() / mean;
  st.evening_step_rel = evening_step.Get() / mean;

  double var = 0, cov = 0, var_a = 0, var_b = 0;
  for (double v : values) var += (v - mean) * (v - mean);
  st.cv = std::sqrt(var / static_cast<double>(values.size())) / mean;
  for (size_t i = 1; i < values.size(); ++i) {
    cov += (values[i - 1] - mean) * (values[i] - mean);
    var_a += (values[i - 1] - mean) * (values[i - 1] - mean);
    var_b += (values[i] - mean) * (values[i] - mean);
  }
  st.lag1_autocorr = (var_a > 0 && var_b > 0) ? cov / std::sqrt(var_a * var_b) : 0;

  Mean base;
  for (const auto& [day, mm] : days) {
    if (mm.second.n >= 40 && mm.second.Get() > 0) base.Add(mm.first / mm.second.Get());
  }
  st.base_to_mean = base.Get();
  std::sort(values.begin(), values.end());
  st.p99_to_mean =
      values[static_cast<size_t>(0.99 * static_cast<double>(values.size() - 1))] / mean;
  return st;
}

ShapeStats MedianShapeStats(const std::vector<ShapeStats>& households) {
  ShapeStats out;
  if (households.empty()) return out;
  auto median = [&](double ShapeStats::*field) {
    std::vector<double> v;
    for (const ShapeStats& s : households) v.push_back(s.*field);
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  };
  for (double ShapeStats::*f :
       {&ShapeStats::mean_kwh, &ShapeStats::night_kwh, &ShapeStats::evening_kwh,
        &ShapeStats::evening_to_night, &ShapeStats::step_rel, &ShapeStats::night_step_rel,
        &ShapeStats::evening_step_rel, &ShapeStats::lag1_autocorr, &ShapeStats::cv,
        &ShapeStats::base_to_mean, &ShapeStats::p99_to_mean}) {
    out.*f = median(f);
  }
  return out;
}

}  // namespace gridline::sim
