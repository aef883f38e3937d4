// estimator_test.cc: the estimation methods on hand-computed small series (DST days, holidays,
// missing edges, gaps at the ends, a gap too long), and the default against the MDMA rule on
// held-out real households.
#include "vee/estimate/estimator.h"

#include <gtest/gtest.h>

#include "bench/vee_bench.h"
#include "vee/estimate/class_profile.h"
#include "vee/estimate/holiday_list.h"
#include "vee/estimate/like_day.h"
#include "vee/estimate/register_scale.h"

namespace gridline::vee {
namespace {

constexpr int64_t kHalfHour = 1800;

struct Fixture {
  std::vector<std::optional<int64_t>> values;
  TimeZone zone;
  HolidaySet holidays;
  EstimateInput Input(UnixSeconds start_s) const {
    EstimateInput in;
    in.start_s = start_s;
    in.interval_s = kHalfHour;
    in.values = values;
    in.zone = &zone;
    in.holidays = &holidays;
    return in;
  }
};

// 2013-01-07, a Monday, 00:00 UTC (London is on GMT in January).
constexpr UnixSeconds kMonday = 1357516800;

TEST(Linear, HandComputedBetweenEdges) {
  Fixture f;
  f.values = {100, std::nullopt, std::nullopt, 400};
  auto out = EstimateGap(f.Input(0), {1, 3}, EstimationMethod::kLinearInterpolation);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].value_wh, 200);
  EXPECT_EQ(out[1].value_wh, 300);
  EXPECT_EQ(out[0].method, EstimationMethod::kLinearInterpolation);
}

TEST(Linear, MissingEdgeOrSeriesStartLeavesMissing) {
  Fixture f;
  f.values = {std::nullopt, std::nullopt, 300};
  auto at_start = EstimateGap(f.Input(0), {0, 2}, EstimationMethod::kLinearInterpolation);
  EXPECT_FALSE(at_start[0].value_wh.has_value());
  f.values = {100, std::nullopt};
  auto at_end = EstimateGap(f.Input(0), {1, 2}, EstimationMethod::kLinearInterpolation);
  EXPECT_FALSE(at_end[0].value_wh.has_value());
}

// Three weeks of half-hours where slot s of day d holds d * 1000 + s.
Fixture Weeks(int days) {
  Fixture f;
  for (int d = 0; d < days; ++d) {
    for (int s = 0; s < 48; ++s) f.values.push_back(d * 1000 + s);
  }
  return f;
}

TEST(LikeDay, MeanOfThePreviousLikeDaysSameSlot) {
  Fixture f = Weeks(22);
  // Day 21 is a Monday: its like days are the weekdays 18, 17, 16 (Fri, Thu, Wed).
  const size_t slot = 21 * 48 + 10;
  auto out = EstimateGap(f.Input(kMonday), {slot, slot + 1}, EstimationMethod::kLikeDay);
  EXPECT_EQ(out[0].value_wh, (18000 + 17000 + 16000) / 3 + 10);
}

TEST(LikeDay, HolidayIsLikeASunday) {
  Fixture f = Weeks(22);
  // Day 21 (Monday 2013-01-28) declared a holiday: like days are the Sundays 20, 13, 6.
  f.holidays.insert(DaysFromCivil(2013, 1, 28));
  const size_t slot = 21 * 48 + 4;
  auto out = EstimateGap(f.Input(kMonday), {slot, slot + 1}, EstimationMethod::kLikeDay);
  EXPECT_EQ(out[0].value_wh, (20000 + 13000 + 6000) / 3 + 4);
  // And a weekday after it skips it: Tuesday 22's like days are 19, 18, 17, not 21.
  f.values.resize(23 * 48, 0);
  for (int s = 0; s < 48; ++s) f.values[22 * 48 + s] = 22000 + s;
  const size_t tue = 22 * 48 + 4;
  auto out2 = EstimateGap(f.Input(kMonday), {tue, tue + 1}, EstimationMethod::kLikeDay);
  EXPECT_EQ(out2[0].value_wh, (18000 + 17000 + 16000) / 3 + 4);
}

TEST(LikeDay, GapAtSeriesStartUsesTheDaysAfter) {
  Fixture f = Weeks(8);
  auto out = EstimateGap(f.Input(kMonday), {0, 2}, EstimationMethod::kLikeDay);
  // Monday day 0: the weekdays after it are 1, 2, 3.
  EXPECT_EQ(out[0].value_wh, (1000 + 2000 + 3000) / 3);
}

