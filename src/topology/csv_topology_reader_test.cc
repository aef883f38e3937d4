// Tests of the topology CSV reader: header forms, quoting, BOM, CRLF, gzip, and every kind of
// bad field, each reported as FILE:LINE: FIELD: reason.
#include "topology/csv_topology_reader.h"

#include <zlib.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test/test_util.h"
#include "topology/asset_row_builder.h"
#include "topology/topology_file.h"
#include "topology/topology_test_util.h"

namespace gridline::topology {
namespace {

using testing::Errors;
using ::testing::HasSubstr;
using testing::kHeader;

TopologyInput Parse(const std::string& text) { return ParseTopologyCsv(text, "g.csv"); }

// The single error of `text`, formatted.
std::string OnlyError(const std::string& text) {
  TopologyInput in = Parse(text);
  EXPECT_EQ(in.errors.size(), 1u) << Errors(in.errors);
  return in.errors.empty() ? "" : FormatTopologyError(in.errors[0]);
}

TEST(CsvTopologyReader, ReadsEveryColumn) {
  TopologyInput in = Parse(
      "asset_id,kind,parent_id,lat,lon,rating_kva,rating_a,customer_class,pv,ev,pricing_node,"
      "weather_station,valid_from,feeder_voltage\n"
      "S1,substation,,37.5,-122.25,20000,,,,,DLAP_PGAE-APND,KSFO,,115kV\n"
      "M1,Meter,T1,37.51,-122.26,,200,commercial,yes,0,,,2026-03-01T00:00:00Z,\n");
  ASSERT_TRUE(in.errors.empty()) << Errors(in.errors);
  ASSERT_EQ(in.rows.size(), 2u);
  EXPECT_EQ(in.records, 2u);
  const AssetRow& s = in.rows[0];
  EXPECT_EQ(s.id, "S1");
  EXPECT_EQ(s.kind, AssetKind::kSubstation);
  EXPECT_EQ(s.parent_id, "");
  EXPECT_EQ(s.valid_from, kBeginningOfTime);
  ASSERT_TRUE(s.position.has_value());
  EXPECT_EQ(s.position->lat, 37.5);
  EXPECT_EQ(s.position->lon, -122.25);
  EXPECT_EQ(s.rating_kva, 20000);
  EXPECT_FALSE(s.rating_a.has_value());
  EXPECT_FALSE(s.customer_class.has_value());
  EXPECT_FALSE(s.pv.has_value());
  EXPECT_EQ(s.pricing_node, "DLAP_PGAE-APND");
  EXPECT_EQ(s.weather_station, "KSFO");
  ASSERT_EQ(s.attributes.size(), 1u);
  EXPECT_EQ(s.attributes[0].first, "feeder_voltage");
  EXPECT_EQ(s.attributes[0].second, "115kV");
  const AssetRow& m = in.rows[1];
  EXPECT_EQ(m.kind, AssetKind::kMeter);
  EXPECT_EQ(m.parent_id, "T1");
  EXPECT_EQ(m.rating_a, 200);
  EXPECT_EQ(m.customer_class, "commercial");
  EXPECT_EQ(m.pv, true);
  EXPECT_EQ(m.ev, false);
  EXPECT_EQ(m.valid_from, 1772323200);  // 2026-03-01T00:00:00Z
  EXPECT_TRUE(m.attributes.empty());    // an empty free attribute is not given
}

TEST(CsvTopologyReader, HeaderInAnyOrderAndCaseWithBomCrlfQuotesAndSemicolons) {
  TopologyInput in = Parse(
      "\xEF\xBB\xBF"
      "LON;Lat;Kind;Parent_ID;Asset_Id;note\r\n"
      "-122.1;37.1;feeder;S1;\"F;1\";\"said \"\"hi\"\"\"\r\n"
      "\r\n"
      "-122.2;37.2;transformer;\"F;1\";T1;\r\n");
  ASSERT_TRUE(in.errors.empty()) << Errors(in.errors);
  ASSERT_EQ(in.rows.size(), 2u);
  EXPECT_EQ(in.rows[0].id, "F;1");
  EXPECT_EQ(in.rows[0].parent_id, "S1");
  EXPECT_EQ(in.rows[0].position, (LatLon{37.1, -122.1}));
  ASSERT_EQ(in.rows[0].attributes.size(), 1u);
  EXPECT_EQ(in.rows[0].attributes[0].second, "said \"hi\"");
  EXPECT_EQ(in.rows[1].source.line, 4u);  // the blank line counts
  EXPECT_EQ(in.rows[1].parent_id, "F;1");
}

TEST(CsvTopologyReader, HeaderErrors) {
  EXPECT_EQ(OnlyError("asset_id,kind,parent_id,lat\nS1,substation,,1\n"),
            "g.csv:1: header: missing column 'lon' (a topology CSV needs asset_id, kind, "
            "parent_id, lat and lon)");
  EXPECT_THAT(OnlyError("asset_id,kind,parent_id,lat,lon,KIND\n"),
              HasSubstr("g.csv:1: header: column 'KIND' appears twice"));
  EXPECT_THAT(OnlyError("asset_id,kind,parent_id,lat,lon,,x\n"),
              HasSubstr("g.csv:1: header: column 6 has no name"));
  EXPECT_THAT(OnlyError(""), HasSubstr("g.csv: header: the file is empty"));
  EXPECT_THAT(OnlyError("\"asset_id,kind\n"), HasSubstr("g.csv:1: header: "));
}

TEST(CsvTopologyReader, EveryBadFieldIsReportedWithLineAndColumn) {
  const std::string header = "asset_id,kind,parent_id,lat,lon,rating_kva,rating_a,pv,valid_from\n";
  auto bad = [&](const std::string& row) { return OnlyError(header + row + "\n"); };
  EXPECT_EQ(bad("S1,substaton,,,,,,,"),
            "g.csv:2: kind: unknown kind 'substaton' (substation, feeder, transformer, "
            "service_point, meter, panel, circuit or sensor)");
  EXPECT_EQ(bad(",substation,,,,,,,"), "g.csv:2: asset_id: empty");
  EXPECT_EQ(bad("S1,,,,,,,,"), "g.csv:2: kind: empty");
  EXPECT_THAT(bad(std::string(129, 'x') + ",substation,,,,,,,"),
              HasSubstr("g.csv:2: asset_id: longer than 128 bytes (129 bytes)"));
  EXPECT_THAT(bad("S\x01"
                  "1,substation,,,,,,,"),
              HasSubstr("g.csv:2: asset_id: control character in 'S\\x011'"));
  EXPECT_THAT(bad("S\xff,substation,,,,,,,"), HasSubstr("g.csv:2: asset_id: not UTF-8"));
  EXPECT_THAT(bad("F1,feeder,S\x7f,,,,,,"), HasSubstr("g.csv:2: parent_id: control character"));
  EXPECT_EQ(bad("S1,substation,,north,1,,,,"), "g.csv:2: lat: not a number: 'north'");
  EXPECT_EQ(bad("S1,substation,,91,1,,,,"), "g.csv:2: lat: 91 is not a latitude (-90 to 90)");
  EXPECT_EQ(bad("S1,substation,,1,-180.5,,,,"),
            "g.csv:2: lon: -180.5 is not a longitude (-180 to 180)");
  EXPECT_EQ(bad("S1,substation,,nan,1,,,,"), "g.csv:2: lat: not a number: 'nan'");
  EXPECT_EQ(bad("S1,substation,,1,,,,,"), "g.csv:2: lon: missing: lat is given, lon is not");
  EXPECT_EQ(bad("S1,substation,,,1,,,,"), "g.csv:2: lat: missing: lon is given, lat is not");
  EXPECT_EQ(bad("S1,substation,,,,-5,,,"),
            "g.csv:2: rating_kva: rating -5 out of range (more than 0, at most 10000000)");
  EXPECT_EQ(bad("S1,substation,,,,0,,,"),
            "g.csv:2: rating_kva: rating 0 out of range (more than 0, at most 10000000)");
  EXPECT_EQ(bad("S1,substation,,,,,lots,,"), "g.csv:2: rating_a: not a number: 'lots'");
  EXPECT_EQ(bad("S1,substation,,,,,,maybe,"),
            "g.csv:2: pv: 'maybe' is not true/false, 1/0 or yes/no");
  EXPECT_THAT(bad("S1,substation,,,,,,,2026-13-01"),
              HasSubstr("g.csv:2: valid_from: '2026-13-01'"));
  EXPECT_EQ(bad("S1,substation,,,"), "g.csv:2: row: 5 fields, the header has 9");
  EXPECT_THAT(bad("\"S1,substation,,,,,,,"), HasSubstr("g.csv:2: row: "));
}

TEST(CsvTopologyReader, ARowWithABadFieldStillNamesItsAsset) {
  // So that rows naming it as a parent do not fail as well.
  TopologyInput in = Parse(std::string(kHeader) + "F1,feeder,S1,999,1\n");
  EXPECT_EQ(in.errors.size(), 1u);
  ASSERT_EQ(in.rows.size(), 1u);
  EXPECT_EQ(in.rows[0].id, "F1");
}

TEST(CsvTopologyReader, BoolSpellings) {
  TopologyInput in = Parse(
      "asset_id,kind,parent_id,lat,lon,pv,ev\n"
      "M1,meter,T,,,TRUE,no\nM2,meter,T,,,1,False\nM3,meter,T,,,Yes,0\nM4,meter,T,,,,\n");
  ASSERT_TRUE(in.errors.empty()) << Errors(in.errors);
  EXPECT_EQ(in.rows[0].pv, true);
  EXPECT_EQ(in.rows[0].ev, false);
  EXPECT_EQ(in.rows[1].pv, true);
  EXPECT_EQ(in.rows[1].ev, false);
  EXPECT_EQ(in.rows[2].pv, true);
  EXPECT_EQ(in.rows[2].ev, false);
  EXPECT_FALSE(in.rows[3].pv.has_value());
}

TEST(CsvTopologyReader, ValidFromTakesOffsetsAndDates) {
  TopologyInput in = Parse(
      "asset_id,kind,parent_id,lat,lon,valid_from\n"
      "T1,transformer,F1,,,2026-03-01T02:00:00+02:00\nT1,transformer,F2,,,2026-03-02\n");
  ASSERT_TRUE(in.errors.empty()) << Errors(in.errors);
  EXPECT_EQ(in.rows[0].valid_from, 1772323200);
  EXPECT_EQ(in.rows[1].valid_from, 1772323200 + 86400);
}

TEST(CsvTopologyReader, ReadsGzipFilesAndTellsGeoJsonByContent) {
  gridline::testing::TempDir dir;
  const std::string text = std::string(kHeader) + "S1,substation,,1,2\n";
  const std::string gz = dir.Sub("g.csv.gz");
  gzFile f = gzopen(gz.c_str(), "wb");
  gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
  gzclose(f);
  absl::StatusOr<TopologyInput> in = ReadTopologyFile(gz);
  ASSERT_TRUE(in.ok()) << in.status();
  ASSERT_TRUE(in->errors.empty()) << Errors(in->errors);
  ASSERT_EQ(in->rows.size(), 1u);
  EXPECT_EQ(in->file, gz);

  const std::string json = dir.Sub("g.json");
  gridline::testing::WriteFile(json, " \n{\"type\":\"FeatureCollection\",\"features\":[]}");
  in = ReadTopologyFile(json);
  ASSERT_TRUE(in.ok()) << in.status();
  EXPECT_TRUE(in->errors.empty()) << Errors(in->errors);

  EXPECT_EQ(ReadTopologyFile(dir.Sub("missing.csv")).status().code(), absl::StatusCode::kNotFound);
}

// Issue 11: duplicate column names are looked for pairwise, so a header of a million columns
// took hours; the header is now bounded.
TEST(CsvTopologyReader, RejectsHeaderWithMoreThanMaxColumns) {
  std::string header = "asset_id,kind,parent_id,lat,lon";
  for (size_t i = 5; i < kMaxColumns; ++i) header += ",c" + std::to_string(i);
  TopologyInput in =
      Parse(header + "\nS1,substation,,1,2" + std::string(kMaxColumns - 5, ',') + "\n");
  EXPECT_TRUE(in.errors.empty()) << Errors(in.errors);
  EXPECT_EQ(in.rows.size(), 1u);
  in = Parse(header + ",one_more\nS1,substation,,1,2\n");
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_EQ(FormatTopologyError(in.errors[0]), "g.csv:1: header: 1025 columns, more than 1024");
}

}  // namespace
}  // namespace gridline::topology
