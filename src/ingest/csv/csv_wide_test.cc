// Tests of wide-layout rows (one meter-day per row): interval counts, DST days, gaps, and bad
// cells versus bad rows.
#include <algorithm>

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
// of November 25 (docs/domain.md section 1: 92 and 100 quarter-hours).
TEST(CsvWide, SpringForwardDayHas92QuarterHours) {
  const CsvOptions la = InZone("America/Los_Angeles");
  // 96 columns without time labels are the wall-clock quarter-hours 00:00 .. 23:45: the four of
  // 02:00 .. 02:45 stay empty, and column h12 is 03:00 PDT.
  std::string row = "M,2026-03-08";
  for (int i = 0; i < 96; ++i) row += i >= 8 && i < 12 ? std::string(",") : fmt::format(",{}", i);
  const ParsedBlock ok = ParseCsvText(Header(96) + row + "\n", la);
  ExpectNoErrors(ok);
  ASSERT_EQ(ok.rows.size(), 92u);
  EXPECT_EQ(ok.rows[0].time, Utc("2026-03-08T08:00:00Z"));
  EXPECT_EQ(ok.rows[8].time, Utc("2026-03-08T10:00:00Z"));  // 03:00 PDT follows 01:45 PST
  EXPECT_EQ(ok.rows[8].value, 12000);
  EXPECT_EQ(ok.rows[91].time, Utc("2026-03-09T06:45:00Z"));  // 23:45 PDT

  // Values in the skipped hour: the row does not fit the day and is refused whole.
  const ParsedBlock over = ParseCsvText(Header(96) + Row("M,2026-03-08", 96), la);
  EXPECT_TRUE(over.rows.empty());
  ASSERT_EQ(over.errors.size(), 1u);
  EXPECT_EQ(over.errors[0].field, "h8");
  EXPECT_EQ(over.errors[0].reason,
            "02:00 does not exist on 2026-03-08 in America/Los_Angeles (the clocks skip that "
            "hour; the day has 92 quarter-hours): the cell must be empty");
  EXPECT_EQ(over.rejected_readings, 96u);

  // A 92-column header without time labels is the day in elapsed time.
  const ParsedBlock exact = ParseCsvText(Header(92) + Row("M,2026-03-08", 92), la);
  ExpectNoErrors(exact);
  ASSERT_EQ(exact.rows.size(), 92u);
  EXPECT_EQ(exact.rows[8].time, Utc("2026-03-08T10:00:00Z"));
}