// EVIDENCE: DST — Europe/London 2013-10-27 has 50 half-hours; the repeated 01:00-02:00 hour
// takes the like days' one 01:00-02:00 hour on both passes.
TEST(LikeDay, FallBackDayHasFiftySlotsAndBothPassesMatch) {
  Fixture f;
  ASSERT_TRUE(TimeZone::Load("Europe/London").ok());
  f.zone = *TimeZone::Load("Europe/London");
  // From Sunday 2013-10-20 00:00 BST (23:00 UTC on the 19th) for 8 local days.
  const UnixSeconds start = 1382223600;
  const UnixSeconds fall_back_day = f.zone.LocalMidnightUtc(DaysFromCivil(2013, 10, 27));
  const UnixSeconds next = f.zone.LocalMidnightUtc(DaysFromCivil(2013, 10, 28));
  ASSERT_EQ((next - fall_back_day) / kHalfHour, 50);
  const size_t n = static_cast<size_t>((next - start) / kHalfHour) + 48;
  EstimateInput probe;
  for (size_t i = 0; i < n; ++i) {
    const int64_t local = f.zone.UtcToLocal(start + static_cast<int64_t>(i) * kHalfHour);
    f.values.push_back(local % kSecondsPerDay / kHalfHour);  // the local slot of the day
  }
  const size_t first = static_cast<size_t>((fall_back_day - start) / kHalfHour);
  // The day's 50 slots: local 01:00 is slot 2 and 4 (two passes).
  auto out = EstimateGap(f.Input(start), {first, first + 50}, EstimationMethod::kLikeDay);
  ASSERT_EQ(out.size(), 50u);
  EXPECT_EQ(out[2].value_wh, 2);
  EXPECT_EQ(out[4].value_wh, 2);
  EXPECT_EQ(out[49].value_wh, 47);
}

TEST(MdmaRule, InterpolatesUpToTwoHoursElseThreeLikeDays) {
  Fixture f = Weeks(22);
  const size_t s = 21 * 48 + 20;
  auto short_gap = EstimateGap(f.Input(kMonday), {s, s + 4}, EstimationMethod::kMdmaRule);
  // Edges 21019 and 21024: the line.
  EXPECT_EQ(short_gap[0].value_wh, 21020);
  EXPECT_EQ(short_gap[0].method, EstimationMethod::kMdmaRule);
  auto long_gap = EstimateGap(f.Input(kMonday), {s, s + 5}, EstimationMethod::kMdmaRule);
  EXPECT_EQ(long_gap[0].value_wh, 17000 + 20);
}

TEST(EdgeShape, MeetsTheEdgeLevelOnAShiftedDay) {
  // Every day has the same shape; the gap day is 500 Wh higher: the edges lift the shape.
  Fixture f = Weeks(22);
  for (auto& v : f.values) v = *v % 1000;
  for (int s = 0; s < 48; ++s) f.values[21 * 48 + s] = *f.values[21 * 48 + s] + 500;
  const size_t s = 21 * 48 + 20;
  auto out = EstimateGap(f.Input(kMonday), {s, s + 1}, EstimationMethod::kEdgeShape);
  auto like = EstimateGap(f.Input(kMonday), {s, s + 1}, EstimationMethod::kLikeDay);
  EXPECT_EQ(like[0].value_wh, 20);
  ASSERT_TRUE(out[0].value_wh);
  EXPECT_GT(*out[0].value_wh, 20 + 100);  // moved towards the edge level
  EXPECT_LE(*out[0].value_wh, 520);
}

TEST(ProxyDay, ClosestTemperaturesElseLikeDay) {
  Fixture f = Weeks(22);
  const size_t s = 21 * 48 + 10;  // Monday, day 21
  DailyTemperatures temps;
  const int64_t day0 = DaysFromCivil(2013, 1, 7);
  for (int d = 0; d < 22; ++d) temps[day0 + d] = 0.0;
  temps[day0 + 21] = 10.0;
  temps[day0 + 2] = 9.0;  // the weekdays closest in temperature: 2, 3, 4
  temps[day0 + 3] = 11.0;
  temps[day0 + 4] = 10.5;
  EstimateInput in = f.Input(kMonday);
  in.temperatures = &temps;
  auto out = EstimateGap(in, {s, s + 1}, EstimationMethod::kProxyDay);
  EXPECT_EQ(out[0].method, EstimationMethod::kProxyDay);
  EXPECT_EQ(out[0].value_wh, (2000 + 3000 + 4000) / 3 + 10);
  in.temperatures = nullptr;
  auto without = EstimateGap(in, {s, s + 1}, EstimationMethod::kProxyDay);
  EXPECT_EQ(without[0].method, EstimationMethod::kLikeDay);
  EXPECT_EQ(without[0].value_wh, (18000 + 17000 + 16000) / 3 + 10);
}

TEST(Estimator, NoNegativeOnDelivered) {
  Fixture f;
  f.values = {-100, std::nullopt, -300};
  auto out = EstimateGap(f.Input(0), {1, 2}, EstimationMethod::kLinearInterpolation);
  EXPECT_EQ(out[0].value_wh, 0);
}

