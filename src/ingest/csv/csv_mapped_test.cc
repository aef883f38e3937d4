// Mapped CSV layouts (csv_mapped_header.h, csv_mapped_rows.cc): --columns, the real headers
// gridline recognises, several value columns, `No CT` cells, date and time apart, a zone column.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ingest/csv/csv_mapped_header.h"
#include "ingest/csv/csv_parser.h"
#include "ingest/csv/csv_test_util.h"

namespace gridline::ingest {
namespace {

using ::testing::HasSubstr;

CsvOptions Mapped(std::string_view columns, CsvOptions o = {}) {
  absl::StatusOr<ColumnMapping> m = ParseColumnMapping(columns);
  EXPECT_TRUE(m.ok()) << m.status();
  o.mapping = *m;
  return o;
}

// The Emporia Vue export: header learned, one meter per circuit, `No CT` a gap, kW kept as
// average power in mW, local times in the zone the header names.
TEST(CsvMapped, EmporiaHeaderIsLearnedWithOneMeterPerCircuit) {
  const std::string file =
      "Time Bucket (America/New_York),Barn-Mains_A (kWatts),Barn-Mains_C (kWatts),"
      "Barn-Pump-Well  (kWatts)\n"
      "03/11/2026 13:20:10,0.2513,No CT,0.0058\n"
      "03/11/2026 13:20:11,0.2514,No CT,\n";
  auto layout = ParseCsvHeader(file.substr(0, file.find('\n')), {});
  ASSERT_TRUE(layout.ok()) << layout.status();
  EXPECT_EQ(layout->header_zone, "America/New_York");
  ASSERT_EQ(layout->value_columns.size(), 3u);
  EXPECT_EQ(layout->value_columns[0].own_meter, "Barn-Mains_A");
  EXPECT_EQ(layout->value_columns[2].own_meter, "Barn-Pump-Well");
  EXPECT_EQ(layout->value_columns[0].channel, ChannelKind::kWatts);
  EXPECT_EQ(layout->value_columns[0].unit, ValueUnit::kKw);
  const ParsedBlock b = ParseCsvText(file);
  ASSERT_TRUE(b.errors.empty()) << b.errors[0].reason;
  ASSERT_EQ(b.rows.size(), 3u);  // No CT twice and one empty cell are gaps
  EXPECT_EQ(b.meters[b.rows[0].meter], "Barn-Mains_A");
  EXPECT_EQ(b.rows[0].value, 251300);                      // 0.2513 kW = 251.3 W = 251300 mW
  EXPECT_EQ(b.rows[0].time, Utc("2026-03-11T17:20:10Z"));  // EDT
  EXPECT_EQ(b.meters[b.rows[1].meter], "Barn-Pump-Well");
  EXPECT_EQ(b.rows[1].value, 5800);
  EXPECT_EQ(b.rows[1].unit, 0);
  EXPECT_EQ(b.rows[2].time, Utc("2026-03-11T17:20:11Z"));
  EXPECT_EQ(b.naive_times, 2u);
  // --tz overrides the header's zone.
  CsvOptions utc;
  utc.zone_given = true;
  EXPECT_EQ(ParseCsvText(file, utc).rows[0].time, Utc("2026-03-11T13:20:10Z"));
}

TEST(CsvMapped, KwIntoAnEnergyChannelIsLeftForThePlacer) {
  CsvOptions o = Mapped("timestamp=#1,kwh_delivered=GC,kwh_received=GG");
  o.meter_id = "customer12";
  o.unit = ValueUnit::kKw;
  const ParsedBlock b = ParseCsvText(",GC,GG\n2011-07-01 00:00:00,0.39799999999999996,0.0\n", o);
  ASSERT_TRUE(b.errors.empty()) << b.errors[0].reason;
  ASSERT_EQ(b.rows.size(), 2u);
  EXPECT_EQ(b.meters, (std::vector<std::string>{"customer12"}));
  EXPECT_EQ(b.rows[0].channel, ChannelKind::kKwhDelivered);
  EXPECT_EQ(b.rows[0].unit, static_cast<uint8_t>(ValueUnit::kKw));
  EXPECT_EQ(b.rows[0].value, 39799999999999996);
  EXPECT_EQ(b.rows[0].decimals, 17);
  EXPECT_EQ(b.rows[1].channel, ChannelKind::kKwhReceived);
}

TEST(CsvMapped, DateAndTimeInTwoColumnsWithATimeFormat) {
  CsvOptions o = Mapped("meter=ID,date=DATE,time=START TIME,kwh=USAGE");
  o.time_format = *TimeFormat::Parse("%m/%d/%Y %H:%M");
  const ParsedBlock b =
      ParseCsvText("ID,DATE,START TIME,USAGE\nA,10/4/2018,0:15,0.25\nA,10/4/2018,25:00,1\n", o);
  ASSERT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(b.rows[0].time, Utc("2018-10-04T00:15:00Z"));
  EXPECT_EQ(b.rows[0].value, 250);
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_EQ(b.errors[0].field, "DATE");
  EXPECT_EQ(b.errors[0].reason,
            "hour out of range: '10/4/2018 25:00' (--time-format '%m/%d/%Y %H:%M')");
  EXPECT_EQ(b.rejected_readings, 1u);
}

// NYISO writes EST or EDT on every row: the zone column decides the repeated fall-back hour.
TEST(CsvMapped, ZoneColumnDecidesTheRepeatedHour) {
  CsvOptions o = Mapped("timestamp=Time Stamp,zone=Time Zone,meter=Name,kw_demand=Load",
                        InZone("America/New_York"));
  o.time_format = *TimeFormat::Parse("%m/%d/%Y %H:%M:%S");
  o.unit = ValueUnit::kMw;
  const ParsedBlock b = ParseCsvText(
      "\"Time Stamp\",\"Time Zone\",\"Name\",\"PTID\",\"Load\"\n"
      "\"11/05/2017 01:00:00\",\"EDT\",\"N.Y.C.\",61761,4000.5\n"
      "\"11/05/2017 01:00:00\",\"EST\",\"N.Y.C.\",61761,4001\n"
      "\"11/05/2017 01:05:00\",\"XST\",\"N.Y.C.\",61761,4001\n",
      o);
  ASSERT_EQ(b.rows.size(), 2u);
  EXPECT_EQ(b.rows[0].time, Utc("2017-11-05T05:00:00Z"));
  EXPECT_EQ(b.rows[1].time, Utc("2017-11-05T06:00:00Z"));
  EXPECT_EQ(b.rows[0].ambiguous_s, 0);
  EXPECT_EQ(b.rows[0].value, 4'000'500'000);  // kW at scale 3
  EXPECT_EQ(b.naive_times, 0u);
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_EQ(b.errors[0].field, "Time Zone");
  EXPECT_THAT(b.errors[0].reason, HasSubstr("unknown zone 'XST'"));
}

TEST(CsvMapped, LclHeaderIsLearnedAndReadByTheLongFastPath) {
  auto layout = ParseCsvHeader("LCLid,tstp,energy(kWh/hh)", {});
  ASSERT_TRUE(layout.ok()) << layout.status();
  EXPECT_TRUE(layout->value_columns.empty());
  EXPECT_EQ(layout->meter_col, 0);
  EXPECT_EQ(layout->time_col, 1);
  EXPECT_EQ(layout->value_col, 2);
  const ParsedBlock b =
      ParseCsvText("LCLid,tstp,energy(kWh/hh)\nMAC000002,2013-01-01 00:00:00, 0.219 \n");
  ASSERT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(b.rows[0].value, 219);
  // The same by --columns, matched case-insensitively after trimming.
  const ParsedBlock c = ParseCsvText("LCLid,tstp,energy(kWh/hh)\nM,2013-01-01 00:00:00,1\n",
                                     Mapped("meter= lclid ,timestamp=TSTP,kwh=Energy(kWh/hh)"));
  ASSERT_EQ(c.rows.size(), 1u);
  EXPECT_EQ(c.rows[0].value, 1000);
}

TEST(CsvMapped, HeaderErrorsNameTheEntryAndTheColumns) {
  auto bad = [](std::string_view header, std::string_view columns, CsvOptions o = {}) {
    return std::string(ParseCsvHeader(header, Mapped(columns, o)).status().message());
  };
  EXPECT_EQ(bad("a,b,c", "timestamp=a,kwh=d"),
            "CSV header: --columns 'd': the header has no column 'd'; it has: 'a', 'b', 'c'");
  EXPECT_THAT(bad("a,b,b", "timestamp=a,kwh=b"), HasSubstr("2 columns named 'b': name one as #N"));
  EXPECT_THAT(bad("a,b,b", "timestamp=a,kwh=#3,wh=#2"), HasSubstr("would both be meter"));
  EXPECT_THAT(bad("a,b", "timestamp=a,kwh=#5"), HasSubstr("column #5 does not exist"));
  EXPECT_THAT(bad("a,b", "timestamp=a,kwh=a"), HasSubstr("mapped twice"));
  EXPECT_THAT(bad("a,b,c", "time=a,kwh=b"), HasSubstr("no timestamp column"));
  EXPECT_THAT(bad("a,b,c", "timestamp=a,date=c,kwh=b"), HasSubstr("either timestamp or date"));
  EXPECT_THAT(bad("a,b", "timestamp=a,value=b"), HasSubstr("needs a channel"));
  CsvOptions kw;
  kw.unit = ValueUnit::kKw;
  EXPECT_THAT(bad("a,b", "timestamp=a,voltage=b", kw), HasSubstr("channel voltage is in V"));
}

TEST(CsvMapped, BadCellsRefuseTheirReadingOnly) {
  CsvOptions o = Mapped("timestamp=t,watts=*");
  o.unit = ValueUnit::kKw;
  const ParsedBlock b = ParseCsvText("t,x,y\n2026-01-01T00:00:00Z,1.5,abc\nnot a time,1,2\n", o);
  ASSERT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(b.meters[b.rows[0].meter], "x");
  ASSERT_EQ(b.errors.size(), 2u);
  EXPECT_EQ(b.errors[0].field, "y");
  EXPECT_THAT(b.errors[0].reason, HasSubstr("not a decimal number"));
  EXPECT_EQ(b.errors[1].field, "t");
  EXPECT_THAT(b.errors[1].reason, HasSubstr("give --time-format"));
  EXPECT_EQ(b.rejected_readings, 3u);  // one cell, then a row of two
}

TEST(CsvMapped, WhIntoKwhIsExactOrRefusedOrRounded) {
  CsvOptions o = Mapped("meter=m,timestamp=t,wh=e");
  const std::string f = "m,t,e\nA,2026-01-01T00:00:00Z,1500\nA,2026-01-01T00:15:00Z,1.5\n";
  ParsedBlock b = ParseCsvText(f, o);
  ASSERT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(b.rows[0].value, 1500);
  ASSERT_EQ(b.errors.size(), 1u);
  EXPECT_THAT(b.errors[0].reason, HasSubstr("use --round"));
  o.round = true;
  b = ParseCsvText(f, o);
  ASSERT_EQ(b.rows.size(), 2u);
  EXPECT_EQ(b.rows[1].value, 2);  // 1.5 Wh to even
  EXPECT_EQ(b.rounded, 1u);
}

TEST(CsvMapped, MeterIdsFromColumnNames) {
  EXPECT_EQ(MeterIdFromColumn("Barn-Other-garage lights? (kWatts)"), "Barn-Other-garage lights?");
  EXPECT_EQ(MeterIdFromColumn("  Barn-Pump-Well  (kWhs)"), "Barn-Pump-Well");
  EXPECT_EQ(MeterIdFromColumn("A  \t B (not a unit)"), "A B (not a unit)");
  EXPECT_EQ(MeterIdFromColumn(std::string(200, 'x')).size(), 128u);
}

}  // namespace
}  // namespace gridline::ingest
