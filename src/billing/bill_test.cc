// Hand-computed bills: the shipped tariffs (data/tariffs/) on summer and winter months, DST days in
// Los Angeles, a PG&E TOU holiday on the commercial tariff, tiers across the baseline, demand
// charges with season proration, NEM 2 netting and Net Billing export credit; and the located
// errors of the tariff and calendar loaders.
#include "billing/bill.h"

#include <functional>

#include "billing/bill_plan.h"
#include "billing/holiday_calendar.h"
#include "billing/tariff.h"
#include "common/time.h"
#include "gtest/gtest.h"

namespace gridline::billing {
namespace {

const std::string kTariffs = std::string(GL_SOURCE_DIR) + "/data/tariffs/";

Tariff Load(const std::string& name) {
  auto source = ReadTariffSource(kTariffs + name + ".toml");
  EXPECT_TRUE(source.ok()) << source.status();
  auto t = ParseTariff(*source);
  EXPECT_TRUE(t.ok()) << t.status();
  return *t;
}

Tariff FromText(const std::string& text) {
  auto t = ParseTariff({"test.toml", text, ""});
  EXPECT_TRUE(t.ok()) << t.status();
  return *t;
}

int64_t La(const std::string& text) {
  auto t = ParseInstant(text, "America/Los_Angeles");
  EXPECT_TRUE(t.ok()) << t.status();
  return *t;
}

// Bills [from, to) with delivered Wh = wh(interval start, UTC) and received = rec(...).
BillResult Bill(const Tariff& t, int64_t from, int64_t to, int64_t interval_s,
                const std::function<int64_t(int64_t)>& wh,
                const std::function<int64_t(int64_t)>& rec = nullptr) {
  auto plan = PlanBill(t, from, to, interval_s);
  EXPECT_TRUE(plan.ok()) << plan.status();
  MeterIntervals in;
  for (size_t i = 0; i < plan->size(); ++i) {
    const int64_t start = plan->start_s + static_cast<int64_t>(i) * interval_s;
    in.delivered_wh.push_back(wh(start));
    if (rec) in.received_wh.push_back(rec(start));
  }
  in.quality_counts[0] = static_cast<int64_t>(plan->size());
  auto bill = ComputeBill(t, *plan, in);
  EXPECT_TRUE(bill.ok()) << bill.status();
  return *bill;
}

int64_t Row(const BillResult& b, const std::string& name) {
  const Determinant* d = b.Find(name);
  EXPECT_NE(d, nullptr) << name;
  return d == nullptr ? -1 : d->value;
}

// The local hour of a UTC instant in Los Angeles.
int LaHour(int64_t utc) {
  static const TimeZone zone = *TimeZone::Load("America/Los_Angeles");
  return static_cast<int>(FloorDiv(zone.UtcToLocal(utc), 3600) % 24);
}

TEST(HolidayCalendar, PgeObservedHolidays) {
  auto source = ReadTariffSource(kTariffs + "pge-b-19.toml");
  ASSERT_TRUE(source.ok()) << source.status();
  auto cal = HolidayCalendar::FromText(source->holidays_text, "pge.toml");
  ASSERT_TRUE(cal.ok()) << cal.status();
  // 2023: New Year's Day is a Sunday, observed Monday 2 January (Sunday -> Monday).
  auto y2023 = cal->Observed(2023);
  ASSERT_EQ(y2023.size(), 8u);
  EXPECT_EQ(y2023[0].first, DaysFromCivil(2023, 1, 2));
  EXPECT_FALSE(cal->IsHoliday(DaysFromCivil(2023, 1, 1)));
  // 2024: Presidents' Day 19 Feb (3rd Monday), Memorial Day 27 May (last Monday), Labor Day 2 Sep,
  // Thanksgiving 28 Nov (4th Thursday).
  for (auto [m, d] : {std::pair{2u, 19u},
                      {5u, 27u},
                      {7u, 4u},
                      {9u, 2u},
                      {11u, 11u},
                      {11u, 28u},
                      {12u, 25u},
                      {1u, 1u}}) {
    EXPECT_TRUE(cal->IsHoliday(DaysFromCivil(2024, m, d))) << m << "/" << d;
  }
  // 2026: Independence Day is a Saturday and PG&E does not move it.
  EXPECT_TRUE(cal->IsHoliday(DaysFromCivil(2026, 7, 4)));
  EXPECT_FALSE(cal->IsHoliday(DaysFromCivil(2026, 7, 3)));
}

TEST(HolidayCalendar, NearestWeekdayCrossesTheNewYear) {
  auto cal = HolidayCalendar::FromText(
      "[[holiday]]\nname = \"NY\"\nmonth = 1\nday = 1\nobserve = \"nearest_weekday\"\n", "c.toml");
  ASSERT_TRUE(cal.ok()) << cal.status();
  // 1 January 2022 is a Saturday: observed Friday 31 December 2021.
  EXPECT_TRUE(cal->IsHoliday(DaysFromCivil(2021, 12, 31)));
  // 2021 so observes two: its own 1 January (a Friday) and 2022's.
  auto y2021 = cal->Observed(2021);
  ASSERT_EQ(y2021.size(), 2u);
  EXPECT_EQ(y2021[0].first, DaysFromCivil(2021, 1, 1));
  EXPECT_EQ(y2021[1].first, DaysFromCivil(2021, 12, 31));
  EXPECT_TRUE(cal->Observed(2022).empty());
}

// E-TOU-C, July 2024, 1 kWh every hour: 31 days x 5 peak hours = 155 kWh peak, 589 off-peak.
// energy 155 x 0.61 + 589 x 0.50 = 389.05; baseline 31 x 9.8 = 303.8 kWh x -0.09566 =
// -29.061508; amount 359.988492 -> $359.99.
TEST(EtoucBill, SummerMonthByHand) {
  const Tariff t = Load("pge-e-tou-c");
  const BillResult b =
      Bill(t, La("2024-07-01"), La("2024-08-01"), 3600, [](int64_t) { return 1000; });
  EXPECT_EQ(Row(b, "kwh_total"), 744000);
  EXPECT_EQ(Row(b, "kwh_peak"), 155000);
  EXPECT_EQ(Row(b, "kwh_off_peak"), 589000);
  EXPECT_EQ(Row(b, "kwh_summer_peak"), 155000);
  EXPECT_EQ(Row(b, "kwh_winter_peak"), 0);
  EXPECT_EQ(Row(b, "kwh_baseline"), 303800);
  EXPECT_EQ(Row(b, "kwh_tier1"), 303800);
  EXPECT_EQ(Row(b, "kwh_tier2"), 744000 - 303800);
  EXPECT_EQ(Row(b, "kw_max"), 1000);
  EXPECT_EQ(Row(b, "days"), 31);
  EXPECT_EQ(Row(b, "days_summer"), 31);
  EXPECT_EQ(Row(b, "charge_energy"), 38905);
  EXPECT_EQ(Row(b, "charge_tier1"), -2906);
  EXPECT_EQ(Row(b, "charge_minimum"), 0);
  EXPECT_EQ(Row(b, "estimated_intervals"), 0);
  EXPECT_EQ(b.amount_cents, 35999);
  EXPECT_EQ(b.rows.back().name, "amount");
}

// E-TOU-C, January 2024, 250 Wh every 15 minutes (1 kW): 744 kWh, 155 peak; energy 155 x 0.49 +
// 589 x 0.46 = 346.89; baseline 31 x 9.7 = 300.7 kWh x -0.09566 = -28.764962; $318.13.
TEST(EtoucBill, WinterMonthByHand) {
  const Tariff t = Load("pge-e-tou-c");
  const BillResult b =
      Bill(t, La("2024-01-01"), La("2024-02-01"), 900, [](int64_t) { return 250; });
  EXPECT_EQ(Row(b, "intervals"), 31 * 96);
  EXPECT_EQ(Row(b, "kwh_winter_peak"), 155000);
  EXPECT_EQ(Row(b, "kwh_winter_off_peak"), 589000);
  EXPECT_EQ(Row(b, "kwh_baseline"), 300700);
  EXPECT_EQ(Row(b, "charge_energy"), 34689);
  EXPECT_EQ(b.amount_cents, 31813);
}

// A nearly empty month pays the minimum delivery charge: 30 days x $0.40317 = $12.0951 -> $12.10.
TEST(EtoucBill, MinimumChargeApplies) {
  const Tariff t = Load("pge-e-tou-c");
  const BillResult b = Bill(t, La("2024-04-01"), La("2024-05-01"), 3600, [](int64_t) { return 0; });
  EXPECT_EQ(Row(b, "kwh_total"), 0);
  EXPECT_EQ(b.amount_cents, 1210);
  EXPECT_EQ(Row(b, "charge_minimum"), 1210);
}

// DST in Los Angeles (EVIDENCE: the zone's 2024 rules): 10 March has 23 hours, 3 November 25;
// 16:00-21:00 local is five peak hours on both, and the repeated 01:00 hour is off-peak twice.
TEST(EtoucBill, DstDaysCountPeakHoursByWallClock) {
  const Tariff t = Load("pge-e-tou-c");
  const BillResult spring =
      Bill(t, La("2024-03-10"), La("2024-03-11"), 3600, [](int64_t) { return 1000; });
  EXPECT_EQ(Row(spring, "intervals"), 23);
  EXPECT_EQ(Row(spring, "kwh_peak"), 5000);
  EXPECT_EQ(Row(spring, "kwh_off_peak"), 18000);
  EXPECT_EQ(Row(spring, "days"), 1);
  // Fall back, 15-minute data: 100 intervals; a marked reading only in local 16:00-21:00.
  const BillResult fall = Bill(t, La("2024-11-03"), La("2024-11-04"), 900, [](int64_t s) {
    return LaHour(s) >= 16 && LaHour(s) < 21 ? 1000 : 1;
  });
  EXPECT_EQ(Row(fall, "intervals"), 100);
  EXPECT_EQ(Row(fall, "kwh_peak"), 20 * 1000);
  EXPECT_EQ(Row(fall, "kwh_off_peak"), 80);
  EXPECT_EQ(Row(fall, "days"), 1);
}

// B-19 shape on 3 July 2024 (Wednesday), 4 July (Independence Day, a PG&E TOU holiday) and 6 July
// (Saturday): a holiday is off-peak all day, as a weekend.
TEST(CommercialBill, HolidayIsOffPeak) {
  const Tariff t = Load("pge-b-19");
  auto one = [](int64_t) { return int64_t{1000}; };
  const BillResult weekday = Bill(t, La("2024-07-03"), La("2024-07-04"), 3600, one);
  EXPECT_EQ(Row(weekday, "kwh_peak"), 5000);
  EXPECT_EQ(Row(weekday, "kwh_part_peak"), 4000);
  EXPECT_EQ(Row(weekday, "kwh_off_peak"), 15000);
  const BillResult holiday = Bill(t, La("2024-07-04"), La("2024-07-05"), 3600, one);
  EXPECT_EQ(Row(holiday, "kwh_peak"), 0);
  EXPECT_EQ(Row(holiday, "kwh_part_peak"), 0);
  EXPECT_EQ(Row(holiday, "kwh_off_peak"), 24000);
  const BillResult saturday = Bill(t, La("2024-07-06"), La("2024-07-07"), 3600, one);
  EXPECT_EQ(Row(saturday, "kwh_peak"), 0);
}

// Demand on 3 July 2024, 15-minute data at 250 Wh (1 kW) with 3000 Wh at 10:00 (12 kW, off-peak)
// and 2500 Wh at 17:00 (10 kW, peak): max 12 x 11.98 = 143.76, summer peak 10 x 16.37 = 163.70,
// summer part-peak 1 x 3.56 = 3.56, winter part-peak 0 (no winter day).
TEST(CommercialBill, DemandChargesByHand) {
  const Tariff t = Load("pge-b-19");
  const int64_t ten = La("2024-07-03T10:00:00"), five_pm = La("2024-07-03T17:00:00");
  const BillResult b = Bill(t, La("2024-07-03"), La("2024-07-04"), 900, [&](int64_t s) {
    return s == ten ? 3000 : s == five_pm ? 2500 : 250;
  });
  EXPECT_EQ(Row(b, "kw_max"), 12000);
  EXPECT_EQ(Row(b, "kw_max_peak"), 10000);
  EXPECT_EQ(Row(b, "kw_max_part_peak"), 1000);
  EXPECT_EQ(Row(b, "charge_demand_max"), 14376);
  EXPECT_EQ(Row(b, "charge_demand_summer_peak"), 16370);
  EXPECT_EQ(Row(b, "charge_demand_summer_part_peak"), 356);
  EXPECT_EQ(Row(b, "charge_demand_winter_part_peak"), 0);
  EXPECT_EQ(Row(b, "charge_fixed"), 450);
}

// 30 September (summer, Monday) and 1 October (winter) 2024: the summer peak demand charge is
// prorated by the season's share of days, 10 kW x 16.37 x 1/2 = 81.85.
TEST(CommercialBill, SeasonalDemandProratedAtSeasonChange) {
  const Tariff t = Load("pge-b-19");
  const int64_t five_pm = La("2024-09-30T17:00:00");
  const BillResult b = Bill(t, La("2024-09-30"), La("2024-10-02"), 900,
                            [&](int64_t s) { return s == five_pm ? 2500 : 250; });
  EXPECT_EQ(Row(b, "days_summer"), 1);
  EXPECT_EQ(Row(b, "days_winter"), 1);
  EXPECT_EQ(Row(b, "charge_demand_summer_peak"), 8185);
}

const char kFlatHeader[] = R"(name = "t"
time_zone = "UTC"
periods = ["peak", "off_peak"]
default_period = "off_peak"
[[season]]
name = "all"
from = "01-01"
to = "12-31"
[[tou]]
period = "peak"
from = "16:00"
to = "21:00"
[energy.all]
peak = "0.50"
off_peak = "0.20"
)";

// 10 kWh/day baseline; tiers at 100 % (+0) and 130 % (+0.05), then +0.10. One day of 15 kWh:
// 10, 3 and 2 kWh; 15 x 0.20 + 3 x 0.05 + 2 x 0.10 = 3.35.
TEST(TieredBill, TiersCrossTheBaseline) {
  const Tariff t = FromText(std::string(kFlatHeader) + R"(
[[tier]]
up_to_baseline_pct = 100
adder = 0
[[tier]]
up_to_baseline_pct = 130
adder = 0.05
[[tier]]
adder = "0.10"
[baseline]
territory = "A"
[baseline.allowance_kwh_per_day.A]
all = 10
)");
  const int64_t day = DaysFromCivil(2024, 5, 1) * kSecondsPerDay;
  const BillResult b = Bill(t, day, day + kSecondsPerDay, 3600,
                            [&](int64_t s) { return s - day < 15 * 3600 ? 1000 : 0; });
  EXPECT_EQ(Row(b, "kwh_tier1"), 10000);
  EXPECT_EQ(Row(b, "kwh_tier2"), 3000);
  EXPECT_EQ(Row(b, "kwh_tier3"), 2000);
  EXPECT_EQ(b.amount_cents, 335);
}

// One UTC day: 2 kWh exported at 10:00, 1 kWh imported at 11:00 (off-peak), 1 kWh imported at
// 17:00 (peak). NEM 2 nets each period at its retail price: off-peak -1 kWh x 0.20, peak
// +1 x 0.50 = 0.30. Net Billing charges imports (1 x 0.20 + 1 x 0.50 = 0.70) and credits exports
// at the export price (2 x 0.05 = 0.10): 0.60.
TEST(NemBill, Nem2NetsAtRetailAndNetBillingCreditsExports) {
  const int64_t day = DaysFromCivil(2024, 5, 1) * kSecondsPerDay;
  auto delivered = [&](int64_t s) -> int64_t {
    const int64_t h = (s - day) / 3600;
    return h == 11 || h == 17 ? 1000 : 0;
  };
  auto received = [&](int64_t s) -> int64_t { return (s - day) / 3600 == 10 ? 2000 : 0; };
  const Tariff nem2 = FromText(std::string(kFlatHeader) + "[nem]\nmode = \"nem2\"\n");
  const BillResult a = Bill(nem2, day, day + kSecondsPerDay, 3600, delivered, received);
  EXPECT_EQ(Row(a, "kwh_total"), 0);
  EXPECT_EQ(Row(a, "kwh_off_peak"), -1000);
  EXPECT_EQ(Row(a, "kwh_peak"), 1000);
  EXPECT_EQ(Row(a, "kwh_exported"), 2000);
  EXPECT_EQ(a.amount_cents, 30);
  const Tariff nbt = FromText(std::string(kFlatHeader) +
                              "[nem]\nmode = \"net_billing\"\n[nem.export_price]\nflat = 0.05\n");
  const BillResult b = Bill(nbt, day, day + kSecondsPerDay, 3600, delivered, received);
  EXPECT_EQ(Row(b, "kwh_imported"), 2000);
  EXPECT_EQ(Row(b, "kwh_exported_h10"), 2000);
  EXPECT_EQ(Row(b, "credit_export"), -10);
  EXPECT_EQ(b.amount_cents, 60);
}

// The hourly export table: 12 months x 24 hours per day type; May weekday 10:00 is priced $1.00.
TEST(NemBill, ExportPriceTableByMonthDayTypeAndHour) {
  std::string weekday = "[", weekend = "[";
  for (int m = 1; m <= 12; ++m) {
    weekday += "[";
    weekend += "[";
    for (int h = 0; h < 24; ++h) {
      weekday += (m == 5 && h == 10 ? "1.00" : "0.01") + std::string(h < 23 ? "," : "");
      weekend += std::string("0.02") + (h < 23 ? "," : "");
    }
    weekday += m < 12 ? "]," : "]]";
    weekend += m < 12 ? "]," : "]]";
  }
  const Tariff t =
      FromText(std::string(kFlatHeader) + "[nem]\nmode = \"net_billing\"\n" +
               "[nem.export_price]\nweekday = " + weekday + "\nweekend = " + weekend + "\n");
  const int64_t wed = DaysFromCivil(2024, 5, 1) * kSecondsPerDay;  // a Wednesday
  auto exported = [&](int64_t s) -> int64_t {
    return (s - wed) % kSecondsPerDay / 3600 == 10 ? 1000 : 0;
  };
  auto none = [](int64_t) -> int64_t { return 0; };
  EXPECT_EQ(Row(Bill(t, wed, wed + kSecondsPerDay, 3600, none, exported), "credit_export"), -100);
  const int64_t sat = wed + 3 * kSecondsPerDay;
  EXPECT_EQ(Row(Bill(t, sat, sat + kSecondsPerDay, 3600, none, exported), "credit_export"), -2);
}

// A missing interval is not a zero: it is counted, and the others are billed.
TEST(EtoucBill, MissingIntervalsAreCounted) {
  const Tariff t = Load("pge-e-tou-c");
  auto plan = PlanBill(t, La("2024-07-01"), La("2024-07-02"), 3600);
  ASSERT_TRUE(plan.ok());
  MeterIntervals in;
  in.delivered_wh.assign(plan->size(), 1000);
  in.delivered_wh[3] = std::nullopt;
  in.quality_counts[static_cast<int>(Quality::kEstimated)] = 2;
  auto b = ComputeBill(t, *plan, in);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(Row(*b, "intervals_missing"), 1);
  EXPECT_EQ(Row(*b, "kwh_total"), 23000);
  EXPECT_EQ(Row(*b, "estimated_intervals"), 2);
}

std::string LoadError(const std::string& text) {
  auto t = ParseTariff({"bad.toml", text, ""});
  EXPECT_FALSE(t.ok());
  return std::string(t.status().message());
}

TEST(TariffLoader, ErrorsAreLocated) {
  std::string base = kFlatHeader;
  // A TOU hour that is not a time, at line 12 column 6.
  std::string bad_time = base;
  bad_time.replace(bad_time.find("\"21:00\""), 7, "\"21:60\"");
  EXPECT_EQ(LoadError(bad_time),
            "bad.toml:12:6: tou[0].to: expected HH:MM local time, 00:00 to 24:00");
  EXPECT_EQ(LoadError("colour = 1\n" + base), "bad.toml:1:10: colour: unknown key");
  EXPECT_EQ(LoadError(base + "[fixed]\nper_day = \"0.1234567\"\n"),
            "bad.toml:17:11: fixed.per_day: '0.1234567': more than 6 decimals");
  std::string gap = base;
  gap.replace(gap.find("\"12-31\""), 7, "\"12-30\"");
  EXPECT_NE(LoadError(gap).find("season: 12-31 is in 0 seasons"), std::string::npos);
  EXPECT_NE(LoadError("name = \"x\"\ntime_zone = \"Mars/Olympus\"\n")
                .find("bad.toml:2:13: "
                      "time_zone"),
            std::string::npos);
  EXPECT_NE(LoadError("name = [\n").find("bad.toml:"), std::string::npos);
}

TEST(HolidayCalendar, ErrorsAreLocated) {
  auto cal =
      HolidayCalendar::FromText("[[holiday]]\nname = \"X\"\nmonth = 13\nday = 1\n", "cal.toml");
  ASSERT_FALSE(cal.ok());
  EXPECT_EQ(cal.status().message(), "cal.toml:3:9: holiday[0].month: must be within 1..12");
  cal = HolidayCalendar::FromText(
      "[[holiday]]\nname = \"X\"\nmonth = 1\nweekday = \"funday\"\nnth = 1\n", "cal.toml");
  ASSERT_FALSE(cal.ok());
  EXPECT_EQ(cal.status().message(),
            "cal.toml:4:11: holiday[0].weekday: expected sunday .. saturday");
}

}  // namespace
}  // namespace gridline::billing
