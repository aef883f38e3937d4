// codec_bench_data.h: series for the codec benchmarks: a synthetic 15-minute residential
// generator (and a few other channel kinds), and loaders for the real data sets in test/data
// (LCL London half-hourly households, Emporia Vue 1-second circuits; SOURCE.md in each folder).
//
// The synthetic household is a heteroscedastic AR(1) process around a daily profile (quiet
// nights, morning and evening peaks, busier weekends), plus appliance steps that hold for a few
// intervals (oven/dryer 0.5-2.5 kW, an EV at 7 kW in some homes) and single-interval spikes
// (kettle, microwave). Values are Wh per 15 minutes, 20-3000 typical. A realistic fleet
// simulator is written elsewhere; these numbers are to be re-measured on it.
#ifndef GRIDLINE_BENCH_CODEC_BENCH_DATA_H_
#define GRIDLINE_BENCH_CODEC_BENCH_DATA_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace gridline::bench {

using SeriesList = std::vector<std::vector<int64_t>>;

// Relative load by quarter-hour of day (0..95), weekday or weekend.
inline double ResidentialShape(int slot, bool weekend) {
  double h = slot / 4.0;
  double f = h < 6    ? 0.15
             : h < 7  ? 0.35
             : h < 9  ? 0.9
             : h < 12 ? 0.55
             : h < 17 ? 0.5
             : h < 22 ? 1.0
                      : 0.45;
  if (weekend && h >= 8 && h < 17) f *= 1.35;
  return f;
}

// `meters` households x `days` days of 15-minute Wh values. `noise_scale` scales the AR(1)
// noise (1 = the default mix; 0.5 gives a quieter fleet, nearer 0.9 B/reading under xz).
inline SeriesList SyntheticResidential(int meters, int days, uint64_t seed,
                                       double noise_scale = 1.0) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  std::uniform_real_distribution<double> uni(0, 1);
  SeriesList all;
  for (int m = 0; m < meters; ++m) {
    const double base = 25 + 60 * uni(rng);    // night load, Wh per 15 min
    const double scale = 80 + 350 * uni(rng);  // evening peak above base
    const double noise = (0.15 + 0.3 * uni(rng)) * noise_scale;
    const bool ev = uni(rng) < 0.15;
    std::vector<int64_t> v;
    v.reserve(static_cast<size_t>(days) * 96);
    double ar = 0;
    double step = 0;
    int step_left = 0;
    for (int d = 0; d < days; ++d) {
      const bool weekend = d % 7 >= 5;
      for (int s = 0; s < 96; ++s) {
        double mean = base + scale * ResidentialShape(s, weekend);
        ar = 0.8 * ar + 0.6 * normal(rng);
        double x = mean * (1 + noise * ar);
        if (x < 0.3 * base) x = 0.3 * base;
        if (step_left == 0) {
          double r = uni(rng);
          if (r < 0.012) {
            step = 125 + 500 * uni(rng);
            step_left = 2 + static_cast<int>(rng() % 6);
          } else if (ev && r < 0.015) {
            step = 1650 + 100 * uni(rng);
            step_left = 6 + static_cast<int>(rng() % 12);
          }
        }
        if (step_left > 0) {
          x += step;
          --step_left;
        }
        if (uni(rng) < 0.04) x += 30 + 120 * uni(rng);  // kettle, microwave
        v.push_back(std::llround(x));
      }
    }
    all.push_back(std::move(v));
  }
  return all;
}

// Rooftop PV export, Wh per 15 minutes: zero at night, a cloudy bell by day.
inline SeriesList SyntheticPv(int meters, int days, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uni(0, 1);
  SeriesList all;
  for (int m = 0; m < meters; ++m) {
    const double peak = 300 + 900 * uni(rng);
    std::vector<int64_t> v;
    for (int d = 0; d < days; ++d) {
      double cloud = 0.4 + 0.6 * uni(rng);
      for (int s = 0; s < 96; ++s) {
        double h = s / 4.0;
        double sun = h < 6.5 || h > 19.5 ? 0 : std::sin((h - 6.5) / 13 * M_PI);
        if (sun > 0) cloud = std::min(1.0, std::max(0.1, cloud + 0.1 * (uni(rng) - 0.5)));
        v.push_back(std::llround(peak * sun * cloud));
      }
    }
    all.push_back(std::move(v));
  }
  return all;
}

// Cumulative kWh-delivered registers in Wh: the running sum of a residential series.
inline SeriesList SyntheticRegisters(int meters, int days, uint64_t seed) {
  SeriesList all = SyntheticResidential(meters, days, seed);
  for (auto& s : all) {
    int64_t total = 12345678;
    for (auto& v : s) v = total += v;
  }
  return all;
}

// Where the real data sets are: $GL_DATASETS, else the project's test/data.
inline std::string DatasetsDir() {
  if (const char* env = std::getenv("GL_DATASETS")) return env;
  std::string here = __FILE__;  // <repo>/bench/codec_bench_data.h
  return here.substr(0, here.rfind('/')) + "/../test/data";
}

// The 8 LCL households, kWh with 3 decimals as integer Wh; empty if the files are missing.
inline SeriesList LoadLcl() {
  SeriesList all;
  for (int i = 2; i <= 9; ++i) {
    std::ifstream in(DatasetsDir() + "/lcl/MAC00000" + std::to_string(i) +
                     ".csv");
    if (!in) continue;
    std::string line;
    std::getline(in, line);  // header
    std::vector<int64_t> v;
    while (std::getline(in, line)) {
      size_t comma = line.rfind(',');
      if (comma == std::string::npos) continue;
      v.push_back(std::llround(std::strtod(line.c_str() + comma + 1, nullptr) * 1000));
    }
    all.push_back(std::move(v));
  }
  return all;
}

// Every numeric column of the Emporia 1-second export, kW with 4 decimals as integer 0.1 W.
inline SeriesList LoadEmporiaSeconds() {
  std::ifstream in(DatasetsDir() + "/emporia-vue-circuits/8C9E94-Barn-1SEC.csv");
  SeriesList cols;
  if (!in) return cols;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string field;
    std::getline(ss, field, ',');  // time
    for (size_t c = 0; std::getline(ss, field, ','); ++c) {
      if (cols.size() <= c) cols.emplace_back();
      char* end;
      double kw = std::strtod(field.c_str(), &end);
      if (end != field.c_str()) cols[c].push_back(std::llround(kw * 10000));
    }
  }
  SeriesList all;
  for (auto& c : cols) {
    if (!c.empty()) all.push_back(std::move(c));
  }
  return all;
}

// Cuts every series into chunks of at most `chunk` consecutive values.
inline SeriesList Chunk(const SeriesList& series, size_t chunk) {
  SeriesList out;
  for (const auto& s : series) {
    for (size_t i = 0; i < s.size(); i += chunk) {
      out.emplace_back(s.begin() + i, s.begin() + std::min(s.size(), i + chunk));
    }
  }
  return out;
}

}  // namespace gridline::bench

#endif  // GRIDLINE_BENCH_CODEC_BENCH_DATA_H_
