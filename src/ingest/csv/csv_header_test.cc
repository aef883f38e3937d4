// Tests of ParseCsvHeader: layout detection, delimiters, column positions and header errors.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ingest/csv/csv_parser.h"

namespace gridline::ingest {
namespace {

using ::testing::HasSubstr;

CsvLayout Header(std::string_view line, const CsvOptions& options = {}) {
  auto layout = ParseCsvHeader(line, options);
  EXPECT_TRUE(layout.ok()) << layout.status();
  return layout.ok() ? *layout : CsvLayout{};
}

std::string HeaderError(std::string_view line, const CsvOptions& options = {}) {
  auto layout = ParseCsvHeader(line, options);
  EXPECT_FALSE(layout.ok()) << line;
  if (layout.ok()) return "";
  EXPECT_EQ(layout.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(layout.status().message());
}

std::string WideHeader(int intervals, std::string_view lead = "meter_id,date") {
  std::string s(lead);
  for (int i = 0; i < intervals; ++i) s += ",i" + std::to_string(i);
  return s;
}

TEST(CsvHeader, ReadsCanonicalLongHeader) {
  const CsvLayout l = Header("meter_id,timestamp,kwh");
  EXPECT_EQ(l.shape, CsvShape::kLong);
  EXPECT_EQ(l.delimiter, ',');
  EXPECT_EQ(l.column_count, 3);
  EXPECT_EQ(l.meter_col, 0);
  EXPECT_EQ(l.time_col, 1);
  EXPECT_EQ(l.value_col, 2);
  EXPECT_EQ(l.channel_col, -1);
  EXPECT_EQ(l.quality_col, -1);
  EXPECT_EQ(l.value_scale_shift, 0);
  EXPECT_EQ(l.default_channel, ChannelKind::kKwhDelivered);
  EXPECT_EQ(l.columns, (std::vector<std::string>{"meter_id", "timestamp", "kwh"}));
}

TEST(CsvHeader, AnyOrderAnyCaseTrimmedWithExtrasBomAndCrlf) {
  const CsvLayout l = Header("\xEF\xBB\xBF Quality , KWH,note,Channel,TimeStamp, METER_ID \r\n");
  EXPECT_EQ(l.shape, CsvShape::kLong);
  EXPECT_EQ(l.column_count, 6);
  EXPECT_EQ(l.quality_col, 0);
  EXPECT_EQ(l.value_col, 1);
  EXPECT_EQ(l.channel_col, 3);
  EXPECT_EQ(l.time_col, 4);
  EXPECT_EQ(l.meter_col, 5);
  EXPECT_EQ(l.columns[0], "Quality");  // as written, for error messages
  EXPECT_EQ(l.columns[5], "METER_ID");
}

TEST(CsvHeader, DetectsSemicolonAndTab) {
  EXPECT_EQ(Header("meter_id;timestamp;kwh").delimiter, ';');
  EXPECT_EQ(Header("meter_id\ttimestamp\tkwh").delimiter, '\t');
  // A delimiter inside a quoted name does not count.
  const CsvLayout l = Header("meter_id,timestamp,kwh,\"note; free text; more\"");
  EXPECT_EQ(l.delimiter, ',');
  EXPECT_EQ(l.column_count, 4);
  EXPECT_EQ(l.columns[3], "note; free text; more");
}

TEST(CsvHeader, QuotedNames) {
  const CsvLayout l = Header("\"meter_id\",\"timestamp\",\"kwh\"");
  EXPECT_EQ(l.meter_col, 0);
  EXPECT_EQ(l.value_col, 2);
}

TEST(CsvHeader, WhColumnShiftsScale) {
  const CsvLayout l = Header("meter_id,timestamp,wh");
  EXPECT_EQ(l.value_col, 2);
  EXPECT_EQ(l.value_scale_shift, 3);
}

TEST(CsvHeader, ValueColumnNeedsAChannel) {
  EXPECT_THAT(HeaderError("meter_id,timestamp,value"),
              HasSubstr("a 'value' column needs a channel: give --channel or add a 'channel'"));
  CsvOptions o;
  o.channel = ChannelKind::kVoltage;
  const CsvLayout with_flag = Header("meter_id,timestamp,value", o);
  EXPECT_EQ(with_flag.value_col, 2);
  EXPECT_EQ(with_flag.default_channel, ChannelKind::kVoltage);
  EXPECT_EQ(Header("meter_id,timestamp,value,channel").channel_col, 3);
}

TEST(CsvHeader, MissingColumns) {
  const std::string e = HeaderError("meter,timestamp,kwh");
  EXPECT_THAT(e, HasSubstr("missing column meter_id"));
  EXPECT_THAT(e, HasSubstr("found: meter, timestamp, kwh"));
  EXPECT_THAT(HeaderError("meter_id,timestamp,energy"),
              HasSubstr("missing column kwh, wh or value"));
  EXPECT_THAT(HeaderError("LCLid,tstp,energy"),
              HasSubstr("missing column meter_id, timestamp, kwh, wh or value"));
  EXPECT_THAT(HeaderError("LCLid,tstp,energy"), HasSubstr("(or map other names with --columns)"));
  // (The whole Low Carbon London header is one gridline knows: csv_mapped_test.cc.)
}

TEST(CsvHeader, DuplicateColumns) {
  EXPECT_THAT(HeaderError("meter_id,timestamp,kwh,Timestamp"),
              HasSubstr("duplicate column 'timestamp' (columns 2 and 4)"));
  EXPECT_THAT(HeaderError("meter_id,timestamp,kwh,wh"), HasSubstr("more than one value column"));
  EXPECT_THAT(HeaderError(WideHeader(24, "meter_id,date,date")),
              HasSubstr("duplicate column 'date' (columns 2 and 3)"));
}

TEST(CsvHeader, EnergyColumnRefusesNonEnergyChannelFlag) {
  CsvOptions o;
  o.channel = ChannelKind::kKwDemand;
  EXPECT_THAT(HeaderError("meter_id,timestamp,kwh", o),
              HasSubstr("column 'kwh' holds energy, but --channel kw_demand is in kW"));
  o.channel = ChannelKind::kKwhReceived;
  EXPECT_EQ(Header("meter_id,timestamp,kwh", o).default_channel, ChannelKind::kKwhReceived);
}

TEST(CsvHeader, EmptyOrBrokenHeader) {
  EXPECT_THAT(HeaderError(""), HasSubstr("the first line is empty"));
  EXPECT_THAT(HeaderError("  \r\n"), HasSubstr("the first line is empty"));
  EXPECT_THAT(HeaderError("meter_id,\"timestamp,kwh"), HasSubstr("unterminated quoted field"));
  EXPECT_THAT(HeaderError(std::string_view("m\0e", 3)), HasSubstr("NUL byte"));
}

TEST(CsvHeader, WideCountsAndIntervals) {
  struct Case {
    int n;
    int64_t interval_s;
  };
  for (const Case c : {Case{24, 3600}, Case{23, 3600}, Case{25, 3600}, Case{48, 1800},
                       Case{46, 1800}, Case{50, 1800}, Case{96, 900}, Case{92, 900}, Case{100, 900},
                       Case{288, 300}, Case{276, 300}, Case{300, 300}}) {
    const CsvLayout l = Header(WideHeader(c.n));
    EXPECT_EQ(l.shape, CsvShape::kWide) << c.n;
    EXPECT_EQ(l.value_count, c.n);
    EXPECT_EQ(l.interval_s, c.interval_s) << c.n;
    EXPECT_EQ(l.first_value_col, 2);
    EXPECT_EQ(l.meter_col, 0);
    EXPECT_EQ(l.date_col, 1);
  }
}

TEST(CsvHeader, WideWithChannelColumn) {
  std::string semicolons = "Date;Meter_ID;channel";
  for (int i = 0; i < 48; ++i) semicolons += ";" + std::to_string(i);
  const CsvLayout l = Header(semicolons);
  EXPECT_EQ(l.shape, CsvShape::kWide);
  EXPECT_EQ(l.delimiter, ';');
  EXPECT_EQ(l.date_col, 0);
  EXPECT_EQ(l.meter_col, 1);
  EXPECT_EQ(l.channel_col, 2);
  EXPECT_EQ(l.interval_s, 1800);
  const CsvLayout w = Header(WideHeader(96, "meter_id,date,channel"));
  EXPECT_EQ(w.channel_col, 2);
  EXPECT_EQ(w.first_value_col, 3);
  EXPECT_EQ(w.value_count, 96);
}

TEST(CsvHeader, WideErrors) {
  EXPECT_THAT(HeaderError(WideHeader(95)), HasSubstr("found 95 interval columns"));
  EXPECT_THAT(HeaderError(WideHeader(0)), HasSubstr("found 0 interval columns"));
  EXPECT_THAT(HeaderError(WideHeader(24, "date,h0")),
              HasSubstr("a wide header starts with meter_id and date"));
  EXPECT_THAT(HeaderError(WideHeader(24) + ",channel"),
              HasSubstr("column 'channel' (column 27) must come before the interval columns"));
  EXPECT_THAT(HeaderError(WideHeader(24, "meter_id,date,quality")),
              HasSubstr("a wide file has no quality column (column 3)"));
}

// Issue 11: a header of a million columns was split and kept whole, and a missing column was
// reported with every one of them (a message of megabytes).
TEST(CsvHeader, RejectsMoreThanMaxColumns) {
  std::string header = "meter_id,timestamp,kwh";
  for (size_t i = 3; i < kMaxCsvColumns; ++i) header += ",x" + std::to_string(i);
  EXPECT_EQ(Header(header).column_count, static_cast<int>(kMaxCsvColumns));
  EXPECT_EQ(HeaderError(header + ",one_more"),
            "CSV header: 1025 columns, more than 1024 (a wide header has at most 288 intervals "
            "after its leading columns)");
}

TEST(CsvHeader, ErrorListsAtMostFortyColumnsEachCut) {
  std::string header = "meter_id," + std::string(100, 'a');
  for (int i = 0; i < 50; ++i) header += ",c" + std::to_string(i);
  const std::string error = HeaderError(header);
  EXPECT_THAT(error, ::testing::HasSubstr("found: meter_id, " + std::string(64, 'a') + "..., c0,"));
  EXPECT_THAT(error, ::testing::HasSubstr(", c37, ... (52 columns in all)"));
  EXPECT_LT(error.size(), 600u);
}

}  // namespace
}  // namespace gridline::ingest
