// rules_test.cc: one test per validation rule (docs/vee.md "Validation rules"), each passing
// just inside its default boundary and failing just outside it, and checking whether the rule
// replaces values or only flags (VeeRuleSpec::replaces_value).
#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "vee/rules/validate.h"

namespace gridline::vee {
namespace {

using Values = std::vector<std::optional<int64_t>>;

constexpr UnixSeconds kJuly1 = 1782864000;  // 2026-07-01T00:00:00Z

struct Window {
  Values values;
  Values history;
  MeterWindow in;
  explicit Window(Values v, int64_t interval_s = 900, UnixSeconds start = kJuly1)
      : values(std::move(v)) {
    in.meter_id = "m1";
    in.start_s = start;
    in.interval_s = interval_s;
    in.value_wh = values;
  }
  void SetHistory(Values h) {
    history = std::move(h);
    in.history_wh = history;
  }
};

Values Flat(size_t n, int64_t wh) { return Values(n, wh); }

ValidationResult RunRules(const MeterWindow& in, const RuleSet& rules = RuleSet::Defaults()) {
  absl::StatusOr<ValidationResult> r = Validate(in, rules);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *std::move(r) : ValidationResult{};
}

std::vector<VeeException> Of(const ValidationResult& r, VeeRule rule) {
  std::vector<VeeException> out;
  for (const VeeException& e : r.exceptions) {
    if (e.rule == rule) out.push_back(e);
  }
  return out;
}

// Only the one rule under test, so the others' verdicts do not blur a boundary.
RuleSet Only(VeeRule rule) {
  RuleSet set = RuleSet::Defaults();
  for (const VeeRuleSpec& spec : AllRules()) set.set_enabled(spec.rule, spec.rule == rule);
  return set;
}

TEST(VeeRuleMissingInterval, OneExceptionPerGap) {
  Window w({1, std::nullopt, std::nullopt, 1, std::nullopt});
  ValidationResult r = RunRules(w.in, Only(VeeRule::kMissingInterval));
  std::vector<VeeException> e = Of(r, VeeRule::kMissingInterval);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].first_slot_s, kJuly1 + 900);
  EXPECT_EQ(e[0].end_slot_s, kJuly1 + 2700);
  EXPECT_EQ(e[0].detail, "2 missing intervals (30m)");
  EXPECT_EQ(e[1].end_slot_s, kJuly1 + 5 * 900);
  EXPECT_EQ(r.replace_count, 0u);
  // A slot with quality `missing` is a gap too.
  Window q(Flat(3, 5));
  std::vector<Quality> qual = {Quality::kActual, Quality::kMissing, Quality::kActual};
  q.in.quality = qual;
  EXPECT_EQ(Of(RunRules(q.in, Only(VeeRule::kMissingInterval)), VeeRule::kMissingInterval).size(),
            1u);
  RuleSet set = Only(VeeRule::kMissingInterval);
  set.set_value(Param::kMissingMinSlots, 3);
  EXPECT_TRUE(RunRules(w.in, set).exceptions.empty());
}

TEST(VeeRuleDuplicateInterval, RunsOfSlotsReadTwice) {
  Window w(Flat(12, 5));
  std::vector<uint32_t> dups = {3, 4, 9};
  w.in.duplicate_slots = dups;
  std::vector<VeeException> e =
      Of(RunRules(w.in, Only(VeeRule::kDuplicateInterval)), VeeRule::kDuplicateInterval);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].end_slot_s - e[0].first_slot_s, 2 * 900);
  EXPECT_EQ(e[0].severity, Severity::kInfo);
}

TEST(VeeRuleConsecutiveEqual, EightEqualIntervalsFlagOnly) {
  Values v = {1, 2, 7, 7, 7, 7, 7, 7, 7, 3};  // seven 7s
  Window seven(v);
  EXPECT_TRUE(RunRules(seven.in, Only(VeeRule::kConsecutiveEqual)).exceptions.empty());
  v[9] = 7;  // eight
  Window eight(v);
  ValidationResult r = RunRules(eight.in, Only(VeeRule::kConsecutiveEqual));
  ASSERT_EQ(Of(r, VeeRule::kConsecutiveEqual).size(), 1u);
  EXPECT_EQ(r.replace_count, 0u);
  // Zeros count on delivered (flag only), not on received (no export at night).
  Window zeros(Flat(20, 0));
  EXPECT_EQ(
      Of(RunRules(zeros.in, Only(VeeRule::kConsecutiveEqual)), VeeRule::kConsecutiveEqual).size(),
      1u);
  zeros.in.channel = ChannelKind::kKwhReceived;
  EXPECT_TRUE(RunRules(zeros.in, Only(VeeRule::kConsecutiveEqual)).exceptions.empty());
}

