// Tests of the load series type: validation bounds, presence, grid arithmetic, the kW conversion
// of DOMAIN.md section 7 (kW = Wh x 3600 / interval_s / 1000), and sums of series.
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

}  // namespace
}  // namespace gridline::analytics
