#include "common/time.h"

#include "gtest/gtest.h"

namespace gridline {
namespace {

int64_t Parse(std::string_view text, bool* has_offset = nullptr) {
  ParsedTime t;
  const char* reason = ParseTimestamp(text, &t);
  EXPECT_EQ(reason, nullptr) << text << ": " << (reason ? reason : "");
  if (has_offset) *has_offset = t.has_offset;
  return t.seconds;
}

const char* Reject(std::string_view text) {
  ParsedTime t;
  return ParseTimestamp(text, &t);
}

TEST(Time, CivilRoundTripsAcrossCenturies) {
  for (int64_t d = -800000; d < 800000; d += 37) {
    const CivilDay c = CivilFromDays(d);
    EXPECT_EQ(DaysFromCivil(c.year, c.month, c.day), d);
  }
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
}

TEST(Time, ParsesIsoForms) {
  bool off = false;
  EXPECT_EQ(Parse("2026-07-01T00:15:00Z", &off), 1782864900);
  EXPECT_TRUE(off);
  EXPECT_EQ(Parse("2026-07-01T02:15:00+02:00"), 1782864900);
  EXPECT_EQ(Parse("2026-06-30T17:15:00-0700"), 1782864900);
  EXPECT_EQ(Parse("2026-07-01T00:15Z"), 1782864900);
  EXPECT_EQ(Parse("2026-07-01T00:15:00.000Z"), 1782864900);
  EXPECT_EQ(Parse("  2026-07-01 00:15:00  ", &off), 1782864900);
  EXPECT_FALSE(off);
  EXPECT_EQ(Parse("2026-07-01", &off), 1782864000);
  EXPECT_FALSE(off);
  EXPECT_EQ(Parse("2026-06-30T24:00:00Z"), 1782864000);
}

TEST(Time, RejectsMalformedTimestamps) {
  EXPECT_NE(Reject(""), nullptr);
  EXPECT_NE(Reject("2026-13-01T00:00:00Z"), nullptr);
  EXPECT_NE(Reject("2026-02-29T00:00:00Z"), nullptr);  // 2026 is not a leap year
  EXPECT_EQ(Reject("2028-02-29T00:00:00Z"), nullptr);
  EXPECT_NE(Reject("2026-07-01T25:00:00Z"), nullptr);
  EXPECT_NE(Reject("2026-07-01T00:15:30.5Z"), nullptr);
  EXPECT_NE(Reject("2026-07-01T00:15:00Zjunk"), nullptr);
  EXPECT_NE(Reject("07/01/2026 00:15"), nullptr);
  EXPECT_NE(Reject("2026-07-01T00:15:60Z"), nullptr);
  EXPECT_NE(Reject("2026-07-01T24:15:00Z"), nullptr);
}

TEST(Time, FormatsUtc) {
  EXPECT_EQ(FormatIsoUtc(1782864900), "2026-07-01T00:15:00Z");
  EXPECT_EQ(FormatIsoUtc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatIsoUtc(-1), "1969-12-31T23:59:59Z");
}

TEST(Time, ParsesDurationsAndSteps) {
  EXPECT_EQ(*ParseDurationSeconds("15m"), 900);
  EXPECT_EQ(*ParseDurationSeconds("1h"), 3600);
  EXPECT_EQ(*ParseDurationSeconds("1s"), 1);
  EXPECT_EQ(*ParseDurationSeconds("1d"), 86400);
  EXPECT_FALSE(ParseDurationSeconds("0m").ok());
  EXPECT_FALSE(ParseDurationSeconds("m").ok());
  EXPECT_FALSE(ParseDurationSeconds("15x").ok());
  EXPECT_EQ(ParseStep("1mo")->months, 1);
  EXPECT_EQ(ParseStep("1d")->seconds, 86400);
  EXPECT_FALSE(ParseStep("1y").ok());
  EXPECT_EQ(FormatDuration(900), "15m");
  EXPECT_EQ(FormatDuration(3600), "1h");
}

TEST(Time, ParsesInstantInZone) {
  EXPECT_EQ(*ParseInstant("2026-07-01T00:15:00Z"), 1782864900);
  // Naive times are read in the given zone: PDT is UTC-7 in July.
  EXPECT_EQ(*ParseInstant("2026-06-30T17:15:00", "America/Los_Angeles"), 1782864900);
  EXPECT_FALSE(ParseInstant("2026-03-08T02:30:00", "America/Los_Angeles").ok());  // DST gap
  EXPECT_FALSE(ParseInstant("yesterday").ok());
}

}  // namespace
}  // namespace gridline