// 7 days of 100 Wh per quarter-hour: ADU 9.6 kWh.
TEST(VeeRuleHighUsage, DayAboveFourTimesAduIsReplaced) {
  Window at(Flat(96, 400));
  at.SetHistory(Flat(7 * 96, 100));
  EXPECT_TRUE(RunRules(at.in, Only(VeeRule::kHighUsage)).exceptions.empty());
  Values over = Flat(96, 400);
  over[10] = 401;
  Window above(over);
  above.SetHistory(Flat(7 * 96, 100));
  ValidationResult r = RunRules(above.in, Only(VeeRule::kHighUsage));
  ASSERT_EQ(Of(r, VeeRule::kHighUsage).size(), 1u);
  EXPECT_EQ(r.replace_count, 96u);
  // Six days of history are too few to judge.
  above.SetHistory(Flat(6 * 96, 100));
  EXPECT_TRUE(RunRules(above.in, Only(VeeRule::kHighUsage)).exceptions.empty());
}

TEST(VeeRuleHighUsage, ASpikeDoesNotCondemnItsDay) {
  Values v = Flat(96, 100);
  v[50] = 100'000;  // 100 kWh in a day that is otherwise exactly 4x the ADU
  Window w(v);
  w.SetHistory(Flat(7 * 96, 25));  // ADU 2.4 kWh
  ValidationResult r = RunRules(w.in);
  // The unit rule (4,000x the typical 25 Wh) proves it wrong before the spike rule looks.
  EXPECT_EQ(Of(r, VeeRule::kUnitMultiplier).size(), 1u);
  EXPECT_TRUE(Of(r, VeeRule::kHighUsage).empty());
  EXPECT_EQ(r.replace_count, 1u);
}

TEST(VeeRuleLowUsage, CompleteDayBelowQuarterAduFlagsOnly) {
  Window at(Flat(96, 25));
  at.SetHistory(Flat(7 * 96, 100));
  EXPECT_TRUE(RunRules(at.in, Only(VeeRule::kLowUsage)).exceptions.empty());
  Values under = Flat(96, 25);
  under[0] = 24;
  Window below(under);
  below.SetHistory(Flat(7 * 96, 100));
  ValidationResult r = RunRules(below.in, Only(VeeRule::kLowUsage));
  ASSERT_EQ(Of(r, VeeRule::kLowUsage).size(), 1u);
  EXPECT_EQ(r.replace_count, 0u);
  under[1] = std::nullopt;  // an incomplete day is the missing rule's
  Window gap(under);
  gap.SetHistory(Flat(7 * 96, 100));
  EXPECT_TRUE(RunRules(gap.in, Only(VeeRule::kLowUsage)).exceptions.empty());
}

ValidationResult SpikeDay(int64_t peak_wh, const RuleSet& rules) {
  Values v = Flat(96, 100);
  v[40] = peak_wh;
  Window w(v);
  return RunRules(w.in, rules);
}

TEST(VeeRuleSpike, MinimumPowerBoundary) {
  // 2,600 Wh in 15 min is 2,500 Wh = 10 kW above the 3rd-highest 100 Wh.
  ValidationResult r = SpikeDay(2600, Only(VeeRule::kSpike));
  ASSERT_EQ(Of(r, VeeRule::kSpike).size(), 1u);
  EXPECT_EQ(r.replace_count, 1u);
  EXPECT_TRUE(r.replace[40]);
  EXPECT_TRUE(SpikeDay(2599, Only(VeeRule::kSpike)).exceptions.empty());
}

TEST(VeeRuleSpike, PercentBoundary) {
  RuleSet rules = Only(VeeRule::kSpike);
  rules.set_value(Param::kSpikeMinKw, 0);
  EXPECT_TRUE(SpikeDay(300, rules).exceptions.empty());  // 200 % above: not more
  EXPECT_EQ(SpikeDay(301, rules).exceptions.size(), 1u);
}

TEST(VeeRuleSpike, DemoMisreadIsCaughtEvChargingIsNot) {
  // The demo's 896 kWh against ~37 kWh either side.
  Values v = Flat(96, 37'000);
  v[60] = 896'000;
  Window demo(v);
  ValidationResult r = RunRules(demo.in);
  std::vector<VeeException> e = Of(r, VeeRule::kSpike);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].detail,
            "896.000 kWh is 24.2x the day's 3rd-highest 37.000 kWh (limit 200 %, 3436.0 kW above "
            "it)");
  EXPECT_TRUE(r.replace[60]);
  // A 7 kW charger for two hours on a 300 Wh house: eight intervals of 2 kWh, never isolated.
  Values ev = Flat(96, 300);
  for (size_t i = 80; i < 88; ++i) ev[i] = 2'050;
  Window charging(ev);
  EXPECT_TRUE(Of(RunRules(charging.in), VeeRule::kSpike).empty());
  // Even a 30-minute top-up (two intervals) is not one isolated interval.
  Values topup = Flat(96, 300);
  topup[80] = topup[81] = 3'000;
  Window top(topup);
  EXPECT_TRUE(Of(RunRules(top.in), VeeRule::kSpike).empty());
}

