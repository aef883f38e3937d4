#include "sim/town_calendar.h"

#include "common/time.h"
#include "gtest/gtest.h"

namespace gridline::sim {
namespace {

TEST(TownCalendar, Weekdays) {
  EXPECT_EQ(Weekday(0), 4);                          // 1970-01-01 Thursday
  EXPECT_EQ(Weekday(DaysFromCivil(2026, 7, 1)), 3);  // Wednesday
  EXPECT_EQ(Weekday(DaysFromCivil(2026, 7, 5)), 0);  // Sunday
  EXPECT_EQ(Weekday(-1), 3);
}

// EVIDENCE-OF: US DST (Energy Policy Act 2005): second Sunday of March 02:00 PST to first Sunday
// of November 02:00 PDT. In 2026: March 8 and November 1.
TEST(TownCalendar, PacificDaylightTime2026) {
  const int64_t mar8 = DaysFromCivil(2026, 3, 8) * kMinutesPerDay;
  EXPECT_EQ(PacificOffsetMinutes(mar8 + 9 * 60 + 59), -480);
  EXPECT_EQ(PacificOffsetMinutes(mar8 + 10 * 60), -420);
  const int64_t nov1 = DaysFromCivil(2026, 11, 1) * kMinutesPerDay;
  EXPECT_EQ(PacificOffsetMinutes(nov1 + 8 * 60 + 59), -420);
  EXPECT_EQ(PacificOffsetMinutes(nov1 + 9 * 60), -480);
  EXPECT_EQ(PacificOffsetMinutes(DaysFromCivil(2026, 1, 15) * kMinutesPerDay), -480);
  // Local noon on 2026-07-01 is 19:00 UTC.
  EXPECT_EQ(PacificLocalToUtcMinute(DaysFromCivil(2026, 7, 1), 720),
            DaysFromCivil(2026, 7, 1) * kMinutesPerDay + 19 * 60);
  EXPECT_EQ(PacificLocalToUtcMinute(DaysFromCivil(2026, 1, 1), 0),
            DaysFromCivil(2026, 1, 1) * kMinutesPerDay + 8 * 60);
}

TEST(TownCalendar, Holidays) {
  EXPECT_TRUE(IsHoliday(DaysFromCivil(2026, 7, 3)));  // July 4 is a Saturday: observed Friday
  EXPECT_FALSE(IsHoliday(DaysFromCivil(2026, 7, 4)));
  EXPECT_TRUE(IsHoliday(DaysFromCivil(2026, 11, 26)));  // Thanksgiving
  EXPECT_TRUE(IsHoliday(DaysFromCivil(2026, 5, 25)));   // Memorial Day
  EXPECT_TRUE(IsHoliday(DaysFromCivil(2026, 9, 7)));    // Labor Day
  EXPECT_TRUE(IsHoliday(DaysFromCivil(2026, 12, 25)));
  EXPECT_FALSE(IsHoliday(DaysFromCivil(2026, 7, 1)));
  EXPECT_TRUE(IsRestDay(DaysFromCivil(2026, 7, 5)));
  EXPECT_FALSE(IsRestDay(DaysFromCivil(2026, 7, 6)));
}

}  // namespace
}  // namespace gridline::sim
