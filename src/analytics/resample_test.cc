// Tests of resampling to coarser UTC steps: sums of whole fine intervals, partial steps (at the
// edges or with a gap inside) never summed.
#include "analytics/resample.h"

#include "analytics/test_series.h"
#include "gtest/gtest.h"

namespace gridline::analytics {
namespace {

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
