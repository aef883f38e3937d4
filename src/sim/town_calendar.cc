#include "sim/town_calendar.h"

#include "common/time.h"

namespace gridline::sim {

namespace {

// Day number of the n-th (1-based) `weekday` of month m in year y.
int64_t NthWeekday(int64_t y, unsigned m, int weekday, int n) {
  const int64_t first = DaysFromCivil(y, m, 1);
  const int delta = (weekday - Weekday(first) + 7) % 7;
  return first + delta + 7 * (n - 1);
}

int64_t LastWeekday(int64_t y, unsigned m, int weekday) {
  const int64_t last = DaysFromCivil(y, m, DaysInMonth(y, m));
  const int delta = (Weekday(last) - weekday + 7) % 7;
  return last - delta;
}

// A fixed-date holiday on a weekend is observed on the Friday before or the Monday after.
int64_t Observed(int64_t day) {
  const int w = Weekday(day);
  if (w == 6) return day - 1;
  if (w == 0) return day + 1;
  return day;
}

}  // namespace

int Weekday(int64_t days) {
  // 1970-01-01 was a Thursday.
  const int64_t w = (days + 4) % 7;
  return static_cast<int>(w < 0 ? w + 7 : w);
}

int PacificOffsetMinutes(int64_t utc_minute) {
  const int64_t day = FloorDiv(utc_minute, kMinutesPerDay);
  const int64_t year = CivilFromDays(day).year;
  // 02:00 PST = 10:00 UTC on the second Sunday of March; 02:00 PDT = 09:00 UTC on the first
  // Sunday of November.
  const int64_t dst_start = NthWeekday(year, 3, 0, 2) * kMinutesPerDay + 10 * 60;
  const int64_t dst_end = NthWeekday(year, 11, 0, 1) * kMinutesPerDay + 9 * 60;
  return (utc_minute >= dst_start && utc_minute < dst_end) ? -420 : -480;
}

int64_t PacificLocalToUtcMinute(int64_t local_day, int minute_of_day) {
  const int64_t local_minute = local_day * kMinutesPerDay + minute_of_day;
  // Try daylight time first (the first pass of a repeated hour), then standard time.
  const int64_t as_pdt = local_minute + 420;
  if (PacificOffsetMinutes(as_pdt) == -420) return as_pdt;
  return local_minute + 480;
}

bool IsHoliday(int64_t local_day) {
  const CivilDay c = CivilFromDays(local_day);
  const int64_t y = c.year;
  switch (c.month) {
    case 1:
      return local_day == Observed(DaysFromCivil(y, 1, 1));
    case 5:
      return local_day == LastWeekday(y, 5, 1);
    case 7:
      return local_day == Observed(DaysFromCivil(y, 7, 4));
    case 9:
      return local_day == NthWeekday(y, 9, 1, 1);
    case 11:
      return local_day == NthWeekday(y, 11, 4, 4);
    case 12:
      return local_day == Observed(DaysFromCivil(y, 12, 25)) ||
             local_day == Observed(DaysFromCivil(y + 1, 1, 1));
    default:
      return false;
  }
}

}  // namespace gridline::sim