TEST(CsvWide, FallBackDayHas100QuarterHours) {
  const CsvOptions ny = InZone("America/New_York");
  const ParsedBlock b = ParseCsvText(Header(100) + Row("M,2026-11-01", 100), ny);
  ExpectNoErrors(b);
  ASSERT_EQ(b.rows.size(), 100u);
  EXPECT_EQ(b.rows[0].time, Utc("2026-11-01T04:00:00Z"));         // 00:00 EDT
  EXPECT_EQ(b.rows[99].time, Utc("2026-11-02T04:45:00Z"));        // 23:45 EST
  for (const ParsedRow& r : b.rows) EXPECT_EQ(r.ambiguous_s, 0);  // elapsed time: no ambiguity

  // A 96-column row cannot say which 01:00 it means: refused, saying the day has 100.
  const ParsedBlock short_row = ParseCsvText(Header(96) + Row("M,2026-11-01", 96), ny);
  EXPECT_TRUE(short_row.rows.empty());
  ASSERT_EQ(short_row.errors.size(), 1u);
  EXPECT_EQ(short_row.errors[0].field, "h4");
  EXPECT_EQ(short_row.errors[0].reason,
            "2026-11-01 has 100 quarter-hours in America/New_York (01:00 comes twice as the "
            "clocks go back), but the header lists 01:00 once, so the row cannot say which: use "
            "a header that lists the repeated hour twice (100 interval columns)");
  EXPECT_EQ(short_row.rejected_readings, 96u);

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

// A header of local clock labels, `00:00` ... for n columns of `interval_s`, with the labels of
// [repeat_from, repeat_to) listed twice (a fall-back header) and [skip_from, skip_to) left out.
std::string ClockHeader(int64_t interval_s, int64_t repeat_from = -1, int64_t repeat_to = -1,
                        int64_t skip_from = -1, int64_t skip_to = -1, bool end = false) {
  std::vector<std::string> labels;
  auto add = [&](int64_t t) {
    const int64_t shown = end ? t + interval_s : t;
    labels.push_back(fmt::format("{:02d}:{:02d}", shown / 3600, shown / 60 % 60));
  };
  for (int64_t t = 0; t < 86400; t += interval_s) {
    if (t >= skip_from && t < skip_to) continue;
    add(t);
    if (t + interval_s == repeat_to) {
      for (int64_t r = repeat_from; r < repeat_to; r += interval_s) add(r);
    }
  }
  std::string s = "meter_id,date";
  for (const std::string& l : labels) s += "," + l;
  return s + "\n";
}

int CountColumns(const std::string& header) {
  return static_cast<int>(std::count(header.begin(), header.end(), ',')) - 1;
}

// Found in issue 11: wide cells were placed by position, so on a DST day every value after the
// change was shifted by an hour, silently. They land where their labels say in local time.
TEST(CsvWide, LabelledColumnsLandAtTheirLocalTimeOnDstDays) {
  struct Zone {
    const char* name;
    const char* spring;
    const char* fall;
    int64_t skipped;  // local start of the skipped (and of the repeated) hour
    const char* spring_0300_utc;
    const char* fall_first_pass_utc;
  };
  for (const Zone& z : {Zone{"America/New_York", "2026-03-08", "2026-11-01", 7200,
                             "2026-03-08T07:00:00Z", "2026-11-01T05:00:00Z"},
                        Zone{"Europe/Berlin", "2026-03-29", "2026-10-25", 7200,
                             "2026-03-29T01:00:00Z", "2026-10-25T00:00:00Z"}}) {
    SCOPED_TRACE(z.name);
    const CsvOptions o = InZone(z.name);
    // New York skips 02:00 and repeats 01:00; Berlin skips 02:00 and repeats 02:00.
    const int64_t repeated = std::string_view(z.name) == "Europe/Berlin" ? 7200 : 3600;
    // Spring: a 92-column labelled header without the skipped hour, and a 96-column one whose
    // skipped-hour cells are empty, give the same 92 readings.
    const std::string h92 = ClockHeader(900, -1, -1, z.skipped, z.skipped + 3600);
    ASSERT_EQ(CountColumns(h92), 92);
    const ParsedBlock spring = ParseCsvText(h92 + Row(std::string("M,") + z.spring, 92), o);
    ExpectNoErrors(spring);
    ASSERT_EQ(spring.rows.size(), 92u);
    EXPECT_EQ(spring.rows[8].time, Utc(z.spring_0300_utc));  // the `03:00` column
    for (size_t i = 1; i < spring.rows.size(); ++i) {
      EXPECT_EQ(spring.rows[i].time - spring.rows[i - 1].time, 900) << i;
    }
    // Fall: a 100-column labelled header lists the repeated hour twice: first pass, then second.
    const std::string h100 = ClockHeader(900, repeated, repeated + 3600);
    ASSERT_EQ(CountColumns(h100), 100);
    const ParsedBlock fall = ParseCsvText(h100 + Row(std::string("M,") + z.fall, 100), o);
    ExpectNoErrors(fall);
    ASSERT_EQ(fall.rows.size(), 100u);
    const size_t first_pass = static_cast<size_t>(repeated / 900);
    EXPECT_EQ(fall.rows[first_pass].time, Utc(z.fall_first_pass_utc));
    EXPECT_EQ(fall.rows[first_pass + 4].time, Utc(z.fall_first_pass_utc) + 3600);
    for (size_t i = 1; i < fall.rows.size(); ++i) {
      EXPECT_EQ(fall.rows[i].time - fall.rows[i - 1].time, 900) << i;
    }
    // The same 100-column header on an ordinary day: the second pass must stay empty.
    const ParsedBlock ordinary = ParseCsvText(h100 + Row("M,2026-07-01", 100), o);
    EXPECT_TRUE(ordinary.rows.empty());
    ASSERT_EQ(ordinary.errors.size(), 1u);
    EXPECT_NE(ordinary.errors[0].reason.find("comes once on 2026-07-01"), std::string::npos)
        << ordinary.errors[0].reason;
  }
}

TEST(CsvWide, HourlyLabelledFilesOnDstDays) {
  const CsvOptions ny = InZone("America/New_York");
  // 24 hourly columns: the `02:00` cell empty on the spring day, 23 readings.
  std::string row = "M,2026-03-08";
  for (int h = 0; h < 24; ++h) row += h == 2 ? std::string(",") : fmt::format(",{}", h);
  const ParsedBlock spring = ParseCsvText(ClockHeader(3600) + row + "\n", ny);
  ExpectNoErrors(spring);
  ASSERT_EQ(spring.rows.size(), 23u);
  EXPECT_EQ(spring.rows[2].time, Utc("2026-03-08T07:00:00Z"));  // `03:00` EDT
  EXPECT_EQ(spring.rows[2].value, 3000);
  // 24 columns on the fall day: the day has 25 hours.
  const ParsedBlock fall24 = ParseCsvText(ClockHeader(3600) + Row("M,2026-11-01", 24), ny);
  ASSERT_EQ(fall24.errors.size(), 1u);
  EXPECT_EQ(fall24.errors[0].reason.substr(0, 35), "2026-11-01 has 25 hours in America/");
  // 25 columns with `01:00` twice.
  const ParsedBlock fall25 =
      ParseCsvText(ClockHeader(3600, 3600, 7200) + Row("M,2026-11-01", 25), ny);
  ExpectNoErrors(fall25);
  ASSERT_EQ(fall25.rows.size(), 25u);
  EXPECT_EQ(fall25.rows[1].time, Utc("2026-11-01T05:00:00Z"));   // 01:00 EDT
  EXPECT_EQ(fall25.rows[2].time, Utc("2026-11-01T06:00:00Z"));   // 01:00 EST
  EXPECT_EQ(fall25.rows[24].time, Utc("2026-11-02T04:00:00Z"));  // 23:00 EST
}

TEST(CsvWide, LabelEndReadsColumnLabelsAsIntervalEnds) {
  CsvOptions o = InZone("America/New_York");
  o.label_end = true;
  const std::string header = ClockHeader(900, -1, -1, -1, -1, /*end=*/true);  // 00:15 .. 24:00
  const ParsedBlock b = ParseCsvText(header + Row("M,2026-07-01", 96), o);
  ExpectNoErrors(b);
  ASSERT_EQ(b.rows.size(), 96u);
  EXPECT_EQ(b.rows[0].time, Utc("2026-07-01T04:00:00Z"));   // `00:15` ends 00:00-00:15 EDT
  EXPECT_EQ(b.rows[95].time, Utc("2026-07-02T03:45:00Z"));  // `24:00` ends 23:45-24:00
}

TEST(CsvWide, HeaderWithMixedOrOffGridLabelsIsRefused) {
  std::string mixed = "meter_id,date";
  for (int i = 0; i < 24; ++i)
    mixed += i == 5 ? std::string(",five") : fmt::format(",{:02d}:00", i);
  auto m = ParseCsvHeader(mixed, {});
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("interval column 8 is 'five'"), std::string::npos)
      << m.status();
  std::string off = "meter_id,date";
  for (int i = 0; i < 24; ++i) off += fmt::format(",{:02d}:{:02d}", i, i == 3 ? 30 : 0);
  EXPECT_FALSE(ParseCsvHeader(off, {}).ok());
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
