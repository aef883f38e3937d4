// town_calendar.h: the simulated town's clock. People live on local wall-clock time, so behaviour
// (waking, commuting, TOU-scheduled EV charging, business hours) is planned in local time, while
// reads are written per UTC day. The town keeps US Pacific time: PST (UTC-8) with daylight time
// (UTC-7) from the second Sunday of March 02:00 to the first Sunday of November 02:00 (the rule of
// the Energy Policy Act of 2005, in force since 2007), and US federal holidays that shift the
// week's shape (a holiday is lived like a Sunday).
#ifndef GRIDLINE_SIM_TOWN_CALENDAR_H_
#define GRIDLINE_SIM_TOWN_CALENDAR_H_

#include <cstdint>

namespace gridline::sim {

inline constexpr int kSlotsPerDay = 96;
inline constexpr int kSlotMinutes = 15;
inline constexpr int kMinutesPerDay = 1440;

// 0 = Sunday ... 6 = Saturday, for days since 1970-01-01.
int Weekday(int64_t days);

// Local offset from UTC in minutes (-480 or -420) at the UTC instant `utc_minute` (minutes since
// the Unix epoch).
int PacificOffsetMinutes(int64_t utc_minute);

// UTC minute of local wall-clock `minute_of_day` on `local_day` (days since epoch, local civil
// date). In the skipped spring hour the standard offset is used; in the repeated autumn hour the
// first pass.
int64_t PacificLocalToUtcMinute(int64_t local_day, int minute_of_day);

// True on the US federal holidays that close offices (New Year, Memorial Day, Independence Day,
// Labor Day, Thanksgiving, Christmas), observed on Friday or Monday when they fall on a weekend.
bool IsHoliday(int64_t local_day);

// A day lived like a weekend: Saturday, Sunday or a holiday.
inline bool IsRestDay(int64_t local_day) {
  const int w = Weekday(local_day);
  return w == 0 || w == 6 || IsHoliday(local_day);
}

}  // namespace gridline::sim

#endif  // GRIDLINE_SIM_TOWN_CALENDAR_H_
