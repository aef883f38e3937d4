#include "sim/weather.h"

#include <algorithm>

#include "common/time.h"
#include "gtest/gtest.h"
#include "sim/solar.h"

namespace gridline::sim {
namespace {

double MeanTemp(const Weather& w, int days) {
  double sum = 0;
  for (int d = 0; d < days; ++d) {
    for (int s = 0; s < kSlotsPerDay; ++s) sum += w.Day(d).temp_c[s];
  }
  return sum / (days * kSlotsPerDay);
}

TEST(Weather, SeasonsAndDiurnalCycle) {
  const Weather july(7, DaysFromCivil(2026, 7, 1), 31, TownOptions());
  const Weather january(7, DaysFromCivil(2026, 1, 1), 31, TownOptions());
  EXPECT_GT(MeanTemp(july, 31), 20.0);
  EXPECT_LT(MeanTemp(july, 31), 30.0);
  EXPECT_GT(MeanTemp(january, 31), 3.0);
  EXPECT_LT(MeanTemp(january, 31), 13.0);
  // Afternoon (15:00 local = 22:00 UTC in July) is warmer than dawn (05:00 local = 12:00 UTC).
  double afternoon = 0, dawn = 0;
  for (int d = 0; d < 31; ++d) {
    afternoon += july.Day(d).temp_c[22 * 4];
    dawn += july.Day(d).temp_c[12 * 4];
  }
  EXPECT_GT(afternoon / 31, dawn / 31 + 8.0);
}

TEST(Weather, FrontsMoveTheDailyMean) {
  const Weather w(11, DaysFromCivil(2026, 7, 1), 60, TownOptions());
  double lo = 1e9, hi = -1e9;
  for (int d = 0; d < 60; ++d) {
    double sum = 0;
    for (int s = 0; s < kSlotsPerDay; ++s) sum += w.Day(d).temp_c[s];
    lo = std::min(lo, sum / kSlotsPerDay);
    hi = std::max(hi, sum / kSlotsPerDay);
  }
  EXPECT_GT(hi - lo, 4.0);  // multi-day swings, not one repeated day
}

TEST(Weather, SunAndLocalClock) {
  const Weather w(1, DaysFromCivil(2026, 6, 21), 1, TownOptions());
  const DayConditions& day = w.Day(0);
  // Solar noon at 121.5 W is about 20:06 UTC: the sun is high and to the south.
  const int noon = 20 * 4;
  EXPECT_GT(day.sun_up[noon], 0.95);
  EXPECT_LT(day.sun_north[noon], 0.0);
  EXPECT_GT(day.ghi_clear_w_m2[noon], 900.0);
  // 08:00 UTC is 01:00 PDT: night.
  EXPECT_LT(day.sun_up[8 * 4], 0.0);
  EXPECT_EQ(day.ghi_clear_w_m2[8 * 4], 0.0f);
  EXPECT_FLOAT_EQ(day.darkness[8 * 4], 1.0f);
  EXPECT_EQ(day.local_minute[0], 17 * 60);  // 00:00 UTC = 17:00 PDT of the day before
  EXPECT_EQ(day.local_day[0], DaysFromCivil(2026, 6, 20));
}

TEST(Solar, OutputFollowsTheSun) {
  const Weather w(1, DaysFromCivil(2026, 6, 21), 1, TownOptions());
  PvSystem sys;
  sys.dc_kw = 6;
  const PvArray pv(sys);
  double noon_w = 0;
  for (int s = 19 * 4; s < 21 * 4; ++s) noon_w = std::max(noon_w, pv.Watts(w.Day(0), s, 1.0));
  EXPECT_GT(noon_w, 2000.0);
  EXPECT_LE(noon_w, 6000.0 * sys.inverter_ratio);
  EXPECT_EQ(pv.Watts(w.Day(0), 8 * 4, 1.0), 0.0);
}

}  // namespace
}  // namespace gridline::sim
