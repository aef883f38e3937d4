// Tests of peak, minimum, energy, average, load factor (docs/domain.md section 3: LF = E / (P_max x
// T), T over present intervals only) and the load duration curve (demands sorted descending
// against % of time, x of the k-th largest of n = 100 k / n, downsampled by rank with the peak and
// minimum kept). Each case writes out its arithmetic; 15-minute intervals unless stated, so
// kW = 4 x kWh = Wh / 250.
#include "analytics/demand_stats.h"

#include "analytics/test_series.h"
#include "gtest/gtest.h"

namespace gridline::analytics {
namespace {

TEST(AnalyticsPeak, FindsPeakAndMinimumEarliestOnTies) {
  // Wh:  250  1000  500  1000  -   125
  // kW:  1.0  4.0   2.0  4.0   -   0.5
  const LoadSeries s = MakeSeries({250, 1000, 500, 1000, kMissing, 125});
  const std::optional<PeakAndMinimum> pm = FindPeakAndMinimum(s);
  ASSERT_TRUE(pm.has_value());
  EXPECT_EQ(pm->peak.kw, 4.0);
  EXPECT_EQ(pm->peak.wh, 1000);
  EXPECT_EQ(pm->peak.index, 1u);  // index 3 ties; the first wins
  EXPECT_EQ(pm->peak.start_s, kT0 + 900);
  EXPECT_EQ(pm->minimum.kw, 0.5);
  EXPECT_EQ(pm->minimum.start_s, kT0 + 5 * 900);  // the gap at index 4 is not a zero

  const std::optional<PeakAndMinimum> flat = FindPeakAndMinimum(MakeSeries({kMissing, 7, 7, 7}));
  ASSERT_TRUE(flat.has_value());
  EXPECT_EQ(flat->peak.index, 1u);
  EXPECT_EQ(flat->minimum.index, 1u);
}

TEST(AnalyticsPeak, EnergyAndAverage) {
  // E = 250 + 1000 + 500 + 1000 + 125 = 2875 Wh over 5 present intervals (1.25 h):
  // average = 2.875 kWh / 1.25 h = 2.3 kW.
  const LoadSeries s = MakeSeries({250, 1000, 500, 1000, kMissing, 125});
  EXPECT_EQ(TotalEnergyWh(s), 2875);
  ASSERT_TRUE(AverageDemandKw(s).has_value());
  EXPECT_DOUBLE_EQ(*AverageDemandKw(s), 2.3);
}

TEST(AnalyticsPeak, OtherIntervalLengths) {
  // Hourly: 1500 Wh = 1.5 kW. 5-minute: 100 Wh x 12 per hour = 1.2 kW.
  EXPECT_EQ(FindPeakAndMinimum(MakeSeries({1500, 900}, 3600))->peak.kw, 1.5);
  EXPECT_DOUBLE_EQ(FindPeakAndMinimum(MakeSeries({100, 50}, 300))->peak.kw, 1.2);
}

TEST(AnalyticsPeak, NetLoadWithExport) {
  // Wh: -2000 500 -500 1000 -> kW: -8 2 -2 4. The series is taken as given: the peak is the
  // largest net import (4 kW), the minimum the largest export (-8 kW).
  const LoadSeries s = MakeSeries({-2000, 500, -500, 1000});
  const std::optional<PeakAndMinimum> pm = FindPeakAndMinimum(s);
  ASSERT_TRUE(pm.has_value());
  EXPECT_EQ(pm->peak.kw, 4.0);
  EXPECT_EQ(pm->peak.start_s, kT0 + 3 * 900);
  EXPECT_EQ(pm->minimum.kw, -8.0);
  EXPECT_EQ(pm->minimum.start_s, kT0);
  EXPECT_EQ(TotalEnergyWh(s), -1000);
}

TEST(AnalyticsPeak, NothingPresentGivesNoPeak) {
  EXPECT_FALSE(FindPeakAndMinimum(MakeSeries({})).has_value());
  EXPECT_FALSE(FindPeakAndMinimum(MakeSeries({kMissing, kMissing})).has_value());
  EXPECT_EQ(TotalEnergyWh(MakeSeries({kMissing})), 0);
  EXPECT_FALSE(AverageDemandKw(MakeSeries({kMissing})).has_value());
}

TEST(AnalyticsLoadFactor, HandComputed) {
  // E = 2875 Wh, P_max = 4 kW, T = 5 x 0.25 h = 1.25 h:
  // LF = 2.875 / (4 x 1.25) = 0.575 (= average / peak = 2.3 / 4).
  const std::optional<double> lf = LoadFactor(MakeSeries({250, 1000, 500, 1000, kMissing, 125}));
  ASSERT_TRUE(lf.has_value());
  EXPECT_DOUBLE_EQ(*lf, 0.575);

  // A flat load has LF 1; one spike among 95 zero intervals has LF 1/96.
  EXPECT_EQ(*LoadFactor(MakeSeries({300, 300, 300})), 1.0);
  std::vector<std::optional<int64_t>> day(96, 0);
  day[70] = 2000;
  EXPECT_DOUBLE_EQ(*LoadFactor(MakeSeries(day)), 1.0 / 96.0);
}

TEST(AnalyticsLoadFactor, GapsDoNotDilute) {
  // T counts present intervals only: E = 2000 Wh, P_max = 4 kW, T = 2 x 0.25 h: LF = 2 / 2 = 1.
  // Counting the two gaps as time would give 0.5 and read missing data as idle load.
  EXPECT_EQ(*LoadFactor(MakeSeries({1000, kMissing, kMissing, 1000})), 1.0);
}

TEST(AnalyticsLoadFactor, SingleInterval) {
  // 400 Wh in one quarter hour: P_max = 1.6 kW, E = 0.4 kWh, T = 0.25 h: LF = 0.4 / 0.4 = 1.
  EXPECT_EQ(*LoadFactor(MakeSeries({400})), 1.0);
}

TEST(AnalyticsLoadFactor, UndefinedIsAbsentNotNan) {
  EXPECT_FALSE(LoadFactor(MakeSeries({})).has_value());
  EXPECT_FALSE(LoadFactor(MakeSeries({kMissing, kMissing})).has_value());
  EXPECT_FALSE(LoadFactor(MakeSeries({0, 0, 0})).has_value());     // P_max = 0
  EXPECT_FALSE(LoadFactor(MakeSeries({-100, -200})).has_value());  // export only: P_max < 0
}

TEST(AnalyticsLoadFactor, NetSeriesCanGoNegative) {
  // Wh: -2000 500 -500 1000: E = -1000 Wh, P_max x T = 1000 Wh x 4: LF = -0.25. Still <= 1.
  EXPECT_EQ(*LoadFactor(MakeSeries({-2000, 500, -500, 1000})), -0.25);
}

TEST(AnalyticsLoadFactor, ExtremeValuesStayFinite) {
  // The largest allowed values over many intervals: sums stay exact in int64 (2^40 x 2^12).
  std::vector<std::optional<int64_t>> v(4096, kMaxAbsIntervalWh);
  v[0] = 0;
  // E = 4095 x 2^40, P_max x T = 2^40 x 4096: LF = 4095 / 4096.
  EXPECT_EQ(*LoadFactor(MakeSeries(v)), 4095.0 / 4096.0);
}

std::vector<std::pair<double, double>> Points(const std::vector<LdcPoint>& curve) {
  std::vector<std::pair<double, double>> out;
  for (const LdcPoint& p : curve) out.emplace_back(p.percent_of_time, p.kw);
  return out;
}

using PointList = std::vector<std::pair<double, double>>;

TEST(AnalyticsLoadDurationCurve, SortsPresentIntervals) {
  // Wh 250 1000 500 - 750 -> present kW sorted: 4 3 2 1 at 1/4, 2/4, 3/4, 4/4 of the time.
  const absl::StatusOr<std::vector<LdcPoint>> curve =
      LoadDurationCurve(MakeSeries({250, 1000, 500, kMissing, 750}));
  ASSERT_TRUE(curve.ok());
  EXPECT_EQ(Points(*curve), (PointList{{25, 4}, {50, 3}, {75, 2}, {100, 1}}));
}

TEST(AnalyticsLoadDurationCurve, DownsamplesByRankKeepingPeakAndMinimum) {
  // 10 values 1..10 kW (250 k Wh). Ranks 1..10 at 10 %, 20 %, ..., 100 %.
  std::vector<std::optional<int64_t>> wh;
  for (int k = 1; k <= 10; ++k) wh.push_back(250 * k);
  const LoadSeries s = MakeSeries(wh);
  // 4 points: indexes round(j x 9 / 3) = 0, 3, 6, 9 -> 10, 7, 4, 1 kW at 10, 40, 70, 100 %.
  EXPECT_EQ(Points(*LoadDurationCurve(s, 4)), (PointList{{10, 10}, {40, 7}, {70, 4}, {100, 1}}));
  // 3 points: round(j x 9 / 2) = 0, 5 (4.5 up), 9 -> 10, 5, 1 kW at 10, 60, 100 %.
  EXPECT_EQ(Points(*LoadDurationCurve(s, 3)), (PointList{{10, 10}, {60, 5}, {100, 1}}));
  // 2 points: the peak and the minimum.
  EXPECT_EQ(Points(*LoadDurationCurve(s, 2)), (PointList{{10, 10}, {100, 1}}));
  // More points than values: the whole curve.
  EXPECT_EQ(LoadDurationCurve(s, 1000)->size(), 10u);
}

TEST(AnalyticsLoadDurationCurve, YearOfQuarterHoursFitsThePointBudget) {
  // 35,040 intervals, demand = index mod 97 (a sawtooth): 100 points, first = max, last = min.
  std::vector<std::optional<int64_t>> wh(35040);
  for (size_t i = 0; i < wh.size(); ++i) wh[i] = static_cast<int64_t>(i % 97) * 250;
  const std::vector<LdcPoint> curve = *LoadDurationCurve(MakeSeries(wh), 100);
  ASSERT_EQ(curve.size(), 100u);
  EXPECT_EQ(curve.front().kw, 96.0);
  EXPECT_DOUBLE_EQ(curve.front().percent_of_time, 100.0 / 35040.0);
  EXPECT_EQ(curve.back().kw, 0.0);
  EXPECT_EQ(curve.back().percent_of_time, 100.0);
  for (size_t j = 1; j < curve.size(); ++j) {
    EXPECT_LE(curve[j].kw, curve[j - 1].kw);
    EXPECT_GT(curve[j].percent_of_time, curve[j - 1].percent_of_time);
  }
}

TEST(AnalyticsLoadDurationCurve, EdgeCases) {
  EXPECT_TRUE(LoadDurationCurve(MakeSeries({}))->empty());
  EXPECT_TRUE(LoadDurationCurve(MakeSeries({kMissing, kMissing}))->empty());
  // One interval: a single point at 100 % of the time.
  EXPECT_EQ(Points(*LoadDurationCurve(MakeSeries({500}))), (PointList{{100, 2}}));
  // Export sorts below zero: -8, 0, 2 kW.
  EXPECT_EQ(Points(*LoadDurationCurve(MakeSeries({0, -2000, 500}))),
            (PointList{{100.0 / 3, 2}, {200.0 / 3, 0}, {100, -8}}));
  const absl::StatusOr<std::vector<LdcPoint>> one = LoadDurationCurve(MakeSeries({1, 2}), 1);
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(one.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(LoadDurationCurve(MakeSeries({1, 2}), 0).ok());
}

}  // namespace
}  // namespace gridline::analytics