TEST(Estimator, HugeGapIsLeftMissingAndBounded) {
  Fixture f;
  f.values.assign(48 * 400, std::nullopt);
  f.values[0] = 1;
  auto out = EstimateGapDefault(f.Input(0), {1, f.values.size() - 1});
  ASSERT_EQ(out.size(), f.values.size() - 2);
  for (const EstimatedSlot& s : out) ASSERT_FALSE(s.value_wh.has_value());
}

TEST(RegisterScale, IntervalsSumToTheRegisterDelta) {
  Fixture f = Weeks(22);
  const size_t s = 21 * 48 + 20;
  std::vector<RegisterRead> reads = {{kMonday + static_cast<int64_t>(21 * 48) * kHalfHour, 0},
                                     {kMonday + static_cast<int64_t>(22 * 48) * kHalfHour, 0}};
  int64_t known = 0;
  for (size_t i = 21 * 48; i < 22 * 48; ++i) {
    if (i < s || i >= s + 3) known += *f.values[i];
  }
  reads[1].wh = known + 1000;  // the gap must hold exactly 1000 Wh
  EstimateInput in = f.Input(kMonday);
  in.registers = reads;
  auto out = EstimateGap(in, {s, s + 3}, EstimationMethod::kRegisterScaled);
  int64_t sum = 0;
  for (const EstimatedSlot& e : out) {
    EXPECT_EQ(e.method, EstimationMethod::kRegisterScaled);
    sum += *e.value_wh;
  }
  EXPECT_EQ(sum, 1000);
}

TEST(ClassProfile, ScaledToTheMetersHistory) {
  std::array<std::vector<double>, kDayTypeCount> shape;
  for (auto& day : shape) day.assign(48, 1.0);
  shape[0][10] = 2.0;
  auto p = ClassProfile::Create(kHalfHour, shape);
  ASSERT_TRUE(p.ok());
  Fixture f;
  f.values.assign(48 * 30, 300);
  EstimateInput in = f.Input(kMonday);
  in.class_profile = &*p;
  const size_t s = 29 * 48 + 10;  // a weekday (day 29 is a Tuesday)
  auto out = EstimateGap(in, {s, s + 1}, EstimationMethod::kClassProfile);
  // The 28 days before hold 1344 slots of 300 Wh; the profile sums 1344 + 20 (slot 10 of the
  // 20 weekdays is 2): 2 x 300 x 1344 / 1364 = 591.2.
  EXPECT_EQ(out[0].value_wh, 591);
}

TEST(HolidayList, ParsesAndLocatesErrors) {
  auto ok = ParseHolidayList("# c\n2013-12-25,Christmas Day\n\n2013-12-26\n", "h.txt");
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok->contains(DaysFromCivil(2013, 12, 25)));
  EXPECT_EQ(ok->size(), 2u);
  auto bad = ParseHolidayList("2013-12-25\n2013-02-30\n", "h.txt");
  EXPECT_EQ(bad.status().message(), "h.txt:2: date: not a YYYY-MM-DD date");
}

// The default beats the California MDMA rule by at least 10 % in MAE on held-out households
// (docs/vee.md "Estimation"; the default was chosen on MAC000002..005).
TEST(VeeAccuracy, DefaultBeatsMdmaOnHeldOutHouseholds) {
  const std::string dir = std::string(GL_SOURCE_DIR) + "/test/data/lcl";
  auto holidays = LoadHolidayFile(std::string(GL_SOURCE_DIR) +
                                  "/data/holidays/england-and-wales-2011-2014.txt");
  ASSERT_TRUE(holidays.ok()) << holidays.status();
  auto zone = TimeZone::Load("Europe/London");
  ASSERT_TRUE(zone.ok());
  std::vector<bench::Household> test;
  for (const std::string& id : bench::kVeeTestHouseholds) {
    auto h = bench::LoadLclHousehold(dir, id);
    ASSERT_TRUE(h.ok()) << h.status();
    test.push_back(std::move(*h));
  }
  bench::VeeBenchOptions o;
  // The bench's own sample (150 gaps per household and length): smaller samples vary by a few %.
  auto acc = bench::MeasureAccuracy(test, o, *holidays, nullptr);
  ASSERT_TRUE(acc.ok()) << acc.status();
  const size_t def = *acc->Find("default"), mdma = *acc->Find("mdma_rule");
  EXPECT_GT(acc->gaps, 1000);
  EXPECT_LE(acc->OverallMae(def), 0.90 * acc->OverallMae(mdma))
      << acc->OverallMae(def) << " vs " << acc->OverallMae(mdma);
}

}  // namespace
}  // namespace gridline::vee
