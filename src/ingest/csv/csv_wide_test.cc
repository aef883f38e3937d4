// Tests of wide-layout rows (one meter-day per row): interval counts, DST days, gaps, and bad
// cells versus bad rows.
#include "fmt/format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ingest/csv/csv_parser.h"
#include "ingest/csv/csv_test_util.h"

namespace gridline::ingest {
namespace {

using ::testing::HasSubstr;

std::string Header(int n, std::string_view lead = "meter_id,date", char delim = ',') {
  std::string s(lead);
  for (int i = 0; i < n; ++i) {
    s += delim;
    s += "h" + std::to_string(i);
  }
  return s + "\n";
}

// A row (without its newline) with n cells `first_value`, `first_value + 1`, ... Wh written
// in kWh.
std::string Cells(std::string_view lead, int n, int first_value = 1, char delim = ',') {
  std::string s(lead);
  for (int i = 0; i < n; ++i) {
    s += delim;
    s += "0." + fmt::format("{:03d}", first_value + i);
  }
  return s;
}

std::string Row(std::string_view lead, int n, int first_value = 1, char delim = ',') {
  return Cells(lead, n, first_value, delim) + "\n";
}

void ExpectNoErrors(const ParsedBlock& b) {
  for (const RowError& e : b.errors) ADD_FAILURE() << FormatRowError(e);
}

TEST(CsvWide, HourlyQuarterHourlyAndFiveMinuteRows) {
  for (const int n : {24, 48, 96, 288}) {
    const ParsedBlock b =
        ParseCsvText(Header(n) + Row("M1,2026-07-01", n) + Row("M2,2026-07-02", n, 10));
    ExpectNoErrors(b);
    ASSERT_EQ(b.rows.size(), 2u * n) << n;
    const int64_t interval_s = 86400 / n;
    for (int i = 0; i < n; ++i) {
      EXPECT_EQ(b.rows[i].time, Utc("2026-07-01T00:00:00Z") + i * interval_s);
      EXPECT_EQ(b.rows[i].value, 1 + i);
      EXPECT_EQ(b.rows[i].meter, 0u);
      EXPECT_EQ(b.rows[i].line, 0u);
      EXPECT_EQ(b.rows[i].channel, ChannelKind::kKwhDelivered);
      EXPECT_EQ(b.rows[n + i].time, Utc("2026-07-02T00:00:00Z") + i * interval_s);
      EXPECT_EQ(b.rows[n + i].value, 10 + i);
      EXPECT_EQ(b.rows[n + i].meter, 1u);
      EXPECT_EQ(b.rows[n + i].line, 1u);
    }
    EXPECT_EQ(b.naive_times, 2u);  // one local date per row
  }
}

TEST(CsvWide, CompactDatesChannelColumnAndSemicolons) {
  const ParsedBlock b = ParseCsvText(Header(24, "meter_id;date;channel", ';') +
                                     Row("M1;20260701;kwh_received", 24, 1, ';') +
                                     Row("M1;20260701;voltage", 24, 1, ';'));
  ExpectNoErrors(b);
  ASSERT_EQ(b.rows.size(), 48u);
  EXPECT_EQ(b.rows[0].time, Utc("2026-07-01T00:00:00Z"));
  EXPECT_EQ(b.rows[0].channel, ChannelKind::kKwhReceived);
  EXPECT_EQ(b.rows[0].value, 1);
  EXPECT_EQ(b.rows[24].channel, ChannelKind::kVoltage);  // its own unit: 0.001 V = 1 mV
  EXPECT_EQ(b.rows[24].value, 1);
}

TEST(CsvWide, EmptyCellsAreGaps) {
  const ParsedBlock b = ParseCsvText(Header(24) + "M,2026-07-01,1,,2" + std::string(21, ',') +
                                     "\n" + "M,2026-07-02" + std::string(24, ',') + "\n");
  ExpectNoErrors(b);
  ASSERT_EQ(b.rows.size(), 2u);
  EXPECT_EQ(b.rows[0].time, Utc("2026-07-01T00:00:00Z"));
  EXPECT_EQ(b.rows[0].value, 1000);
  EXPECT_EQ(b.rows[1].time, Utc("2026-07-01T02:00:00Z"));
  EXPECT_EQ(b.rows[1].value, 2000);
  EXPECT_EQ(b.rejected_readings, 0u);
  EXPECT_EQ(b.meters.size(), 1u);
  EXPECT_EQ(b.naive_times, 1u);
}

// US DST (Energy Policy Act of 2005): the second Sunday of March has 23 hours, the first Sunday
// of November 25 (DOMAIN.md section 1: 92 and 100 quarter-hours).
TEST(CsvWide, SpringForwardDayHas92QuarterHours) {
  const CsvOptions la = InZone("America/Los_Angeles");
  // 92 values then 4 empty cells: all accepted, in elapsed time from local midnight (08:00Z).
  const ParsedBlock ok = ParseCsvText(Header(96) + Cells("M,2026-03-08", 92) + ",,,,\n", la);
  ExpectNoErrors(ok);
  ASSERT_EQ(ok.rows.size(), 92u);
  EXPECT_EQ(ok.rows[0].time, Utc("2026-03-08T08:00:00Z"));
  EXPECT_EQ(ok.rows[8].time, Utc("2026-03-08T10:00:00Z"));   // 03:00 PDT follows 01:45 PST
  EXPECT_EQ(ok.rows[91].time, Utc("2026-03-09T06:45:00Z"));  // 23:45 PDT

  // Cells past the 23rd hour hold values: each is refused, the rest of the row is kept.
  const ParsedBlock over = ParseCsvText(Header(96) + Row("M,2026-03-08", 96), la);
  ASSERT_EQ(over.rows.size(), 92u);
  ASSERT_EQ(over.errors.size(), 4u);
  EXPECT_EQ(over.errors[0].field, "h92");
  EXPECT_EQ(over.errors[3].field, "h95");
  EXPECT_EQ(over.errors[0].reason,
            "beyond the end of a 23-hour DST day: 2026-03-08 has 92 intervals of 15m in "
            "America/Los_Angeles");
  EXPECT_EQ(over.rejected_readings, 4u);

  // The same with a 92-column header.
  const ParsedBlock exact = ParseCsvText(Header(92) + Row("M,2026-03-08", 92), la);
  ExpectNoErrors(exact);
  EXPECT_EQ(exact.rows.size(), 92u);
}

TEST(CsvWide, FallBackDayHas100QuarterHours) {
  const CsvOptions ny = InZone("America/New_York");
  const ParsedBlock b = ParseCsvText(Header(100) + Row("M,2026-11-01", 100), ny);
  ExpectNoErrors(b);
  ASSERT_EQ(b.rows.size(), 100u);
  EXPECT_EQ(b.rows[0].time, Utc("2026-11-01T04:00:00Z"));         // 00:00 EDT
  EXPECT_EQ(b.rows[99].time, Utc("2026-11-02T04:45:00Z"));        // 23:45 EST
  for (const ParsedRow& r : b.rows) EXPECT_EQ(r.ambiguous_s, 0);  // elapsed time: no ambiguity

  // With 96 columns the 25th hour cannot be written, and that is fine.
  const ParsedBlock short_row = ParseCsvText(Header(96) + Row("M,2026-11-01", 96), ny);
  ExpectNoErrors(short_row);
  EXPECT_EQ(short_row.rows.size(), 96u);

  // A 100-column file on an ordinary day: the last 4 cells must be empty.
  const ParsedBlock normal = ParseCsvText(
      Header(100) + Cells("M,2026-07-01", 96) + ",,,,\n" + Row("M,2026-07-02", 100), ny);
  ASSERT_EQ(normal.errors.size(), 4u);
  EXPECT_EQ(normal.errors[0].line, 1u);
  EXPECT_EQ(normal.errors[0].field, "h96");
  EXPECT_EQ(normal.errors[0].reason,
            "beyond the end of the day: 2026-07-02 has 96 intervals of 15m");
  EXPECT_EQ(normal.rows.size(), 192u);
}

TEST(CsvWide, HourlyDstDays) {
  const CsvOptions la = InZone("America/Los_Angeles");
  const ParsedBlock spring = ParseCsvText(Header(23) + Row("M,2026-03-08", 23), la);
  ExpectNoErrors(spring);
  EXPECT_EQ(spring.rows.size(), 23u);
  const ParsedBlock fall = ParseCsvText(Header(25) + Row("M,2026-11-01", 25), la);
  ExpectNoErrors(fall);
  ASSERT_EQ(fall.rows.size(), 25u);
  EXPECT_EQ(fall.rows[24].time, Utc("2026-11-02T07:00:00Z"));  // 23:00 PST
}

TEST(CsvWide, BadCellRejectsOnlyThatReading) {
  const ParsedBlock b =
      ParseCsvText(Header(24) + "M,2026-07-01,1,x,0.0001" + std::string(21, ',') + "\n");
  ASSERT_EQ(b.errors.size(), 2u);
  EXPECT_EQ(b.errors[0].field, "h1");
  EXPECT_EQ(b.errors[0].reason, "not a decimal number: 'x'");
  EXPECT_EQ(b.errors[1].field, "h2");
  EXPECT_THAT(b.errors[1].reason, HasSubstr("more decimals than the resolution of kwh_delivered "
                                            "(0.001 kWh)"));
  ASSERT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(b.rejected_readings, 2u);

  CsvOptions round;
  round.round = true;
  const ParsedBlock r = ParseCsvText(
      Header(24) + "M,2026-07-01,1,0.0015,0.0001" + std::string(21, ',') + "\n", round);
  ExpectNoErrors(r);
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[1].value, 2);
  EXPECT_EQ(r.rows[2].value, 0);
  EXPECT_EQ(r.rounded, 2u);
}

TEST(CsvWide, BadMeterDateOrChannelRejectsTheRow) {
  const std::string cells = std::string(",1,,3") + std::string(21, ',') + "\n";  // 2 readings
  const ParsedBlock b = ParseCsvText(Header(24, "meter_id,date,channel") + ",2026-07-01,kwh" +
                                     cells + "M,2026-02-30,kwh" + cells + "M,2026-7-1,kwh" + cells +
                                     "M,1969-12-31,kwh" + cells + "M,2026-07-01,water" + cells +
                                     "M,,kwh" + cells + "M,2026-07-01,kwh" + cells);
  ASSERT_EQ(b.errors.size(), 6u);
  EXPECT_EQ(b.errors[0].field, "meter_id");
  EXPECT_EQ(b.errors[0].reason, "empty meter id");
  EXPECT_EQ(b.errors[1].field, "date");
  EXPECT_EQ(b.errors[1].reason, "day out of range: '2026-02-30'");
  EXPECT_EQ(b.errors[2].field, "date");
  EXPECT_EQ(b.errors[2].reason, "not a date (expected YYYY-MM-DD or YYYYMMDD): '2026-7-1'");
  EXPECT_EQ(b.errors[3].field, "date");
  EXPECT_THAT(b.errors[3].reason, HasSubstr("outside 1970-01-01 .. 2199-12-31"));
  EXPECT_EQ(b.errors[4].field, "channel");
  EXPECT_THAT(b.errors[4].reason, HasSubstr("unknown channel 'water'"));
  EXPECT_EQ(b.errors[5].field, "date");
  EXPECT_EQ(b.errors[5].reason, "empty date: ''");
  EXPECT_EQ(b.rejected_readings, 12u);
  EXPECT_EQ(b.rows.size(), 2u);
  EXPECT_EQ(b.meters, (std::vector<std::string>{"M"}));
}

TEST(CsvWide, WrongFieldCountCountsTheCellsLost) {
  const ParsedBlock b = ParseCsvText(Header(24) + Row("M,2026-07-01", 23));
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_EQ(b.errors[0].field, "row");
  EXPECT_EQ(b.errors[0].reason, "expected 26 fields (as in the header), found 25");
  EXPECT_EQ(b.rejected_readings, 23u);
}

}  // namespace
}  // namespace gridline::ingest