TEST(VeeRuleZeroConsumption, DayOfZerosOnActiveServiceFlagsOnly) {
  Values v = Flat(100, 50);
  for (size_t i = 2; i < 97; ++i) v[i] = 0;  // 95 intervals: 23 h 45 min
  Window short_run(v);
  EXPECT_TRUE(RunRules(short_run.in, Only(VeeRule::kZeroConsumption)).exceptions.empty());
  v[97] = 0;  // 24 h
  Window day(v);
  ValidationResult r = RunRules(day.in, Only(VeeRule::kZeroConsumption));
  ASSERT_EQ(Of(r, VeeRule::kZeroConsumption).size(), 1u);
  EXPECT_EQ(r.replace_count, 0u);
  day.in.service_active = false;  // a known outage explains it
  EXPECT_TRUE(RunRules(day.in, Only(VeeRule::kZeroConsumption)).exceptions.empty());
  day.in.service_active = true;
  day.in.channel = ChannelKind::kKwhReceived;
  EXPECT_TRUE(RunRules(day.in, Only(VeeRule::kZeroConsumption)).exceptions.empty());
}

TEST(VeeRuleNegativeDelivered, NegativeIsReplacedOnDeliveredNotOnNet) {
  Window w({10, 0, -1, 10});
  ValidationResult r = RunRules(w.in, Only(VeeRule::kNegativeDelivered));
  ASSERT_EQ(Of(r, VeeRule::kNegativeDelivered).size(), 1u);
  EXPECT_TRUE(r.replace[2]);
  EXPECT_EQ(r.replace_count, 1u);
  w.in.channel = ChannelKind::kKwhNet;
  EXPECT_TRUE(RunRules(w.in, Only(VeeRule::kNegativeDelivered)).exceptions.empty());
}

