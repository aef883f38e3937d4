// --time-format (time_format.h): every directive, bad input and the bounds.
#include "ingest/csv/time_format.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gridline::ingest {
namespace {

using ::testing::HasSubstr;

// The UTC seconds `text` gives under `pattern`, or -1 with the reason in *why.
int64_t Match(std::string_view pattern, std::string_view text, std::string* why = nullptr,
              bool* offset = nullptr) {
  absl::StatusOr<TimeFormat> f = TimeFormat::Parse(pattern);
  EXPECT_TRUE(f.ok()) << f.status();
  if (!f.ok()) return -1;
  ParsedTime t;
  if (const char* r = f->Match(text, &t)) {
    if (why != nullptr) *why = r;
    return -1;
  }
  if (offset != nullptr) *offset = t.has_offset;
  return t.seconds;
}

int64_t Utc(int y, unsigned m, unsigned d, int h = 0, int mi = 0, int s = 0) {
  return DaysFromCivil(y, m, d) * kSecondsPerDay + h * 3600 + mi * 60 + s;
}

TEST(TimeFormat, EveryDirective) {
  EXPECT_EQ(Match("%m/%d/%Y %H:%M", "10/1/2004 1:00"), Utc(2004, 10, 1, 1));  // PJM
  EXPECT_EQ(Match("%m/%d/%Y %H:%M:%S", "03/11/2026 13:20:10"), Utc(2026, 3, 11, 13, 20, 10));
  EXPECT_EQ(Match("%d/%m/%Y", "31/12/2013"), Utc(2013, 12, 31));
  EXPECT_EQ(Match("%y%m%d", "260308"), Utc(2026, 3, 8));
  EXPECT_EQ(Match("%d %b %Y %I:%M %p", "08 mar 2026 12:15 AM"), Utc(2026, 3, 8, 0, 15));
  EXPECT_EQ(Match("%d %b %Y %I:%M %p", "08 Mar 2026 12:15 PM"), Utc(2026, 3, 8, 12, 15));
  EXPECT_EQ(Match("%d %b %Y %I:%M %p", "08 MAR 2026 1:15 pm"), Utc(2026, 3, 8, 13, 15));
  EXPECT_EQ(Match("%FT%T", "2026-07-01T00:15:00"), Utc(2026, 7, 1, 0, 15));
  EXPECT_EQ(Match("%D %H", "07/01/26 5"), Utc(2026, 7, 1, 5));
  EXPECT_EQ(Match("%F %T.%f", "2026-07-01 00:15:00.000"), Utc(2026, 7, 1, 0, 15));
  EXPECT_EQ(Match("%Y%%%m%%%d", "2026%07%01"), Utc(2026, 7, 1));
  bool offset = false;
  EXPECT_EQ(Match("%F %H:%M%z", "2026-07-01 02:00+02:00", nullptr, &offset), Utc(2026, 7, 1));
  EXPECT_TRUE(offset);
  EXPECT_EQ(Match("%F %H:%M%z", "2026-07-01 02:00-0130"), Utc(2026, 7, 1, 3, 30));
  EXPECT_EQ(Match("%F %H:%M%z", "2026-07-01 02:00Z"), Utc(2026, 7, 1, 2));
  EXPECT_EQ(Match("%F %H:%M", "2026-07-01 02:00", nullptr, &offset), Utc(2026, 7, 1, 2));
  EXPECT_FALSE(offset);
  // 24:00 ends the day (hour-ending files); a space matches a run of spaces; spaces around.
  EXPECT_EQ(Match("%m/%d/%Y %H:%M", "12/31/2017  24:00 "), Utc(2018, 1, 1));
}

TEST(TimeFormat, BadTextSaysWhy) {
  std::string why;
  EXPECT_EQ(Match("%m/%d/%Y %H:%M", "13/01/2004 1:00", &why), -1);
  EXPECT_EQ(why, "month out of range");
  EXPECT_EQ(Match("%m/%d/%Y %H:%M", "02/30/2004 1:00", &why), -1);
  EXPECT_EQ(why, "day out of range");
  EXPECT_EQ(Match("%m/%d/%Y %H:%M", "02/28/2004 24:01", &why), -1);
  EXPECT_EQ(why, "hour out of range");
  EXPECT_EQ(Match("%m/%d/%Y %H:%M", "02/28/2004 1:60", &why), -1);
  EXPECT_EQ(why, "minute or second out of range");
  EXPECT_EQ(Match("%m/%d/%Y %H:%M", "2004-02-28 01:00", &why), -1);
  EXPECT_EQ(why, "does not match --time-format");
  EXPECT_EQ(Match("%m/%d/%Y %H:%M", "02/28/2004 1:00:00", &why), -1);
  EXPECT_EQ(why, "text after the end of --time-format");
  EXPECT_EQ(Match("%m/%d/%Y", "02/28/04", &why), -1);
  EXPECT_EQ(why, "year is not 4 digits");
  EXPECT_EQ(Match("%m/%d/%Y %I %p", "02/28/2004 13 PM", &why), -1);
  EXPECT_EQ(why, "hour out of range (1-12 with AM/PM)");
  EXPECT_EQ(Match("%F %T.%f", "2026-07-01 00:15:00.500", &why), -1);
  EXPECT_EQ(why, "fractional seconds are not zero");
  EXPECT_EQ(Match("%F %H%z", "2026-07-01 00+25", &why), -1);
  EXPECT_EQ(why, "UTC offset out of range");
  EXPECT_EQ(Match("%d %b %Y", "01 Foo 2026", &why), -1);
  EXPECT_EQ(Match("%F", "", &why), -1);
  EXPECT_EQ(why, "empty timestamp");
  // A digit run is bounded: 1-2 digits per field, so 123 is not a month.
  EXPECT_EQ(Match("%m%d%Y", "1232026", &why), -1);
}

TEST(TimeFormat, BadPatternsAreRefused) {
  EXPECT_THAT(TimeFormat::Parse("%H:%M").status().message(), HasSubstr("needs a year"));
  EXPECT_THAT(TimeFormat::Parse("%Y-%m-%d %Q").status().message(),
              HasSubstr("unknown directive %Q"));
  EXPECT_THAT(TimeFormat::Parse("%Y-%m-%d %").status().message(), HasSubstr("lone %"));
  EXPECT_THAT(TimeFormat::Parse("%F %I:%M").status().message(), HasSubstr("%I and %p"));
  EXPECT_THAT(TimeFormat::Parse(std::string(65, 'x')).status().message(),
              HasSubstr("more than 64"));
  EXPECT_TRUE(TimeFormat::Parse("%F").ok());
}

}  // namespace
}  // namespace gridline::ingest
