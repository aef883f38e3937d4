// Tests of loading against a rating (docs/domain.md section 3: loading % = 100 x kVA / kVA_rated,
// kVA = kW / PF; feeders from an ampere rating, three-phase kVA = sqrt(3) x V_LL x A / 1000):
// per-interval %, peak %, hours over 80 % and 100 % (strictly above), the longest run over 100 %.
// 15-minute intervals: kW = Wh / 250, each interval is 0.25 h.
#include "analytics/loading.h"

#include <cmath>
#include <limits>

#include "analytics/test_series.h"
#include "gtest/gtest.h"

namespace gridline::analytics {
namespace {

TEST(AnalyticsLoading, AmpereRatingToKva) {
  // 240 V single-phase service, 200 A: 240 x 200 / 1000 = 48 kVA.
  EXPECT_EQ(*AmpereRatingToKva(200, 240, 1), 48.0);
  // 12.47 kV three-phase feeder, 600 A: 1.7320508 x 12470 x 600 / 1000 = 12959.2 kVA.
  EXPECT_NEAR(*AmpereRatingToKva(600, 12470, 3), 12959.2, 0.05);
  // 400 V three-phase, 1000 A: 692.8 kVA.
  EXPECT_NEAR(*AmpereRatingToKva(1000, 400, 3), 692.82, 0.005);
  EXPECT_FALSE(AmpereRatingToKva(600, 12470, 2).ok());
  EXPECT_FALSE(AmpereRatingToKva(0, 240, 1).ok());
  EXPECT_FALSE(AmpereRatingToKva(-5, 240, 1).ok());
  EXPECT_FALSE(AmpereRatingToKva(std::nan(""), 240, 1).ok());
  EXPECT_FALSE(AmpereRatingToKva(100, std::numeric_limits<double>::infinity(), 3).ok());
  EXPECT_FALSE(AmpereRatingToKva(1e300, 1e300, 3).ok());  // beyond 1e9 kVA
}

TEST(AnalyticsLoading, PerIntervalPercent) {
  // 50 kVA transformer, PF 1. Wh 10000 12500 13000 - 11250 -13750
  //                        kW   40     50     52   -   45    -55
  //                        %    80    100    104   -   90    110 (reverse flow loads it too)
  const LoadSeries s = MakeSeries({10000, 12500, 13000, kMissing, 11250, -13750});
  const std::vector<std::optional<double>> pct = *LoadingPercent(s, {50.0, 1.0});
  ASSERT_EQ(pct.size(), 6u);
  EXPECT_EQ(pct[0], 80.0);
  EXPECT_EQ(pct[1], 100.0);
  EXPECT_EQ(pct[2], 104.0);
  EXPECT_FALSE(pct[3].has_value());
  EXPECT_EQ(pct[4], 90.0);
  EXPECT_EQ(pct[5], 110.0);
}

TEST(AnalyticsLoading, SummaryHandComputed) {
  // Same series and rating. Over 80 % (strictly): 100, 104, 90, 110 -> 4 x 0.25 h = 1 h.
  // Over 100 %: 104, 110 -> 0.5 h. Runs over 100 %: index 2 alone (index 3 is missing and
  // ends it), index 5 alone: the longest is 0.25 h, the earliest at 00:30.
  const LoadSeries s = MakeSeries({10000, 12500, 13000, kMissing, 11250, -13750});
  const LoadingSummary l = *SummarizeLoading(s, {50.0, 1.0});
  EXPECT_EQ(l.rating_kva, 50.0);
  EXPECT_EQ(l.interval_s, 900);
  EXPECT_EQ(l.hours_with_data, 1.25);
  EXPECT_EQ(l.peak_loading_pct, 110.0);
  EXPECT_EQ(l.peak_loading_start_s, kT0 + 5 * 900);
  EXPECT_EQ(l.hours_over_80, 1.0);
  EXPECT_EQ(l.hours_over_100, 0.5);
  EXPECT_EQ(l.longest_over_100_hours, 0.25);
  EXPECT_EQ(l.longest_over_100_start_s, kT0 + 2 * 900);
}

TEST(AnalyticsLoading, PowerFactorRaisesLoading) {
  // PF 0.8: kVA = kW / 0.8 = 50, 62.5, 65, -, 56.25, 68.75 -> 100, 125, 130, -, 112.5, 137.5 %.
  // Over 80: all 5 -> 1.25 h. Over 100: 4 -> 1 h. Runs over 100: indexes 1-2 and 4-5, both
  // 0.5 h: the earliest (00:15) is reported. Peak 137.5 %.
  const LoadSeries s = MakeSeries({10000, 12500, 13000, kMissing, 11250, -13750});
  const LoadingSummary l = *SummarizeLoading(s, {50.0, 0.8});
  EXPECT_DOUBLE_EQ(*l.peak_loading_pct, 137.5);
  EXPECT_EQ(l.hours_over_80, 1.25);
  EXPECT_EQ(l.hours_over_100, 1.0);
  EXPECT_EQ(l.longest_over_100_hours, 0.5);
  EXPECT_EQ(l.longest_over_100_start_s, kT0 + 900);
}

TEST(AnalyticsLoading, LongestRunOverRating) {
  // 4 kVA rating: 1000 Wh = 4 kW = 100 % (not over). Over: indexes 0-2 (run of 3), 4 (1),
  // 6-9 (run of 4). Over 100 %: 8 x 0.25 = 2 h; longest run 4 x 0.25 = 1 h from 01:30.
  const LoadSeries s =
      MakeSeries({1100, 1200, 1300, 900, 1100, kMissing, 1500, 1500, 1500, 1500, 1000});
  const LoadingSummary l = *SummarizeLoading(s, {4.0, 1.0});
  EXPECT_EQ(l.hours_over_100, 2.0);
  EXPECT_EQ(l.hours_over_80, 2.5);  // 10 intervals: 900 Wh = 90 % and 1000 Wh = 100 % count too
  EXPECT_EQ(l.longest_over_100_hours, 1.0);
  EXPECT_EQ(l.longest_over_100_start_s, kT0 + 6 * 900);
  EXPECT_EQ(l.peak_loading_pct, 150.0);
  EXPECT_EQ(l.peak_loading_start_s, kT0 + 6 * 900);  // first of the four equal peaks
}

TEST(AnalyticsLoading, HourlyResolutionSmoothsShortPeaks) {
  // 4 kVA rating. Quarter hours: 1500 500 1500 500 | 1000 x 4 Wh = 150 50 150 50 | 100 x 4 %.
  // At 15 min: over 100 % = 2 x 0.25 = 0.5 h; over 80 % = those 2 + the four 100 % = 1.5 h.
  // Hourly sums: 4000 Wh = 4 kW = 100 % in both hours: nothing over 100, 2 h over 80.
  const LoadSeries s = MakeSeries({1500, 500, 1500, 500, 1000, 1000, 1000, 1000});
  const LoadingSummary quarter = *SummarizeLoading(s, {4.0, 1.0});
  EXPECT_EQ(quarter.hours_over_100, 0.5);
  EXPECT_EQ(quarter.hours_over_80, 1.5);
  const LoadingSummary hourly = *SummarizeLoading(*ToHourly(s), {4.0, 1.0});
  EXPECT_EQ(hourly.interval_s, 3600);
  EXPECT_EQ(hourly.hours_over_100, 0.0);
  EXPECT_EQ(hourly.hours_over_80, 2.0);
  EXPECT_EQ(hourly.peak_loading_pct, 100.0);
}

TEST(AnalyticsLoading, EmptyAndMissing) {
  const LoadingSummary l = *SummarizeLoading(MakeSeries({kMissing, kMissing}), {10.0, 1.0});
  EXPECT_FALSE(l.peak_loading_pct.has_value());
  EXPECT_FALSE(l.longest_over_100_start_s.has_value());
  EXPECT_EQ(l.hours_with_data, 0.0);
  EXPECT_EQ(l.hours_over_80, 0.0);
  EXPECT_EQ(l.longest_over_100_hours, 0.0);
  // Zero load: 0 %.
  EXPECT_EQ(SummarizeLoading(MakeSeries({0}), {10.0, 1.0})->peak_loading_pct, 0.0);
}

TEST(AnalyticsLoading, RejectsBadRatingsAndPowerFactors) {
  const LoadSeries s = MakeSeries({100});
  const double nan = std::nan("");
  const double inf = std::numeric_limits<double>::infinity();
  for (const LoadingOptions& bad :
       {LoadingOptions{0, 1}, LoadingOptions{-50, 1}, LoadingOptions{nan, 1},
        LoadingOptions{inf, 1}, LoadingOptions{1e10, 1}, LoadingOptions{50, 0},
        LoadingOptions{50, -0.9}, LoadingOptions{50, 1.2}, LoadingOptions{50, nan},
        LoadingOptions{50, 0.001}}) {
    const absl::StatusOr<LoadingSummary> r = SummarizeLoading(s, bad);
    ASSERT_FALSE(r.ok()) << bad.rating_kva << " " << bad.power_factor;
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_FALSE(LoadingPercent(s, bad).ok());
  }
}

TEST(AnalyticsLoading, ExtremesStayFinite) {
  // The largest Wh against the smallest rating and PF: large but finite.
  const LoadSeries s = MakeSeries({kMaxAbsIntervalWh, -kMaxAbsIntervalWh}, 1);
  const LoadingSummary l = *SummarizeLoading(s, {kMinRatingKva, kMinPowerFactor});
  ASSERT_TRUE(l.peak_loading_pct.has_value());
  EXPECT_TRUE(std::isfinite(*l.peak_loading_pct));
}

}  // namespace
}  // namespace gridline::analytics
