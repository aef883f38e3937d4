// Tests of the CMEP v1.20 rules (craignicholson/cmepparser:recordformats/README.md, docs/import.md
// "CMEP"), one per rule.
#include "ingest/cmep/cmep_parser.h"

#include <string>

#include "common/time.h"
#include "fmt/format.h"
#include "gtest/gtest.h"
#include "ingest/cmep/cmep_record.h"

namespace gridline::ingest::cmep {
namespace {

int64_t Utc(int y, unsigned m, unsigned d, int h, int mi) {
  return DaysFromCivil(y, m, d) * kSecondsPerDay + h * 3600 + mi * 60;
}

ParsedBlock Parse(const std::string& text, CmepOptions options = {}) {
  CmepParser parser(options);
  ParsedBlock block;
  EXPECT_EQ(parser.Parse(text, true, &block), text.size());
  return block;
}

std::string Record(const std::string& units, const std::string& constant,
                   const std::string& interval, const std::string& data, int count,
                   const std::string& meter = "M1", const std::string& commodity = "E") {
  return fmt::format("MEPMD01,19970819,SENDER,SC1,RECV,RC1,200101010000,{},OK,{},{},{},{},{},{}",
                     meter, commodity, units, constant, interval, count, data);
}

TEST(Cmep, StampsMarkTheIntervalEnd) {
  // EVIDENCE-OF: CMEP 1.20 "uses end-of-interval Date/Time timestamps".
  ParsedBlock b = Parse(Record("KWH", "1", "00000015", "201001010015,,1.5,201001010030,,2", 2));
  ASSERT_TRUE(b.errors.empty()) << b.errors[0].reason;
  ASSERT_EQ(b.rows.size(), 2u);
  EXPECT_EQ(b.rows[0].time, Utc(2010, 1, 1, 0, 0));
  EXPECT_EQ(b.rows[0].value, 1500);
  EXPECT_EQ(b.rows[1].time, Utc(2010, 1, 1, 0, 15));
  EXPECT_EQ(b.rows[0].channel, ChannelKind::kKwhDelivered);
  EXPECT_EQ(b.meters, std::vector<std::string>{"M1"});
}

TEST(Cmep, EmptyStampsAreFilledFromTheInterval) {
  // EVIDENCE-OF: "An empty Date/Time field is calculated by adding the time interval".
  ParsedBlock b = Parse(Record("KWH", "", "00000100", "201001010100,,1,,,2,,,3", 3));
  ASSERT_TRUE(b.errors.empty());
  ASSERT_EQ(b.rows.size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(b.rows[i].time, Utc(2010, 1, 1, i, 0));
  EXPECT_EQ(b.rows[2].value, 3000);
}

TEST(Cmep, AnEmptyFirstStampIsAnError) {
  ParsedBlock b = Parse(Record("KWH", "", "00000100", ",,1,,,2", 2));
  EXPECT_TRUE(b.rows.empty());
  ASSERT_EQ(b.errors.size(), 2u);
  EXPECT_EQ(b.errors[0].field, "reading 1 time");
  EXPECT_EQ(b.rejected_readings, 2u);
}

TEST(Cmep, WithoutAnIntervalFieldTheStampSpacingIsTheInterval) {
  ParsedBlock b = Parse(Record("KWH", "", "", "201001010030,,1,201001010100,,2", 2));
  ASSERT_TRUE(b.errors.empty());
  EXPECT_EQ(b.rows[0].time, Utc(2010, 1, 1, 0, 0));
  EXPECT_EQ(b.rows[1].time, Utc(2010, 1, 1, 0, 30));
}

TEST(Cmep, CalculationConstantMultipliesExactly) {
  ParsedBlock b = Parse(Record("KWH", "0.1", "00000015", "201001010015,,3,,,H10", 2));
  ASSERT_TRUE(b.errors.empty());
  EXPECT_EQ(b.rows[0].value, 300);   // 3 x 0.1 = 0.3 kWh
  EXPECT_EQ(b.rows[1].value, 1600);  // H10 = 16, x 0.1 = 1.6 kWh
}

TEST(Cmep, TooManyDecimalsIsAnErrorUnlessRounded) {
  const std::string r = Record("KWH", "0.0001", "00000015", "201001010015,,25", 1);
  ParsedBlock b = Parse(r);
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_EQ(b.errors[0].field, "reading 1 value");
  EXPECT_NE(b.errors[0].reason.find("--round"), std::string::npos);
  ParsedBlock rounded = Parse(r, {.round = true});
  ASSERT_TRUE(rounded.errors.empty());
  EXPECT_EQ(rounded.rows[0].value, 2);  // 0.0025 kWh -> 0.002 (half to even)
  EXPECT_EQ(rounded.rounded, 1u);
}

TEST(Cmep, UnitsNameTheChannel) {
  struct Case {
    const char* units;
    ChannelKind channel;
  } cases[] = {{"KWH", ChannelKind::kKwhDelivered}, {"GKWH", ChannelKind::kKwhReceived},
               {"KW", ChannelKind::kKwDemand},      {"KVARH", ChannelKind::kKvarh},
               {"VOLTS", ChannelKind::kVoltage},    {"KWHREG", ChannelKind::kKwhRegister},
               {"kwh", ChannelKind::kKwhDelivered}};
  for (const Case& c : cases) {
    ParsedBlock b = Parse(Record(c.units, "", "00000100", "201001010100,,1", 1));
    ASSERT_EQ(b.rows.size(), 1u) << c.units;
    EXPECT_EQ(b.rows[0].channel, c.channel) << c.units;
  }
}

TEST(Cmep, AnUnknownUnitIsAnErrorNamingIt) {
  ParsedBlock b = Parse(Record("FURLONGS", "", "00000100", "201001010100,,1,,,2", 2));
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_EQ(b.errors[0].field, "units");
  EXPECT_NE(b.errors[0].reason.find("FURLONGS"), std::string::npos);
  EXPECT_EQ(b.rejected_readings, 2u);
  ParsedBlock kva = Parse(Record("KVA", "", "00000100", "201001010100,,1", 1));
  ASSERT_EQ(kva.errors.size(), 1u);
  EXPECT_NE(kva.errors[0].reason.find("kVA"), std::string::npos);
  ParsedBlock water = Parse(Record("GALREG", "", "00000100", "201001010100,,1", 1, "M1", "W"));
  ASSERT_EQ(water.errors.size(), 1u);
  EXPECT_EQ(water.errors[0].field, "commodity");
}

TEST(Cmep, FlagsAreQualityWithVendorSuffixes) {
  ParsedBlock b =
      Parse(Record("KWH", "", "00000015", "201001010015,,1,,E,1,,A,1,,N,0,,R0,1,,R,1,,E52,1", 7));
  ASSERT_TRUE(b.errors.empty());
  const Quality want[] = {Quality::kActual,   Quality::kEstimated, Quality::kEdited,
                          Quality::kMissing,  Quality::kActual,    Quality::kActual,
                          Quality::kEstimated};
  ASSERT_EQ(b.rows.size(), 7u);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(b.rows[i].quality, want[i]) << i;
  ParsedBlock bad = Parse(Record("KWH", "", "00000015", "201001010015,X,1", 1));
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].field, "reading 1 flag");
}

TEST(Cmep, Crc16IsArc) {
  EXPECT_EQ(Crc16("123456789"), 0xBB3D);  // the CRC-16/ARC check value
}

TEST(Cmep, AGoodCrcIsAcceptedAndABadOneRejectsTheRecord) {
  const std::string body = Record("KWH", "", "00000015", "201001010015,,1", 1) + ",";
  const std::string good = body + fmt::format("H{:04X}", Crc16(body));
  ParsedBlock b = Parse(good);
  ASSERT_TRUE(b.errors.empty()) << b.errors[0].reason;
  EXPECT_EQ(b.rows.size(), 1u);
  const std::string bad = body + fmt::format("H{:04X}", Crc16(body) ^ 1);
  ParsedBlock r = Parse(bad);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].field, "crc");
  EXPECT_TRUE(r.rows.empty());
  // An empty CRC field is "not supplied".
  EXPECT_TRUE(Parse(body).errors.empty());
  EXPECT_EQ(Parse(body + "1234").errors.at(0).field, "crc");
}

