// How close the simulated homes come to real ones: the 8 Low Carbon London households of
// test/data/lcl (UK Power Networks / London Datastore, 2013, half-hourly
// kWh, UTC) against 100 simulated homes without PV or EV, both over April and May. London homes
// have no air conditioning and few are heated electrically, while a Sacramento May is warm
// enough for AC: the checked comparison draws its homes without AC or electric heat, and the
// figures of the town's default equipment (80 % AC) are printed beside them. The checks are bands
// that a broken model (flat curve, white noise, noisy nights) falls out of.
#include "sim/shape_stats.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/strings.h"
#include "common/time.h"
#include "gtest/gtest.h"
#include "sim/fleet.h"

namespace gridline::sim {
namespace {

TEST(ShapeStats, SimpleSeries) {
  std::vector<HalfHour> s;
  for (int d = 0; d < 2; ++d) {
    for (int i = 0; i < 48; ++i) s.push_back({d, i / 2, i % 2 == 0 ? 1.0 : 3.0, i + d > 0});
  }
  const ShapeStats st = ComputeShapeStats(s);
  EXPECT_DOUBLE_EQ(st.mean_kwh, 2.0);
  EXPECT_DOUBLE_EQ(st.step_rel, 1.0);
  EXPECT_DOUBLE_EQ(st.cv, 0.5);
  EXPECT_NEAR(st.lag1_autocorr, -1.0, 1e-9);
  EXPECT_DOUBLE_EQ(st.base_to_mean, 0.5);
}

std::vector<ShapeStats> LclHouseholds(int64_t from_day, int64_t to_day) {
  // The eight Low Carbon London households copied into the project (test/data/lcl/SOURCE.md).
  const std::filesystem::path dir = std::filesystem::path(GL_SOURCE_DIR) / "test" / "data" / "lcl";
  std::vector<ShapeStats> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".csv") continue;
    std::ifstream in(entry.path());
    std::string line;
    std::vector<HalfHour> series;
    int64_t prev = INT64_MIN;
    while (std::getline(in, line)) {
      const size_t a = line.find(',');
      const size_t b = line.find(',', a + 1);
      if (a == std::string::npos || b == std::string::npos) continue;
      ParsedTime t;
      if (ParseTimestamp(line.substr(a + 1, b - a - 1), &t) != nullptr) continue;  // header
      const std::string value(StripSpaces(std::string_view(line).substr(b + 1)));
      char* end = nullptr;
      const double kwh = std::strtod(value.c_str(), &end);
      if (end == value.c_str()) continue;
      // UTC in the files; April and May are British Summer Time (UTC+1).
      const int64_t local = t.seconds + 3600;
      const int64_t day = FloorDiv(local, kSecondsPerDay);
      if (day < from_day || day >= to_day) continue;
      series.push_back({day, static_cast<int>((local - day * kSecondsPerDay) / 3600), kwh,
                        prev != INT64_MIN && t.seconds - prev == 1800});
      prev = t.seconds;
    }
    if (series.size() > 1000) out.push_back(ComputeShapeStats(series));
  }
  return out;
}

std::vector<ShapeStats> SimHouseholds(int64_t start_day, int days, int meters, bool hvac) {
  FleetOptions o;
  o.meters = meters;
  o.days = days;
  o.start_day = start_day;
  o.seed = 2026;
  o.mix.commercial_share = 0;
  o.mix.pv_share = 0;
  o.mix.ev_share = 0;
  if (!hvac) {
    o.mix.ac_share = 0;
    o.mix.electric_heat_share = 0;
  }
  o.defects.enabled = false;
  auto fleet = Fleet::Create(o);
  EXPECT_TRUE(fleet.ok());
  std::vector<std::vector<HalfHour>> series(meters);
  (*fleet)->ForEachMeterDay([&](const MeterDay& md) {
    const DayConditions& day = (*fleet)->weather().Day(md.day_index);
    std::vector<HalfHour>& s = series[md.profile->index];
    for (int i = 0; i < kSlotsPerDay; i += 2) {
      const double kwh = (md.values.delivered_wh[i] + md.values.delivered_wh[i + 1]) / 1000.0;
      s.push_back({day.local_day[i], day.local_minute[i] / 60, kwh, !s.empty()});
    }
  });
  std::vector<ShapeStats> out;
  for (const auto& s : series) out.push_back(ComputeShapeStats(s));
  return out;
}

TEST(ShapeStats, SimulatedHomesResembleLowCarbonLondonHouseholds) {
  const std::vector<ShapeStats> lcl_all =
      LclHouseholds(DaysFromCivil(2013, 4, 1), DaysFromCivil(2013, 6, 1));
  ASSERT_EQ(lcl_all.size(), 8u) << "test/data/lcl should hold the eight LCL households";
  const ShapeStats lcl = MedianShapeStats(lcl_all);
  const ShapeStats sim = MedianShapeStats(SimHouseholds(DaysFromCivil(2026, 4, 1), 61, 100, false));
  const ShapeStats with_ac =
      MedianShapeStats(SimHouseholds(DaysFromCivil(2026, 4, 1), 61, 100, true));

  std::printf("April-May, median household   LCL   sim no-HVAC   sim default (AC)\n");
  auto row = [&](const char* name, double ShapeStats::*f) {
    std::printf("%-26s %8.3f %13.3f %18.3f\n", name, lcl.*f, sim.*f, with_ac.*f);
  };
  row("mean kWh/hh", &ShapeStats::mean_kwh);
  row("night kWh/hh", &ShapeStats::night_kwh);
  row("evening kWh/hh", &ShapeStats::evening_kwh);
  row("evening/night", &ShapeStats::evening_to_night);
  row("|step|/mean", &ShapeStats::step_rel);
  row("night |step|/mean", &ShapeStats::night_step_rel);
  row("eve |step|/mean", &ShapeStats::evening_step_rel);
  row("lag-1 autocorr", &ShapeStats::lag1_autocorr);
  row("cv", &ShapeStats::cv);
  row("day min/mean", &ShapeStats::base_to_mean);
  row("p99/mean", &ShapeStats::p99_to_mean);

  auto within = [](double sim_value, double lcl_value, double lo, double hi) {
    return sim_value >= lo * lcl_value && sim_value <= hi * lcl_value;
  };
  EXPECT_TRUE(within(sim.evening_to_night, lcl.evening_to_night, 0.7, 2.0)) << sim.evening_to_night;
  EXPECT_TRUE(within(sim.step_rel, lcl.step_rel, 0.6, 1.5)) << sim.step_rel;
  EXPECT_TRUE(within(sim.night_step_rel, lcl.night_step_rel, 0.5, 2.0)) << sim.night_step_rel;
  EXPECT_TRUE(within(sim.evening_step_rel, lcl.evening_step_rel, 0.6, 1.7)) << sim.evening_step_rel;
  EXPECT_LT(sim.night_step_rel * 2, sim.evening_step_rel);  // quiet nights, busy evenings
  EXPECT_TRUE(within(sim.cv, lcl.cv, 0.6, 1.5)) << sim.cv;
  EXPECT_TRUE(within(sim.base_to_mean, lcl.base_to_mean, 0.5, 2.0)) << sim.base_to_mean;
  EXPECT_TRUE(within(sim.p99_to_mean, lcl.p99_to_mean, 0.6, 1.6)) << sim.p99_to_mean;
  EXPECT_GT(sim.lag1_autocorr, 0.2);
  EXPECT_LT(sim.lag1_autocorr, 0.85);
}

}  // namespace
}  // namespace gridline::sim