TEST(VeeRuleUnitMultiplier, HundredTimesTypicalBoundary) {
  Window at({200, 20'000, 200});
  at.SetHistory(Flat(96, 200));
  EXPECT_TRUE(RunRules(at.in, Only(VeeRule::kUnitMultiplier)).exceptions.empty());
  Window over({200, 20'001, 200, 100'000'000});  // and the 100,000 kWh reading
  over.SetHistory(Flat(96, 200));
  ValidationResult r = RunRules(over.in, Only(VeeRule::kUnitMultiplier));
  EXPECT_EQ(Of(r, VeeRule::kUnitMultiplier).size(), 2u);
  EXPECT_EQ(r.replace_count, 2u);
  // A meter that typically reads under 10 Wh is not judged.
  Window quiet({5, 20'000, 5});
  quiet.SetHistory(Flat(96, 5));
  EXPECT_TRUE(RunRules(quiet.in, Only(VeeRule::kUnitMultiplier)).exceptions.empty());
}

TEST(VeeRuleRegisterSumCheck, OnePercentAndOneKwhBoundary) {
  auto run = [](int64_t delta_wh) {
    Window w(Flat(96, 1'000));  // 96 kWh of intervals
    std::vector<RegisterRead> reads = {{kJuly1, 5'000'000}, {kJuly1 + 86400, 5'000'000 + delta_wh}};
    w.in.register_reads = reads;
    return RunRules(w.in, Only(VeeRule::kRegisterSumCheck));
  };
  EXPECT_TRUE(run(95'000).exceptions.empty());  // 1 kWh apart: not more than 1 kWh
  ValidationResult r = run(94'999);             // 1.001 kWh, 1.05 %
  ASSERT_EQ(Of(r, VeeRule::kRegisterSumCheck).size(), 1u);
  EXPECT_EQ(r.replace_count, 96u);
  // Against a 200 kWh delta, 1.5 kWh is under 1 %.
  Window big(Flat(96, 2'100));  // 201.6 kWh
  std::vector<RegisterRead> reads = {{kJuly1, 0}, {kJuly1 + 86400, 200'100}};
  big.in.register_reads = reads;
  EXPECT_TRUE(RunRules(big.in, Only(VeeRule::kRegisterSumCheck)).exceptions.empty());
}

TEST(VeeRuleProlongedEstimation, MoreThanThreeDays) {
  std::vector<Quality> q(2 * 96, Quality::kEstimated);
  Window w(Flat(2 * 96, 100));
  w.in.quality = q;
  w.in.estimated_days_before = 1;  // days 2 and 3: within the limit
  EXPECT_TRUE(RunRules(w.in, Only(VeeRule::kProlongedEstimation)).exceptions.empty());
  w.in.estimated_days_before = 2;  // the window's second day is the 4th
  std::vector<VeeException> e =
      Of(RunRules(w.in, Only(VeeRule::kProlongedEstimation)), VeeRule::kProlongedEstimation);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].first_slot_s, kJuly1 + 86400);
  EXPECT_EQ(e[0].detail, "4 consecutive estimated days (limit 3)");
}

TEST(VeeRuleFutureTimestamp, IntervalEndingAfterNowPlusTolerance) {
  Window w(Flat(5, 100));
  w.in.now_s = w.in.SlotStart(5) - 60;  // the last interval ends exactly at now + 60 s
  EXPECT_TRUE(RunRules(w.in, Only(VeeRule::kFutureTimestamp)).exceptions.empty());
  w.in.now_s = w.in.SlotStart(5) - 61;
  std::vector<VeeException> e =
      Of(RunRules(w.in, Only(VeeRule::kFutureTimestamp)), VeeRule::kFutureTimestamp);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].first_slot_s, w.in.SlotStart(4));
}

// Hourly data around the US spring-forward of 2026-03-08, a morning and an evening peak by the
// wall clock; `stuck` keeps the stamps on standard time after the change.
Values DstDays(const TimeZone& zone, UnixSeconds start, size_t hours, bool stuck) {
  Values v;
  const int64_t standard = zone.UtcToLocal(start) - start;
  for (size_t i = 0; i < hours; ++i) {
    const UnixSeconds t = start + static_cast<int64_t>(i) * 3600;
    const int64_t local = stuck ? t + standard : zone.UtcToLocal(t);
    const int64_t hour = (local / 3600) % 24;
    v.push_back(hour == 7 || hour == 8 ? 1500 : hour >= 18 && hour <= 21 ? 2000 : 300);
  }
  return v;
}

TEST(VeeRuleDstShift, ProfileShiftedByAnHourAfterTheTransition) {
  absl::StatusOr<TimeZone> zone = TimeZone::Load("America/Los_Angeles");
  ASSERT_TRUE(zone.ok());
  const UnixSeconds start = zone->LocalMidnightUtc(DaysFromCivil(2026, 2, 28));
  const size_t hours = 20 * 24;
  Window good(DstDays(*zone, start, hours, false), 3600, start);
  good.in.zone = &*zone;
  EXPECT_TRUE(RunRules(good.in, Only(VeeRule::kDstShift)).exceptions.empty());
  Window stuck(DstDays(*zone, start, hours, true), 3600, start);
  stuck.in.zone = &*zone;
  std::vector<VeeException> e =
      Of(RunRules(stuck.in, Only(VeeRule::kDstShift)), VeeRule::kDstShift);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(FormatIsoUtc(e[0].first_slot_s), "2026-03-09T07:00:00Z");
  // Without the meter's zone there is no transition to judge.
  stuck.in.zone = nullptr;
  EXPECT_TRUE(RunRules(stuck.in, Only(VeeRule::kDstShift)).exceptions.empty());
}

TEST(VeeRuleCircuitsExceedMains, FivePercentBoundary) {
  Values mains = Flat(4, 1'000);
  Values a = Flat(4, 525);
  Values b = {525, 526, 525, std::nullopt};
  Window w(Flat(4, 1'000));
  PanelSeries panel{{mains}, {a, b}};
  w.in.panel = &panel;
  std::vector<VeeException> e =
      Of(RunRules(w.in, Only(VeeRule::kCircuitsExceedMains)), VeeRule::kCircuitsExceedMains);
  ASSERT_EQ(e.size(), 1u);  // only slot 1: 1,051 Wh > 1,050 Wh
  EXPECT_EQ(e[0].first_slot_s, kJuly1 + 900);
  EXPECT_EQ(e[0].end_slot_s, kJuly1 + 1800);
}

TEST(VeeValidate, MalformedWindowsAreRefused) {
  Window w(Flat(4, 1));
  std::vector<Quality> q(3, Quality::kActual);
  w.in.quality = q;
  EXPECT_EQ(Validate(w.in, RuleSet::Defaults()).status().code(),
            absl::StatusCode::kInvalidArgument);
  Window off(Flat(4, 1), 900, kJuly1 + 5);
  EXPECT_FALSE(Validate(off.in, RuleSet::Defaults()).ok());
  Window zero(Flat(4, 1), 0);
  EXPECT_FALSE(Validate(zero.in, RuleSet::Defaults()).ok());
  Window empty(Values{});
  EXPECT_TRUE(Validate(empty.in, RuleSet::Defaults()).ok());
}

TEST(VeeValidate, EditedValuesStand) {
  Window w({10, -5, 10});
  std::vector<Quality> q = {Quality::kActual, Quality::kEdited, Quality::kActual};
  w.in.quality = q;
  EXPECT_TRUE(RunRules(w.in).exceptions.empty());
}

}  // namespace
}  // namespace gridline::vee