TEST(Cmep, CountMustMatchTheReadings) {
  ParsedBlock b = Parse(Record("KWH", "", "00000015", "201001010015,,1,,,2", 3));
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_EQ(b.errors[0].field, "count");
  EXPECT_TRUE(b.rows.empty());
}

TEST(Cmep, QuotedFieldsMayHoldCommas) {
  ParsedBlock b = Parse(
      "MEPMD01,19970819,\"ACME, INC\",SC1,RECV,RC1,200101010000,\"M,1\",OK,E,KWH,1,00000015,1,"
      "201001010015,,1");
  ASSERT_TRUE(b.errors.empty()) << b.errors[0].reason;
  EXPECT_EQ(b.meters, std::vector<std::string>{"M,1"});
}

TEST(Cmep, RecordsAndFieldsAreBounded) {
  std::string long_field(300, 'x');
  ParsedBlock f = Parse(Record("KWH", "", "00000015", "201001010015,,1", 1, long_field));
  ASSERT_EQ(f.errors.size(), 1u);
  EXPECT_NE(f.errors[0].reason.find("256"), std::string::npos);
  std::string data = "201001010015,,1";
  for (int i = 0; i < 200; ++i) data += ",,,1.000000";
  ParsedBlock r = Parse(Record("KWH", "", "00000015", data, 201));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].reason.find("2048"), std::string::npos);
}

