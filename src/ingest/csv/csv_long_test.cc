// Tests of long-layout rows: every accepted variant, and every kind of bad row with its field and
// reason.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ingest/csv/csv_parser.h"
#include "ingest/csv/csv_test_util.h"

namespace gridline::ingest {
namespace {

using ::testing::HasSubstr;

// The one error of a block that should have exactly one.
RowError OnlyError(const ParsedBlock& b) {
  EXPECT_EQ(b.errors.size(), 1u);
  if (b.errors.size() > 1) {
    for (const RowError& e : b.errors) ADD_FAILURE() << "error: " << FormatRowError(e);
  }
  return b.errors.empty() ? RowError{} : b.errors[0];
}

void ExpectNoErrors(const ParsedBlock& b) {
  for (const RowError& e : b.errors) ADD_FAILURE() << FormatRowError(e);
}

TEST(CsvLong, CanonicalRows) {
  const ParsedBlock b = ParseCsvText(
      "meter_id,timestamp,kwh\n"
      "M0001,2026-07-01T00:15:00Z,0.219\n"
      "M0001,2026-07-01T00:30:00Z,1.5\n"
      "M0002,2026-07-01T00:15:00Z,12\n"
      "M0001,2026-07-01T00:45:00Z,-0.004\n");
  ExpectNoErrors(b);
  ASSERT_EQ(b.rows.size(), 4u);
  EXPECT_EQ(b.meters, (std::vector<std::string>{"M0001", "M0002"}));
  EXPECT_EQ(b.line_count, 4u);
  EXPECT_EQ(b.rows[0].time, Utc("2026-07-01T00:15:00Z"));
  EXPECT_EQ(b.rows[0].value, 219);
  EXPECT_EQ(b.rows[0].meter, 0u);
  EXPECT_EQ(b.rows[0].line, 0u);
  EXPECT_EQ(b.rows[0].channel, ChannelKind::kKwhDelivered);
  EXPECT_EQ(b.rows[0].quality, Quality::kActual);
  EXPECT_EQ(b.rows[0].ambiguous_s, 0);
  EXPECT_EQ(b.rows[1].value, 1500);
  EXPECT_EQ(b.rows[2].value, 12000);
  EXPECT_EQ(b.rows[2].meter, 1u);
  EXPECT_EQ(b.rows[3].value, -4);
  EXPECT_EQ(b.rows[3].meter, 0u);
  EXPECT_EQ(b.rows[3].line, 3u);
  EXPECT_EQ(b.naive_times, 0u);
  EXPECT_EQ(b.rejected_readings, 0u);
}

TEST(CsvLong, ChannelAndQualityColumnsInAnyOrder) {
  const ParsedBlock b = ParseCsvText(
      "quality,kwh,channel,extra,timestamp,meter_id\n"
      "E,0.5,kwh_received,x,2026-07-01T00:00:00Z,A\n"
      "actual,0.25,net,,2026-07-01T00:00:00Z,A\n"
      ",1,,y,2026-07-01T00:00:00Z,A\n"
      "S,2,Register,z,2026-07-01T00:00:00Z,A\n");
  ExpectNoErrors(b);
  ASSERT_EQ(b.rows.size(), 4u);
  EXPECT_EQ(b.rows[0].channel, ChannelKind::kKwhReceived);
  EXPECT_EQ(b.rows[0].quality, Quality::kEstimated);
  EXPECT_EQ(b.rows[0].value, 500);
  EXPECT_EQ(b.rows[1].channel, ChannelKind::kKwhNet);
  EXPECT_EQ(b.rows[1].quality, Quality::kActual);
  EXPECT_EQ(b.rows[2].channel, ChannelKind::kKwhDelivered);  // empty cell: the default
  EXPECT_EQ(b.rows[3].channel, ChannelKind::kKwhRegister);
  EXPECT_EQ(b.rows[3].quality, Quality::kSuspect);
}

TEST(CsvLong, WhColumnIsAlreadyWh) {
  const ParsedBlock b = ParseCsvText(
      "meter_id,timestamp,wh\n"
      "M,2026-07-01T00:00:00Z,219\n"
      "M,2026-07-01T00:15:00Z,219.000\n"
      "M,2026-07-01T00:30:00Z,2.19e2\n");
  ExpectNoErrors(b);
  ASSERT_EQ(b.rows.size(), 3u);
  for (const ParsedRow& r : b.rows) EXPECT_EQ(r.value, 219);
}

TEST(CsvLong, WhColumnRefusesFractionsOfWh) {
  const ParsedBlock b = ParseCsvText("meter_id,timestamp,wh\nM,2026-07-01T00:00:00Z,219.5\n");
  const RowError e = OnlyError(b);
  EXPECT_EQ(e.field, "wh");
  EXPECT_THAT(e.reason, HasSubstr("'219.5' has more decimals than the resolution of "
                                  "kwh_delivered (1 Wh); use --round"));
}

TEST(CsvLong, ValueColumnInTheChannelsOwnUnit) {
  CsvOptions o;
  o.channel = ChannelKind::kVoltage;
  const ParsedBlock v = ParseCsvText("meter_id,timestamp,value\nM,2026-07-01T00:00:00Z,239.5\n", o);
  ExpectNoErrors(v);
  ASSERT_EQ(v.rows.size(), 1u);
  EXPECT_EQ(v.rows[0].channel, ChannelKind::kVoltage);
  EXPECT_EQ(v.rows[0].value, 239500);  // mV

  const ParsedBlock c = ParseCsvText(
      "meter_id,timestamp,channel,value\n"
      "M,2026-07-01T00:00:00Z,temperature,21.25\n"
      "M,2026-07-01T00:00:00Z,price,31.12345\n"
      "M,2026-07-01T00:00:00Z,kw,3.5\n");
  ExpectNoErrors(c);
  ASSERT_EQ(c.rows.size(), 3u);
  EXPECT_EQ(c.rows[0].channel, ChannelKind::kTemperature);
  EXPECT_EQ(c.rows[0].value, 2125);
  EXPECT_EQ(c.rows[1].channel, ChannelKind::kPrice);
  EXPECT_EQ(c.rows[1].value, 3112345);
  EXPECT_EQ(c.rows[2].channel, ChannelKind::kKwDemand);
  EXPECT_EQ(c.rows[2].value, 3500);
}

TEST(CsvLong, ValueColumnWithEmptyChannelCell) {
  const ParsedBlock b =
      ParseCsvText("meter_id,timestamp,channel,value\nM,2026-07-01T00:00:00Z,,1\n");
  const RowError e = OnlyError(b);
  EXPECT_EQ(e.field, "channel");
  EXPECT_THAT(e.reason, HasSubstr("empty channel"));
}

TEST(CsvLong, OffsetsZuluAndNaiveTimes) {
  const ParsedBlock b = ParseCsvText(
      "meter_id,timestamp,kwh\n"
      "M,2026-07-01T02:15:00+02:00,1\n"
      "M,2026-06-30T16:15:00-0800,1\n"
      "M,2026-07-01T00:15Z,1\n"
      "M,2026-07-01 00:15:00,1\n"
      "M,2026-07-01T00:15:00,1\n"
      "M,2026-07-01T00:15:00.000Z,1\n");
  ExpectNoErrors(b);
  ASSERT_EQ(b.rows.size(), 6u);
  for (const ParsedRow& r : b.rows) EXPECT_EQ(r.time, Utc("2026-07-01T00:15:00Z"));
  EXPECT_EQ(b.naive_times, 2u);
}

TEST(CsvLong, NaiveTimesReadInZone) {
  const ParsedBlock b = ParseCsvText(
      "meter_id,timestamp,kwh\n"
      "M,2026-07-01 00:15:00,1\n"
      "M,2026-01-15T08:00:00,1\n"
      "M,2026-07-01T00:15:00Z,1\n",
      InZone("America/New_York"));
  ExpectNoErrors(b);
  ASSERT_EQ(b.rows.size(), 3u);
  EXPECT_EQ(b.rows[0].time, Utc("2026-07-01T04:15:00Z"));  // EDT
  EXPECT_EQ(b.rows[1].time, Utc("2026-01-15T13:00:00Z"));  // EST
  EXPECT_EQ(b.rows[2].time, Utc("2026-07-01T00:15:00Z"));  // an offset ignores --tz
  EXPECT_EQ(b.naive_times, 2u);
}

// DST in the US (Energy Policy Act of 2005): 2026-03-08 02:00 local jumps to 03:00, and
// 2026-11-01 02:00 falls back to 01:00.
TEST(CsvLong, DstGapTimeIsARowError) {
  const ParsedBlock b =
      ParseCsvText("meter_id,timestamp,kwh\nM,2026-03-08 02:30:00,1\nM,2026-03-08 03:00:00,1\n",
                   InZone("America/Los_Angeles"));
  const RowError e = OnlyError(b);
  EXPECT_EQ(e.line, 0u);
  EXPECT_EQ(e.field, "timestamp");
  EXPECT_EQ(e.reason,
            "'2026-03-08 02:30:00' does not exist in America/Los_Angeles (the clocks skip that "
            "hour when DST starts)");
  ASSERT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(b.rows[0].time, Utc("2026-03-08T10:00:00Z"));
  EXPECT_EQ(b.rejected_readings, 1u);
}

TEST(CsvLong, AmbiguousTimeGivesFirstOccurrenceAndTheGap) {
  const ParsedBlock b =
      ParseCsvText("meter_id,timestamp,kwh\nM,2026-11-01 01:30:00,1\nM,2026-11-01T00:30:00,1\n",
                   InZone("America/Los_Angeles"));
  ExpectNoErrors(b);
  ASSERT_EQ(b.rows.size(), 2u);
  EXPECT_EQ(b.rows[0].time, Utc("2026-11-01T08:30:00Z"));  // PDT, the first pass
  EXPECT_EQ(b.rows[0].ambiguous_s, 3600);                  // PST pass an hour later
  EXPECT_EQ(b.rows[1].ambiguous_s, 0);
}

TEST(CsvLong, SemicolonTabQuotesCrlfBlankLines) {
  const ParsedBlock semi = ParseCsvText(
      "meter_id;timestamp;kwh\r\n"
      "M1;2026-07-01T00:00:00Z;0.5\r\n"
      "\r\n"
      "\"M;2\";\"2026-07-01T00:00:00Z\";\" 0.25 \"\r\n");
  ExpectNoErrors(semi);
  ASSERT_EQ(semi.rows.size(), 2u);
  EXPECT_EQ(semi.meters[1], "M;2");
  EXPECT_EQ(semi.rows[1].value, 250);
  EXPECT_EQ(semi.rows[1].line, 2u);
  EXPECT_EQ(semi.line_count, 3u);

  const ParsedBlock tab = ParseCsvText(
      "meter_id\ttimestamp\tkwh\n"
      "M1\t2026-07-01T00:00:00Z\t0.5\n"
      "   \n"
      "\n"
      "M1\t2026-07-01T00:15:00Z\t0.75");  // no final newline
  ExpectNoErrors(tab);
  ASSERT_EQ(tab.rows.size(), 2u);
  EXPECT_EQ(tab.rows[1].line, 3u);
  EXPECT_EQ(tab.rows[1].value, 750);
  EXPECT_EQ(tab.line_count, 4u);
}

TEST(CsvLong, BomHeaderAndCrlfWithoutQuotes) {
  // No quote in the block: the one-pass splitter, which must drop the CR itself.
  const ParsedBlock b = ParseCsvText(
      "\xEF\xBB\xBFmeter_id,timestamp,kwh,quality\r\n"
      "M1,2026-07-01T00:00:00Z,0.5,E\r\n"
      "\r\n"
      "M1,2026-07-01T00:15:00Z,0.5,\r\n"
      "M1,2026-07-01T00:30:00Z,0.5,est \r\n");
  ExpectNoErrors(b);
  ASSERT_EQ(b.rows.size(), 3u);
  EXPECT_EQ(b.rows[0].quality, Quality::kEstimated);
  EXPECT_EQ(b.rows[1].quality, Quality::kActual);
  EXPECT_EQ(b.rows[1].line, 2u);
  EXPECT_EQ(b.rows[2].quality, Quality::kEstimated);
  EXPECT_EQ(b.line_count, 4u);
}

TEST(CsvLong, QuotedFieldsWithEscapesAndSpaces) {
  const ParsedBlock b = ParseCsvText(
      "meter_id,timestamp,kwh\n"
      "\"Meter \"\"7\"\", 1st floor\",2026-07-01T00:00:00Z,1\n"
      "  \"M8\"  , 2026-07-01T00:00:00Z ,  2  \n"
      "M\"9,2026-07-01T00:00:00Z,3\n");
  ExpectNoErrors(b);
  EXPECT_EQ(b.meters, (std::vector<std::string>{"Meter \"7\", 1st floor", "M8", "M\"9"}));
  ASSERT_EQ(b.rows.size(), 3u);
  EXPECT_EQ(b.rows[1].value, 2000);
}

TEST(CsvLong, QuoteErrors) {
  const ParsedBlock b = ParseCsvText(
      "meter_id,timestamp,kwh\n"
      "\"M1,2026-07-01T00:00:00Z,1\n"
      "\"M1\"x,2026-07-01T00:00:00Z,1\n");
  ASSERT_EQ(b.errors.size(), 2u);
  EXPECT_EQ(b.errors[0].field, "row");
  EXPECT_THAT(b.errors[0].reason, HasSubstr("unterminated quoted field"));
  EXPECT_EQ(b.errors[1].field, "row");
  EXPECT_THAT(b.errors[1].reason, HasSubstr("text after the closing quote"));
  EXPECT_EQ(b.rejected_readings, 2u);
}

TEST(CsvLong, WrongFieldCount) {
  const ParsedBlock b = ParseCsvText(
      "meter_id,timestamp,kwh\n"
      "M1,2026-07-01T00:00:00Z\n"
      "M1,2026-07-01T00:00:00Z,1,\n"
      "M1,2026-07-01T00:00:00Z,1\n");
  ASSERT_EQ(b.errors.size(), 2u);
  EXPECT_EQ(b.errors[0].line, 0u);
  EXPECT_EQ(b.errors[0].field, "row");
  EXPECT_EQ(b.errors[0].reason, "expected 3 fields (as in the header), found 2");
  EXPECT_EQ(b.errors[1].line, 1u);
  EXPECT_EQ(b.errors[1].reason, "expected 3 fields (as in the header), found 4");
  EXPECT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(b.rejected_readings, 2u);
}

TEST(CsvLong, BadMeterIds) {
  const std::string long_id(129, 'x');
  const std::string max_id(128, 'y');
  const ParsedBlock b = ParseCsvText(
      "meter_id,timestamp,kwh\n"
      ",2026-07-01T00:00:00Z,1\n"
      "   ,2026-07-01T00:00:00Z,1\n" +
      long_id + ",2026-07-01T00:00:00Z,1\n" + max_id +
      ",2026-07-01T00:00:00Z,1\n"
      "M\x01X,2026-07-01T00:00:00Z,1\n"
      "\"M\x1b[31m\",2026-07-01T00:00:00Z,1\n"
      "M\xff,2026-07-01T00:00:00Z,1\n"
      "Z\xC3\xA4hler,2026-07-01T00:00:00Z,1\n");
  ASSERT_EQ(b.errors.size(), 6u);
  for (const RowError& e : b.errors) EXPECT_EQ(e.field, "meter_id");
  EXPECT_EQ(b.errors[0].reason, "empty meter id");
  EXPECT_EQ(b.errors[1].reason, "empty meter id");
  EXPECT_EQ(b.errors[2].reason, "meter id is 129 bytes long; at most 128 are allowed");
  EXPECT_EQ(b.errors[3].line, 4u);
  EXPECT_EQ(b.errors[3].reason, "meter id contains the control character 0x01 at byte 2");
  EXPECT_EQ(b.errors[4].reason, "meter id contains the control character 0x1B at byte 2");
  EXPECT_EQ(b.errors[5].reason, "meter id is not valid UTF-8 (byte 2)");
  EXPECT_EQ(b.meters, (std::vector<std::string>{max_id, "Z\xC3\xA4hler"}));
  EXPECT_EQ(b.rejected_readings, 6u);
}

TEST(CsvLong, BadTimestamps) {
  const ParsedBlock b = ParseCsvText(
      "meter_id,timestamp,kwh\n"
      "M,2026/07/01 00:00,1\n"
      "M,2026-13-01T00:00:00Z,1\n"
      "M,2026-02-29T00:00:00Z,1\n"
      "M,2026-07-01T25:00:00Z,1\n"
      "M,2026-07-01T00:00:00.5Z,1\n"
      "M,2026-07-01T00:00:00Q,1\n"
      "M,,1\n"
      "M,1969-12-31T23:45:00Z,1\n"
      "M,2200-01-01T00:00:00Z,1\n"
      "M,2199-12-31T23:45:00Z,1\n"
      "M,1970-01-01T00:00:00Z,1\n");
  ASSERT_EQ(b.errors.size(), 9u);
  for (const RowError& e : b.errors) EXPECT_EQ(e.field, "timestamp");
  EXPECT_EQ(b.errors[0].reason,
            "not an ISO 8601 timestamp (expected YYYY-MM-DDTHH:MM:SSZ): '2026/07/01 00:00'");
  EXPECT_EQ(b.errors[1].reason, "month out of range: '2026-13-01T00:00:00Z'");
  EXPECT_EQ(b.errors[2].reason, "day out of range: '2026-02-29T00:00:00Z'");
  EXPECT_EQ(b.errors[3].reason, "hour out of range: '2026-07-01T25:00:00Z'");
  EXPECT_THAT(b.errors[4].reason, HasSubstr("whole-second"));
  EXPECT_THAT(b.errors[5].reason, HasSubstr("unexpected characters after timestamp"));
  EXPECT_EQ(b.errors[6].reason, "empty timestamp: ''");
  EXPECT_EQ(b.errors[7].reason,
            "'1969-12-31T23:45:00Z' is before 1970-01-01T00:00:00Z, the earliest time stored");
  EXPECT_THAT(b.errors[8].reason, HasSubstr("at or after 2200-01-01T00:00:00Z"));
  ASSERT_EQ(b.rows.size(), 2u);
  EXPECT_EQ(b.rows[0].time, Utc("2199-12-31T23:45:00Z"));
  EXPECT_EQ(b.rows[1].time, 0);
}

TEST(CsvLong, PreEpochNaiveTimeInZone) {
  const ParsedBlock b =
      ParseCsvText("meter_id,timestamp,kwh\nM,1970-01-01 00:00:00,1\n", InZone("Europe/Berlin"));
  EXPECT_THAT(OnlyError(b).reason, HasSubstr("before 1970-01-01T00:00:00Z"));
}

TEST(CsvLong, BadValues) {
  const ParsedBlock b = ParseCsvText(
      "meter_id,timestamp,kwh\n"
      "M,2026-07-01T00:00:00Z,\n"
      "M,2026-07-01T00:00:00Z,abc\n"
      "M,2026-07-01T00:00:00Z,1.2.3\n"
      "M,2026-07-01T00:00:00Z,0.2191\n"
      "M,2026-07-01T00:00:00Z,99999999999999999999\n"
      "M,2026-07-01T00:00:00Z,1e400\n"
      "M,2026-07-01T00:00:00Z,NaN\n"
      "M,2026-07-01T00:00:00Z,0.2190\n");
  ASSERT_EQ(b.errors.size(), 7u);
  for (const RowError& e : b.errors) EXPECT_EQ(e.field, "kwh");
  EXPECT_EQ(b.errors[0].reason, "empty value");
  EXPECT_EQ(b.errors[1].reason, "not a decimal number: 'abc'");
  EXPECT_EQ(b.errors[2].reason, "not a decimal number: '1.2.3'");
  EXPECT_EQ(b.errors[3].reason,
            "'0.2191' has more decimals than the resolution of kwh_delivered (0.001 kWh); use "
            "--round to round them");
  EXPECT_EQ(b.errors[4].reason, "value out of range: '99999999999999999999'");
  EXPECT_EQ(b.errors[5].reason, "value out of range: '1e400'");
  EXPECT_EQ(b.errors[6].reason, "not a decimal number: 'NaN'");
  ASSERT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(b.rows[0].value, 219);  // trailing zeros are exact
  EXPECT_EQ(b.rounded, 0u);
}

TEST(CsvLong, RoundCountsChangedValues) {
  CsvOptions o;
  o.round = true;
  const ParsedBlock b = ParseCsvText(
      "meter_id,timestamp,kwh\n"
      "M,2026-07-01T00:00:00Z,0.2195\n"
      "M,2026-07-01T00:15:00Z,-0.2185\n"
      "M,2026-07-01T00:30:00Z,0.2194999\n"
      "M,2026-07-01T00:45:00Z,0.2190000\n",
      o);
  ExpectNoErrors(b);
  ASSERT_EQ(b.rows.size(), 4u);
  EXPECT_EQ(b.rows[0].value, 220);   // half to even: 219.5 -> 220
  EXPECT_EQ(b.rows[1].value, -218);  // -218.5 -> -218, not -219
  EXPECT_EQ(b.rows[2].value, 219);
  EXPECT_EQ(b.rows[3].value, 219);
  EXPECT_EQ(b.rounded, 3u);
}

TEST(CsvLong, UnknownChannelAndNonEnergyChannelWithKwh) {
  const ParsedBlock b = ParseCsvText(
      "meter_id,timestamp,kwh,channel\n"
      "M,2026-07-01T00:00:00Z,1,gas\n"
      "M,2026-07-01T00:00:00Z,1,voltage\n"
      "M,2026-07-01T00:00:00Z,1,kwh_received\n");
  ASSERT_EQ(b.errors.size(), 2u);
  EXPECT_EQ(b.errors[0].field, "channel");
  EXPECT_THAT(b.errors[0].reason, HasSubstr("unknown channel 'gas' (known: kwh_delivered"));
  EXPECT_EQ(b.errors[1].field, "channel");
  EXPECT_EQ(b.errors[1].reason,
            "channel voltage is not an energy channel in kWh, but column 'kwh' holds energy; put "
            "its readings in a 'value' column");
  ASSERT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(b.rows[0].channel, ChannelKind::kKwhReceived);
}

TEST(CsvLong, UnknownQuality) {
  const ParsedBlock b = ParseCsvText(
      "meter_id,timestamp,kwh,quality\n"
      "M,2026-07-01T00:00:00Z,1,great\n"
      "M,2026-07-01T00:00:00Z,1,missing\n");
  const RowError e = OnlyError(b);
  EXPECT_EQ(e.field, "quality");
  EXPECT_THAT(e.reason, HasSubstr("unknown quality 'great'"));
  ASSERT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(b.rows[0].quality, Quality::kMissing);
}

TEST(CsvLong, NulBytesAndOverlongLines) {
  std::string text = "meter_id,timestamp,kwh\n";
  text += std::string("M\0,2026-07-01T00:00:00Z,1\n", 26);
  text += "M," + std::string(size_t{1} << 20, '9') + ",1\n";
  text += "M,2026-07-01T00:00:00Z,1\n";
  const ParsedBlock b = ParseCsvText(text);
  ASSERT_EQ(b.errors.size(), 2u);
  EXPECT_EQ(b.errors[0].field, "row");
  EXPECT_THAT(b.errors[0].reason, HasSubstr("NUL byte"));
  EXPECT_EQ(b.errors[1].line, 1u);
  EXPECT_THAT(b.errors[1].reason, HasSubstr("the limit is 1 MiB"));
  ASSERT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(b.rows[0].line, 2u);
}

TEST(CsvLong, HostileTextIsShownSafely) {
  const ParsedBlock b = ParseCsvText("meter_id,timestamp,kwh\nM,2026-07-01T00:00:00Z,\x1b[2J" +
                                     std::string(100, 'z') + "\n");
  const RowError e = OnlyError(b);
  EXPECT_THAT(e.reason, HasSubstr("'\\x1B[2Jzzz"));
  EXPECT_THAT(e.reason, HasSubstr("zzz...'"));
  EXPECT_LT(e.reason.size(), 120u);
}

TEST(CsvLong, MetersArePerBlockAndLinesAppend) {
  auto layout = ParseCsvHeader("meter_id,timestamp,kwh", {});
  ASSERT_TRUE(layout.ok());
  CsvBlockParser parser(*layout, {});
  ParsedBlock b;
  parser.Parse("A,2026-07-01T00:00:00Z,1\nB,2026-07-01T00:00:00Z,1\n", &b);
  EXPECT_EQ(b.meters, (std::vector<std::string>{"A", "B"}));
  b.Clear();
  parser.Parse("B,2026-07-01T00:00:00Z,1\nB,2026-07-01T00:15:00Z,1\nA,2026-07-01T00:00:00Z,1\n",
               &b);
  EXPECT_EQ(b.meters, (std::vector<std::string>{"B", "A"}));
  ASSERT_EQ(b.rows.size(), 3u);
  EXPECT_EQ(b.rows[0].meter, 0u);
  EXPECT_EQ(b.rows[1].meter, 0u);
  EXPECT_EQ(b.rows[2].meter, 1u);
  // Without Clear the block grows: lines continue from where it was.
  parser.Parse("A,2026-07-01T00:15:00Z,1\n", &b);
  ASSERT_EQ(b.rows.size(), 4u);
  EXPECT_EQ(b.rows[3].line, 3u);
  EXPECT_EQ(b.rows[3].meter, 1u);
  EXPECT_EQ(b.line_count, 4u);
}

TEST(CsvLong, EmptyBlock) {
  auto layout = ParseCsvHeader("meter_id,timestamp,kwh", {});
  ASSERT_TRUE(layout.ok());
  CsvBlockParser parser(*layout, {});
  ParsedBlock b;
  parser.Parse("", &b);
  EXPECT_EQ(b.line_count, 0u);
  parser.Parse("\n\r\n", &b);
  EXPECT_EQ(b.line_count, 2u);
  EXPECT_TRUE(b.rows.empty());
  EXPECT_TRUE(b.errors.empty());
}

}  // namespace
}  // namespace gridline::ingest
