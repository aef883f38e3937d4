#include "billing/bill_plan.h"

#include "common/time.h"
#include "fmt/format.h"

namespace gridline::billing {

DayType DayTypeOf(const Tariff& tariff, int64_t day) {
  if (tariff.holidays && tariff.holidays->IsHoliday(day)) return DayType::kHoliday;
  const int wd = WeekdayOfDays(day);
  return wd == 0 || wd == 6 ? DayType::kWeekend : DayType::kWeekday;
}

namespace {

int PeriodAt(const Tariff& t, DayType type, int season, int minute) {
  for (const PeriodRule& r : t.rules) {
    if ((r.day_types >> static_cast<int>(type) & 1) != 0 && (r.seasons >> season & 1) != 0 &&
        minute >= r.from_min && minute < r.to_min) {
      return r.period;
    }
  }
  return t.default_period;
}

int SeasonOf(const Tariff& t, const CivilDay& c) {
  const int md = static_cast<int>(c.month * 100 + c.day);
  for (size_t i = 0; i < t.seasons.size(); ++i) {
    if (t.seasons[i].Contains(md)) return static_cast<int>(i);
  }
  return 0;  // unreachable: the loader checks that the seasons cover the year
}

}  // namespace

absl::StatusOr<BillPlan> PlanBill(const Tariff& tariff, int64_t from_s, int64_t to_s,
                                  int64_t interval_s) {
  if (from_s >= to_s)
    return absl::InvalidArgumentError("the period's start must be before its end");
  if (interval_s <= 0 || kSecondsPerDay % interval_s != 0) {
    return absl::InvalidArgumentError(
        fmt::format("interval {} s does not divide a day", interval_s));
  }
  BillPlan plan;
  plan.interval_s = interval_s;
  plan.periods = tariff.periods.size();
  plan.start_s = FloorDiv(from_s + interval_s - 1, interval_s) * interval_s;
  const int64_t n = plan.start_s >= to_s ? 0 : (to_s - plan.start_s + interval_s - 1) / interval_s;
  if (n > kMaxBillIntervals) {
    return absl::InvalidArgumentError(fmt::format(
        "the period holds {} intervals of {} s, more than {}", n, interval_s, kMaxBillIntervals));
  }
  plan.bucket.resize(static_cast<size_t>(n));
  plan.export_class.resize(static_cast<size_t>(n));
  plan.season_days.assign(tariff.seasons.size(), 0);
  plan.day_types.assign(kDayTypeCount, 0);
  const TimeZone& zone = tariff.zone;
  // Day by local day: each day's type and season once, then its intervals by wall clock.
  size_t i = 0;
  for (int64_t day_start = zone.StartOfLocalDay(from_s); day_start < to_s;) {
    const int64_t day_end = zone.StartOfNextLocalDay(day_start);
    const int64_t civil = FloorDiv(zone.UtcToLocal(day_start), kSecondsPerDay);
    const CivilDay c = CivilFromDays(civil);
    const DayType type = DayTypeOf(tariff, civil);
    const int season = SeasonOf(tariff, c);
    const int weekend = WeekdayOfDays(civil) == 0 || WeekdayOfDays(civil) == 6 ? 1 : 0;
    ++plan.days;
    ++plan.season_days[static_cast<size_t>(season)];
    ++plan.day_types[static_cast<size_t>(type)];
    for (; i < plan.bucket.size(); ++i) {
      const int64_t t = plan.start_s + static_cast<int64_t>(i) * interval_s;
      if (t >= day_end) break;
      const int minute = static_cast<int>(FloorDiv(zone.UtcToLocal(t), 60) - civil * 1440);
      plan.bucket[i] =
          static_cast<uint8_t>(static_cast<size_t>(season) * plan.periods +
                               static_cast<size_t>(PeriodAt(tariff, type, season, minute)));
      plan.export_class[i] =
          static_cast<uint16_t>((c.month - 1) * 48 + static_cast<unsigned>(weekend) * 24 +
                                static_cast<unsigned>(minute / 60));
    }
    day_start = day_end;
  }
  return plan;
}

}  // namespace gridline::billing