TEST(Cmep, OtherRecordTypesAreSkippedAndCounted) {
  CmepParser parser({});
  ParsedBlock b;
  const std::string text =
      "MEPMD02,19970819,S,SC,R,RC,200101010000,M1,OK,E,KWH,S,1,200101010000,200102010000,1,"
      "ON-PEAK,,100\r\nMEPAD01,19970819\r\nXYZ,1\r\n";
  parser.Parse(text, true, &b);
  EXPECT_TRUE(b.rows.empty());
  ASSERT_EQ(b.errors.size(), 1u);  // XYZ is not CMEP
  EXPECT_EQ(b.errors[0].line, 2u);
  EXPECT_EQ(b.line_count, 3u);
  const std::vector<std::string> notes = parser.Notes();
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_NE(notes[0].find("1 MEPAD01"), std::string::npos);
  EXPECT_NE(notes[1].find("1 MEPMD02"), std::string::npos);
}

TEST(Cmep, MeterIdFallsBackToTheReceiverCustomerId) {
  // The Sensus sample leaves field 8 empty and names the meter in field 6.
  ParsedBlock b = Parse(
      "MEPMD01,20080501,SENSUS,SPS:130000,15173624,B72842123,201109211458,,OK,E,KWHREG,1.0,"
      "00000100,1,201109200002,R0,36318");
  ASSERT_TRUE(b.errors.empty());
  EXPECT_EQ(b.meters, std::vector<std::string>{"B72842123"});
}

TEST(Cmep, RegisterReadsStayRegisterReadsAtTheirStamp) {
  ParsedBlock b = Parse(Record("KWHREG", "", "00000100", "201001010100,,100,,,101.5", 2));
  ASSERT_TRUE(b.errors.empty());
  ASSERT_EQ(b.rows.size(), 2u);
  EXPECT_EQ(b.rows[0].time, Utc(2010, 1, 1, 1, 0));  // an instant: not moved back
  EXPECT_EQ(b.rows[0].channel, ChannelKind::kKwhRegister);
  EXPECT_EQ(b.rows[1].value, 101500);
}

TEST(Cmep, RegisterToleranceMovesLateReadsOntoTheBoundary) {
  const std::string r = Record("KWHREG", "", "00000100", "201001010102,,100,201001010159,,101", 2);
  ParsedBlock exact = Parse(r);
  EXPECT_EQ(exact.rows[0].time, Utc(2010, 1, 1, 1, 2));
  CmepParser parser({.register_tolerance_s = 300});
  ParsedBlock b;
  parser.Parse(r, true, &b);
  EXPECT_EQ(b.rows[0].time, Utc(2010, 1, 1, 1, 0));
  EXPECT_EQ(b.rows[1].time, Utc(2010, 1, 1, 2, 0));
  ASSERT_EQ(parser.Notes().size(), 1u);
  EXPECT_NE(parser.Notes()[0].find("2 register reads"), std::string::npos);
}

