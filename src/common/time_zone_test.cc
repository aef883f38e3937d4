#include "common/time_zone.h"

#include "common/time.h"
#include "gtest/gtest.h"

namespace gridline {
namespace {

int64_t Utc(std::string_view iso) {
  ParsedTime t;
  EXPECT_EQ(ParseTimestamp(iso, &t), nullptr);
  return t.seconds;
}

TEST(TimeZone, RejectsUnknownZone) { EXPECT_FALSE(TimeZone::Load("Mars/Olympus").ok()); }

// Issue 11: a zone name of any length was echoed whole in the error (and so in a 400 body).
TEST(TimeZone, LongNameIsRefusedWithoutEchoingIt) {
  const absl::StatusOr<TimeZone> tz = TimeZone::Load(std::string(100000, 'A'));
  ASSERT_FALSE(tz.ok());
  EXPECT_EQ(tz.status().message(),
            "unknown time zone (100000 bytes, longer than any IANA name such as America/New_York)");
}

TEST(TimeZone, UtcIsIdentity) {
  TimeZone utc;
  EXPECT_TRUE(utc.is_utc());
  EXPECT_EQ(utc.UtcToLocal(12345), 12345);
  EXPECT_EQ(utc.LocalToUtc(12345).earliest, 12345);
}

// DST in the US: 2026-03-08 02:00 local jumps to 03:00; 2026-11-01 02:00 falls back to 01:00.
TEST(TimeZone, SpringForwardDayHas92QuarterHours) {
  auto tz = TimeZone::Load("America/Los_Angeles");
  ASSERT_TRUE(tz.ok());
  const int64_t noon = Utc("2026-03-08T20:00:00Z");
  const int64_t start = tz->StartOfLocalDay(noon);
  const int64_t next = tz->StartOfNextLocalDay(noon);
  EXPECT_EQ(start, Utc("2026-03-08T08:00:00Z"));
  EXPECT_EQ((next - start) / 900, 92);
}

TEST(TimeZone, FallBackDayHas100QuarterHours) {
  auto tz = TimeZone::Load("America/Los_Angeles");
  ASSERT_TRUE(tz.ok());
  const int64_t noon = Utc("2026-11-01T20:00:00Z");
  EXPECT_EQ((tz->StartOfNextLocalDay(noon) - tz->StartOfLocalDay(noon)) / 900, 100);
}

TEST(TimeZone, ResolvesRepeatedAndSkippedLocalTimes) {
  auto tz = TimeZone::Load("America/Los_Angeles");
  ASSERT_TRUE(tz.ok());
  // 01:30 on the fall-back day happens twice: 08:30Z (PDT) and 09:30Z (PST).
  const LocalResolution amb = tz->LocalToUtc(Utc("2026-11-01T01:30:00Z"));
  EXPECT_EQ(amb.kind, LocalResolution::Kind::kAmbiguous);
  EXPECT_EQ(amb.earliest, Utc("2026-11-01T08:30:00Z"));
  EXPECT_EQ(amb.latest, Utc("2026-11-01T09:30:00Z"));
  // 02:30 on the spring-forward day never happens.
  EXPECT_EQ(tz->LocalToUtc(Utc("2026-03-08T02:30:00Z")).kind, LocalResolution::Kind::kNonexistent);
  // An ordinary time maps uniquely, also through the cached path.
  for (int i = 0; i < 3; ++i) {
    const LocalResolution r = tz->LocalToUtc(Utc("2026-07-01T12:00:00Z") + i * 900);
    EXPECT_EQ(r.kind, LocalResolution::Kind::kUnique);
    EXPECT_EQ(r.earliest, Utc("2026-07-01T19:00:00Z") + i * 900);
  }
}

TEST(TimeZone, MonthStartsAreLocalMidnights) {
  auto tz = TimeZone::Load("Europe/London");
  ASSERT_TRUE(tz.ok());
  const int64_t t = Utc("2026-07-15T12:00:00Z");
  EXPECT_EQ(tz->StartOfLocalMonth(t), Utc("2026-06-30T23:00:00Z"));
  EXPECT_EQ(tz->StartOfLocalMonth(t, 6), Utc("2027-01-01T00:00:00Z"));
  EXPECT_EQ(tz->StartOfLocalMonth(t, -7), Utc("2025-12-01T00:00:00Z"));
}

}  // namespace
}  // namespace gridline
