// Tests of the load series type: validation bounds, presence, grid arithmetic, the kW conversion
// of docs/domain.md section 3 (kW = Wh x 3600 / interval_s / 1000), sums of series, and resampling
// to coarser UTC steps (sums of whole fine intervals; partial steps, at the edges or with a gap
// inside, never summed).
#include "analytics/load_series.h"

#include "analytics/test_series.h"
#include "gtest/gtest.h"

namespace gridline::analytics {
namespace {

TEST(AnalyticsLoadSeries, ConvertsWhToKwExactly) {
  // 15 min: 250 Wh x 3600 / 900 / 1000 = 1.0 kW (kW = 4 x kWh).
  EXPECT_EQ(WhToKw(250, 900), 1.0);
  // 5 min: 100 Wh x 3600 / 300 / 1000 = 1.2 kW.
  EXPECT_DOUBLE_EQ(WhToKw(100, 300), 1.2);
  // 1 h: 1500 Wh = 1.5 kW; 30 min: 1500 Wh = 3.0 kW.
  EXPECT_EQ(WhToKw(1500, 3600), 1.5);
  EXPECT_EQ(WhToKw(1500, 1800), 3.0);
  // Export is negative demand: -2000 Wh in 15 min = -8 kW.
  EXPECT_EQ(WhToKw(-2000, 900), -8.0);
  // The bound converts exactly: 2^40 x 3600 < 2^52.
  EXPECT_EQ(WhToKw(kMaxAbsIntervalWh, 3600), static_cast<double>(kMaxAbsIntervalWh) / 1000.0);
}

TEST(AnalyticsLoadSeries, KeepsPresenceAndGrid) {
  const LoadSeries s = MakeSeries({100, kMissing, 0, kMissing, -50});
  EXPECT_EQ(s.size(), 5u);
  EXPECT_EQ(s.present_count(), 3u);  // 0 is a reading, a gap is not
  EXPECT_FALSE(s[1].has_value());
  EXPECT_EQ(*s[2], 0);
  EXPECT_EQ(s.IntervalStart(4), kT0 + 4 * 900);
  EXPECT_EQ(s.end_s(), kT0 + 5 * 900);
  EXPECT_TRUE(s.SameGrid(MakeSeries({1, 2, 3, 4, 5})));
  EXPECT_FALSE(s.SameGrid(MakeSeries({1, 2, 3, 4})));
  EXPECT_FALSE(s.SameGrid(MakeSeries({1, 2, 3, 4, 5}, 900, kT0 + 900)));
  EXPECT_FALSE(s.SameGrid(MakeSeries({1, 2, 3, 4, 5}, 300)));
}

TEST(AnalyticsLoadSeries, AcceptsEmptyAndAllMissing) {
  const LoadSeries empty = MakeSeries({});
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_EQ(empty.end_s(), kT0);
  const LoadSeries gaps = MakeSeries({kMissing, kMissing});
  EXPECT_EQ(gaps.present_count(), 0u);
}

TEST(AnalyticsLoadSeries, RejectsBadGridsAndValues) {
  EXPECT_FALSE(LoadSeries::Create(kT0, 0, {1}).ok());
  EXPECT_FALSE(LoadSeries::Create(kT0, -900, {1}).ok());
  EXPECT_FALSE(LoadSeries::Create(kT0, 86401, {1}).ok());
  EXPECT_TRUE(LoadSeries::Create(kT0, 86400, {1}).ok());
  EXPECT_FALSE(LoadSeries::Create(int64_t{1} << 51, 900, {1}).ok());
  EXPECT_TRUE(LoadSeries::Create(kT0, 900, {kMaxAbsIntervalWh, -kMaxAbsIntervalWh}).ok());
  const absl::StatusOr<LoadSeries> big = LoadSeries::Create(kT0, 900, {1, kMaxAbsIntervalWh + 1});
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(big.status().message().find("2026-07-01T00:15:00Z"), std::string::npos);
  EXPECT_FALSE(LoadSeries::Create(kT0, 900, {-kMaxAbsIntervalWh - 1}).ok());
  std::vector<std::optional<int64_t>> too_long(kMaxIntervals + 1);
  EXPECT_FALSE(LoadSeries::Create(kT0, 900, std::move(too_long)).ok());
}

TEST(AnalyticsLoadSeries, SumsOnlyCompleteIntervals) {
  const LoadSeries a = MakeSeries({100, 200, kMissing, 400});
  const LoadSeries b = MakeSeries({10, -20, 30, kMissing});
  const LoadSeries c = MakeSeries({1, 2, 3, 4});
  absl::StatusOr<LoadSeries> sum = SumSeries({&a, &b, &c});
  ASSERT_TRUE(sum.ok()) << sum.status();
  // 100+10+1 = 111; 200-20+2 = 182; a missing; b missing.
  EXPECT_EQ(sum->energy_wh(), (std::vector<std::optional<int64_t>>{111, 182, kMissing, kMissing}));
  EXPECT_TRUE(sum->SameGrid(a));
}

TEST(AnalyticsLoadSeries, SumRejectsMismatchedParts) {
  const LoadSeries a = MakeSeries({1, 2});
  const LoadSeries shifted = MakeSeries({1, 2}, 900, kT0 + 900);
  EXPECT_FALSE(SumSeries({}).ok());
  EXPECT_FALSE(SumSeries({&a, nullptr}).ok());
  EXPECT_FALSE(SumSeries({&a, &shifted}).ok());
  const LoadSeries top = MakeSeries({kMaxAbsIntervalWh});
  const LoadSeries one = MakeSeries({1});
  EXPECT_FALSE(SumSeries({&top, &one}).ok());
}

using Values = std::vector<std::optional<int64_t>>;

TEST(AnalyticsResample, QuarterHoursToHours) {
  // 00:00-02:00: hour 1 = 100+200+300+400 = 1000 Wh, hour 2 = 4 x 250 = 1000 Wh.
  const LoadSeries s = MakeSeries({100, 200, 300, 400, 250, 250, 250, 250});
  const LoadSeries h = *ToHourly(s);
  EXPECT_EQ(h.start_s(), kT0);
  EXPECT_EQ(h.interval_s(), 3600);
  EXPECT_EQ(h.energy_wh(), (Values{1000, 1000}));
}

TEST(AnalyticsResample, DropsPartialHoursAtTheEdges) {
  // 13 quarter hours from 00:15 to 03:30: only 01:00-02:00 and 02:00-03:00 are whole.
  // Indexes 3..6 (01:00-01:45) = 4+5+6+7 = 22, indexes 7..10 = 8+9+10+11 = 38.
  const LoadSeries s = MakeSeries({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13}, 900, kT0 + 900);
  const LoadSeries h = *ToHourly(s);
  EXPECT_EQ(h.start_s(), kT0 + 3600);
  EXPECT_EQ(h.energy_wh(), (Values{22, 38}));
}

TEST(AnalyticsResample, GapMakesTheHourMissing) {
  // The second hour lacks 01:30: missing, not 3 x 250 = 750 Wh (a low hour that never was).
  const LoadSeries s = MakeSeries({100, 100, 100, 100, 250, 250, kMissing, 250});
  EXPECT_EQ(ToHourly(s)->energy_wh(), (Values{400, kMissing}));
  EXPECT_EQ(ToHourly(s)->present_count(), 1u);
}

TEST(AnalyticsResample, OtherSteps) {
  // 5-minute to 30-minute: 6 intervals each. 12 x 10 Wh -> 60, 60.
  const LoadSeries five = MakeSeries(Values(12, 10), 300);
  EXPECT_EQ(Resample(five, 1800)->energy_wh(), (Values{60, 60}));
  // Same step: the series unchanged.
  const LoadSeries s = MakeSeries({1, kMissing, 3});
  EXPECT_EQ(Resample(s, 900)->energy_wh(), s.energy_wh());
  // Hours to a day: 24 x 1000 Wh; negative values sum as they are.
  Values day(24, 1000);
  day[12] = -500;
  EXPECT_EQ(Resample(MakeSeries(day, 3600), 86400)->energy_wh(), (Values{22500}));
}

TEST(AnalyticsResample, ShortSeriesGivesNoStep) {
  // 00:15-00:45 holds no whole hour: an empty series starting at the next hour.
  const LoadSeries h = *ToHourly(MakeSeries({1, 2}, 900, kT0 + 900));
  EXPECT_EQ(h.size(), 0u);
  EXPECT_EQ(h.start_s(), kT0 + 3600);
  EXPECT_EQ(ToHourly(MakeSeries({}))->size(), 0u);
}

TEST(AnalyticsResample, BeforeTheEpoch) {
  // Starting at 1969-12-31T22:45Z (-4500 s), 10 quarter hours to 01:15: hours 23:00 and 00:00.
  const LoadSeries s = MakeSeries({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 900, -4500);
  const LoadSeries h = *ToHourly(s);
  EXPECT_EQ(h.start_s(), -3600);
  EXPECT_EQ(h.energy_wh(), (Values{2 + 3 + 4 + 5, 6 + 7 + 8 + 9}));
}

TEST(AnalyticsResample, RejectsStepsThatCutIntervals) {
  EXPECT_FALSE(Resample(MakeSeries({1, 2}), 1000).ok());  // not a multiple of 900
  EXPECT_FALSE(Resample(MakeSeries({1, 2}), 0).ok());
  EXPECT_FALSE(Resample(MakeSeries({1, 2}, 86400), 2 * 86400).ok());
  EXPECT_FALSE(ToHourly(MakeSeries({1, 2}, 7200)).ok());            // coarser than an hour
  EXPECT_FALSE(ToHourly(MakeSeries({1, 2}, 900, kT0 + 100)).ok());  // off its own grid
}

}  // namespace
}  // namespace gridline::analytics