TEST(Cmep, RegisterDifferencesBecomeIntervalsAcrossRecords) {
  CmepParser parser({.register_to_interval = true});
  ParsedBlock b;
  const std::string text =
      Record("KWHREG", "", "00000100", "201001010100,,100,,E,102.5", 2) + "\n" +
      Record("KWHREG", "", "00000100", "201001010300,,103,,,101,,,104", 3) + "\n";
  parser.Parse(text, true, &b);
  // 100 -> 102.5 (estimated), 102.5 -> 103, 103 -> 101 is a decrease (error), 101 -> 104.
  std::vector<ParsedRow> intervals;
  for (const ParsedRow& r : b.rows) {
    if (r.channel == ChannelKind::kKwhDelivered) intervals.push_back(r);
  }
  ASSERT_EQ(intervals.size(), 3u);
  EXPECT_EQ(intervals[0].time, Utc(2010, 1, 1, 1, 0));
  EXPECT_EQ(intervals[0].value, 2500);
  EXPECT_EQ(intervals[0].quality, Quality::kEstimated);
  EXPECT_EQ(intervals[1].time, Utc(2010, 1, 1, 2, 0));
  EXPECT_EQ(intervals[1].value, 500);
  EXPECT_EQ(intervals[1].quality, Quality::kEstimated);  // the earlier read was estimated
  EXPECT_EQ(intervals[2].time, Utc(2010, 1, 1, 4, 0));
  EXPECT_EQ(intervals[2].value, 3000);
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_EQ(b.errors[0].line, 1u);
  EXPECT_NE(b.errors[0].reason.find("went down from 103.000 to 101.000"), std::string::npos);
  EXPECT_EQ(b.rejected_readings, 0u);  // the read itself is kept
  EXPECT_EQ(b.rows.size(), 5u + 3u);
}

TEST(Cmep, StampsAreValidated) {
  ParsedBlock b = Parse(Record("KWH", "", "00000015", "201002300015,,1,201001011260,,1", 2));
  ASSERT_EQ(b.errors.size(), 2u);
  EXPECT_EQ(b.errors[0].field, "reading 1 time");
  EXPECT_EQ(ParseDateTime("201001012400").value(), Utc(2010, 1, 2, 0, 0));
  EXPECT_FALSE(ParseInterval("01000000").has_value());  // months have no fixed length
  EXPECT_EQ(ParseInterval("00010000").value(), 86400);
}

TEST(Cmep, RegisterDifferencesKeepABoundedNumberOfMeters) {
  // Each meter's latest read is kept for the next difference: the map has a bound of its own.
  CmepOptions options{.register_to_interval = true, .max_register_meters = 2};
  std::string text;
  for (const char* m : {"A", "B", "C", "A"}) {
    text += Record("KWHREG", "", "00000100", "201001010100,,100,,,101", 2, m) + "\n";
  }
  const ParsedBlock b = Parse(text, options);
  int intervals = 0;
  for (const ParsedRow& r : b.rows) intervals += r.channel == ChannelKind::kKwhDelivered;
  EXPECT_EQ(intervals, 3);            // A, B and A again; not C
  EXPECT_EQ(b.rows.size(), 8u + 3u);  // every register read is kept
  ASSERT_EQ(b.errors.size(), 2u);     // both reads of C
  EXPECT_EQ(b.errors[0].line, 2u);
  EXPECT_EQ(b.errors[0].field, "reading 1 value");
  EXPECT_NE(b.errors[0].reason.find("more than 2 meters with register reads"), std::string::npos)
      << b.errors[0].reason;
  EXPECT_EQ(b.rejected_readings, 0u);
}

}  // namespace
}  // namespace gridline::ingest::cmep
