// InfluxDB line protocol as readings (line_protocol.h): the 1.x syntax, the mapping to channels,
// meters and values, precision, rounding of floats, and every refusal with its line and field.
#include "ingest/lineproto/line_protocol.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gridline::ingest {
namespace {

using ::testing::HasSubstr;

ParsedBlock Parse(std::string_view text, LineProtocolOptions options = {}) {
  if (!options.now) options.now = [] { return int64_t{1'782'864'000}; };
  LineProtocolParser parser(std::move(options));
  ParsedBlock out;
  parser.Parse(text, &out);
  return out;
}

TEST(LineProtocol, DefaultMappingMeasurementChannelMeterTagValueField) {
  const ParsedBlock b = Parse(
      "kwh,meter=M1 value=0.25 1782864000000000000\n"
      "kwh_received,site=x,meter=M2 value=1i,other=3 1782864900000000000\n"
      "voltage,meter=M1 value=239.5,extra=\"s\" 1782864000000000000\n");
  ASSERT_EQ(b.errors.size(), 0u) << b.errors[0].reason;
  ASSERT_EQ(b.rows.size(), 3u);
  EXPECT_EQ(b.meters, (std::vector<std::string>{"M1", "M2"}));
  EXPECT_EQ(b.rows[0].channel, ChannelKind::kKwhDelivered);
  EXPECT_EQ(b.rows[0].value, 250);
  EXPECT_EQ(b.rows[0].time, 1'782'864'000);
  EXPECT_EQ(b.rows[1].channel, ChannelKind::kKwhReceived);
  EXPECT_EQ(b.rows[1].meter, 1u);
  EXPECT_EQ(b.rows[1].value, 1000);  // 1i kWh is exact: 1000 Wh
  EXPECT_EQ(b.rows[1].time, 1'782'864'900);
  EXPECT_EQ(b.rows[2].channel, ChannelKind::kVoltage);
  EXPECT_EQ(b.rows[2].line, 2u);
  EXPECT_EQ(b.line_count, 3u);
}

TEST(LineProtocol, FloatsRoundHalfToEvenAndAreCounted) {
  const ParsedBlock b = Parse(
      "kwh,meter=M value=0.30000000000000004 1782864000000000000\n"
      "kwh,meter=M value=0.0025 1782864900000000000\n"
      "kwh,meter=M value=0.0035 1782865800000000000\n"
      "kwh,meter=M value=1.5e-1 1782866700000000000\n");
  ASSERT_EQ(b.rows.size(), 4u);
  EXPECT_EQ(b.rows[0].value, 300);
  EXPECT_EQ(b.rows[1].value, 2);
  EXPECT_EQ(b.rows[2].value, 4);
  EXPECT_EQ(b.rows[3].value, 150);
  EXPECT_EQ(b.rounded, 3u);
}

TEST(LineProtocol, EscapesInMeasurementTagsAndFields) {
  LineProtocolOptions o;
  ASSERT_TRUE(AddLineProtocolMeasurement("my power=watts", &o.mapping).ok());
  const ParsedBlock b = Parse(
      "my\\ power,meter=panel\\,A\\ 1\\=x value=12.5 1782864000000000000\n"
      "kwh,meter=M,note=a\\ b value=1,comment=\"a \\\"quoted\\\", thing\" 1782864000000000000\n",
      o);
  ASSERT_EQ(b.errors.size(), 0u) << b.errors[0].reason;
  ASSERT_EQ(b.rows.size(), 2u);
  EXPECT_EQ(b.meters[0], "panel,A 1=x");
  EXPECT_EQ(b.rows[0].channel, ChannelKind::kWatts);
  EXPECT_EQ(b.rows[0].value, 12500);
  EXPECT_EQ(b.rows[1].value, 1000);
}

TEST(LineProtocol, ConfiguredTagAndFieldNames) {
  LineProtocolOptions o;
  o.mapping.meter_tag = "device";
  o.mapping.value_field = "energy";
  const ParsedBlock b = Parse("kwh,device=D7 energy=2,value=9 1782864000000000000\n", o);
  ASSERT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(b.meters[0], "D7");
  EXPECT_EQ(b.rows[0].value, 2000);
}

TEST(LineProtocol, PrecisionsAndTheClock) {
  struct Case {
    const char* precision;
    const char* stamp;
  };
  for (const Case& c :
       {Case{"n", "1782864000000000000"}, Case{"ns", "1782864000000000000"},
        Case{"u", "1782864000000000"}, Case{"us", "1782864000000000"}, Case{"ms", "1782864000000"},
        Case{"s", "1782864000"}, Case{"m", "29714400"}, Case{"h", "495240"}}) {
    LineProtocolOptions o;
    o.precision = *ParseLineProtocolPrecision(c.precision);
    const ParsedBlock b = Parse(std::string("kwh,meter=M value=1 ") + c.stamp + "\n", o);
    ASSERT_EQ(b.rows.size(), 1u) << c.precision;
    EXPECT_EQ(b.rows[0].time, 1'782'864'000) << c.precision;
  }
  EXPECT_FALSE(ParseLineProtocolPrecision("d").ok());
  // No timestamp: the server's clock.
  const ParsedBlock b = Parse("kwh,meter=M value=1\n");
  ASSERT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(b.rows[0].time, 1'782'864'000);
}

TEST(LineProtocol, CommentsBlankLinesAndCrlf) {
  const ParsedBlock b =
      Parse("# DML\n\n  \r\nkwh,meter=M value=1 1782864000000000000\r\n# CONTEXT-DATABASE: x\n");
  ASSERT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(b.rows[0].line, 3u);
  EXPECT_TRUE(b.errors.empty());
  EXPECT_EQ(b.line_count, 5u);
}

TEST(LineProtocol, EveryRefusalNamesItsLineAndField) {
  struct Case {
    const char* line;
    const char* field;
    const char* reason;
  };
  const Case cases[] = {
      {"cpu,meter=M value=1 1782864000000000000", "measurement", "names no channel"},
      {"kwh,site=S value=1 1782864000000000000", "meter", "no tag 'meter'"},
      {"kwh,meter=M other=1 1782864000000000000", "value", "no field 'value'"},
      {"kwh,meter=M value=\"1\" 1782864000000000000", "value", "not a number"},
      {"kwh,meter=M value=true 1782864000000000000", "value", "not a number"},
      {"kwh,meter=M value=abc 1782864000000000000", "value", "not a decimal"},
      {"kwh,meter=M value=-1u 1782864000000000000", "value", "unsigned"},
      {"kwh,meter=M value=99999999999999999999i 1782864000000000000", "value", "int64"},
      {"kwh,meter=M value=1 17828640000000000001", "timestamp", "not an integer"},
      {"kwh,meter=M value=1 1782864000000000001", "timestamp", "whole second"},
      {"kwh,meter=M value=1 x", "timestamp", "not an integer"},
      {"kwh,meter=M value=1 -1000000000", "timestamp", "outside"},
      {"kwh,meter=M value=1 9000000000000000000", "timestamp", "outside"},
      {"kwh,meter=M", "fields", "no fields"},
      {"kwh,meter value=1", "tags", "no '=value'"},
      {"kwh,meter=M =1", "fields", "no '=value'"},
      {"kwh,meter=M value=\"open", "value", "closing quote"},
      {",meter=M value=1", "measurement", "missing"},
      {"kwh,meter=M,quality=great value=1 1782864000000000000", "quality", "unknown quality"},
      {"kwh,meter=\x01 value=1 1782864000000000000", "meter", "control"},
  };
  for (const Case& c : cases) {
    const ParsedBlock b = Parse(std::string("kwh,meter=OK value=1 1782864000000000000\n") + c.line);
    ASSERT_EQ(b.rows.size(), 1u) << c.line;
    ASSERT_EQ(b.errors.size(), 1u) << c.line;
    EXPECT_EQ(b.errors[0].line, 1u) << c.line;
    EXPECT_EQ(b.errors[0].field, c.field) << c.line;
    EXPECT_THAT(b.errors[0].reason, HasSubstr(c.reason)) << c.line;
    EXPECT_EQ(b.rejected_readings, 1u);
  }
}

TEST(LineProtocol, QualityTagAndOverlongLines) {
  ParsedBlock b = Parse("kwh,meter=M,quality=estimated value=1 1782864000000000000\n");
  ASSERT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(b.rows[0].quality, Quality::kEstimated);
  std::string longline = "kwh,meter=M value=1,pad=\"" + std::string(kMaxLineProtocolLine, 'x') +
                         "\" 1782864000000000000\n";
  b = Parse(longline);
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_THAT(b.errors[0].reason, HasSubstr("longer than"));
}

TEST(LineProtocol, MeasurementMappingFlag) {
  LineProtocolMapping m;
  EXPECT_TRUE(AddLineProtocolMeasurement("power=watts", &m).ok());
  EXPECT_FALSE(AddLineProtocolMeasurement("power", &m).ok());
  EXPECT_FALSE(AddLineProtocolMeasurement("=watts", &m).ok());
  EXPECT_FALSE(AddLineProtocolMeasurement("power=furlongs", &m).ok());
  ASSERT_EQ(m.measurements.size(), 1u);
  EXPECT_EQ(m.measurements[0].second, ChannelKind::kWatts);
}

}  // namespace
}  // namespace gridline::ingest
