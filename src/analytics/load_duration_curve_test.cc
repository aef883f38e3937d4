// Tests of the load duration curve (DOMAIN.md section 7): demands sorted descending against % of
// time, x of the k-th largest of n = 100 k / n, downsampled by rank with the peak and minimum kept.
// 15-minute intervals: kW = Wh / 250.
#include "analytics/load_duration_curve.h"

#include "analytics/test_series.h"
#include "gtest/gtest.h"

namespace gridline::analytics {
namespace {

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
