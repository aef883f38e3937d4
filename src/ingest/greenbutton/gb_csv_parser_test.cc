// Tests of the Green Button CSV parser: prologue, BOM, header by name, costs, notes, NEM
// columns, local times on DST days, the meter id.
#include "ingest/greenbutton/gb_csv_parser.h"

#include "gtest/gtest.h"

namespace gridline::ingest {
namespace {

struct Parsed {
  absl::Status status;
  ParsedBlock block;
  uint32_t header_lines = 0;
};

Parsed ParseCsv(const std::string& text, const std::string& meter = "",
                const std::string& zone = "America/Los_Angeles") {
  GbCsvOptions o;
  o.zone = *TimeZone::Load(zone);
  o.meter = meter;
  GbCsvParser parser(o);
  Parsed p;
  absl::StatusOr<size_t> used = parser.ReadHeader(text, &p.header_lines);
  if (!used.ok()) {
    p.status = used.status();
    return p;
  }
  parser.ParseRows(std::string_view(text).substr(*used), &p.block);
  return p;
}

constexpr char kPrologue[] =
    "\xEF\xBB\xBFName,REDACTED\n"
    "Address,\"1 MAIN ST, LAFAYETTE, CA 94549\"\n"
    "Account Number,1234567890\n"
    "Service,SA-42\n"
    "\n";

TEST(GbCsvParser, ReadsThePgeShape) {
  const Parsed p =
      ParseCsv(std::string(kPrologue) +
               "TYPE,DATE,START TIME,END TIME,USAGE,UNITS,COST,NOTES\n"
               "Electric usage,2018-10-04,00:00,00:59,0.24,kWh,$0.05,\n"
               "Electric usage,2018-10-04,01:00,01:59,0.17,kWh,\"$1,000.04\",Estimated\n");
  ASSERT_TRUE(p.status.ok()) << p.status;
  EXPECT_EQ(p.header_lines, 6u);
  ASSERT_EQ(p.block.meters.size(), 1u);
  EXPECT_EQ(p.block.meters[0], "SA-42");  // the Service id
  ASSERT_EQ(p.block.rows.size(), 4u);
  EXPECT_TRUE(p.block.errors.empty());
  const ParsedRow& usage = p.block.rows[0];
  EXPECT_EQ(usage.time, 1538636400);  // 2018-10-04T00:00 PDT = 07:00Z
  EXPECT_EQ(usage.value, 240);
  EXPECT_EQ(usage.channel, ChannelKind::kKwhDelivered);
  EXPECT_EQ(p.block.rows[1].channel, ChannelKind::kCost);
  EXPECT_EQ(p.block.rows[1].value, 5000);  // $0.05 at scale 5
  EXPECT_EQ(p.block.rows[2].quality, Quality::kEstimated);
  EXPECT_EQ(p.block.rows[3].value, 100004000);
  EXPECT_EQ(p.block.rows[3].quality, Quality::kEstimated);
  EXPECT_EQ(p.block.rows[2].line, 1u);
}

TEST(GbCsvParser, ColumnsAreFoundByNameWithUnitsInTheHeader) {
  // NEM account: IMPORT and EXPORT, reordered columns, Wh in the header, a negative cost.
  const Parsed p = ParseCsv(
      "TYPE,DATE,START TIME,END TIME,EXPORT (Wh),IMPORT (Wh),NOTES,COST\n"
      "Electric usage,7/2/2026,12:00,12:14,350,20,,-$0.11\n",
      "PV1");
  ASSERT_TRUE(p.status.ok()) << p.status;
  ASSERT_EQ(p.block.rows.size(), 3u);
  EXPECT_EQ(p.block.rows[0].channel, ChannelKind::kKwhReceived);
  EXPECT_EQ(p.block.rows[0].value, 350);
  EXPECT_EQ(p.block.rows[1].channel, ChannelKind::kKwhDelivered);
  EXPECT_EQ(p.block.rows[1].value, 20);
  EXPECT_EQ(p.block.rows[2].channel, ChannelKind::kCost);
  EXPECT_EQ(p.block.rows[2].value, -11000);
  EXPECT_EQ(p.block.rows[0].time, 1783018800);  // 2026-07-02T12:00 PDT
}

TEST(GbCsvParser, FallBackHourIsAmbiguousAndSpringGapIsAnError) {
  const Parsed p = ParseCsv(
      "TYPE,DATE,START TIME,END TIME,USAGE (kWh),COST,NOTES\n"
      "Electric usage,2018-11-04,01:00,01:59,0.09,$0.02,\n"
      "Electric usage,2018-11-04,01:00,01:59,0.03,$0.01,\n"
      "Electric usage,2019-03-10,02:00,02:59,0.03,$0.01,\n",
      "M");
  ASSERT_TRUE(p.status.ok()) << p.status;
  ASSERT_EQ(p.block.rows.size(), 4u);
  EXPECT_EQ(p.block.rows[0].time, 1541318400);
  EXPECT_EQ(p.block.rows[0].ambiguous_s, 3600);  // the importer picks the pass by order
  ASSERT_EQ(p.block.errors.size(), 1u);
  EXPECT_EQ(p.block.errors[0].field, "START TIME");
  EXPECT_EQ(p.block.errors[0].line, 2u);  // the third row, counted from 0
}

TEST(GbCsvParser, BadCellsAreRowErrorsNamingTheColumn) {
  const Parsed p = ParseCsv(
      "TYPE,DATE,START TIME,END TIME,USAGE,UNITS,COST,NOTES\n"
      "Electric usage,2018-13-04,00:00,00:59,0.24,kWh,$0.05,\n"
      "Electric usage,2018-10-04,25:00,00:59,0.24,kWh,$0.05,\n"
      "Electric usage,2018-10-04,00:00,00:59,abc,kWh,$0.05,\n"
      "Natural gas usage,2018-10-04,00:00,23:59,1.2,therms,$1.50,\n"
      "Electric usage,2018-10-04,00:00,00:59,0.0001,kWh,$x,\n"
      "Electric usage,2018-10-04\n",
      "M");
  ASSERT_TRUE(p.status.ok()) << p.status;
  ASSERT_EQ(p.block.errors.size(), 7u);
  EXPECT_EQ(p.block.errors[0].field, "DATE");
  EXPECT_EQ(p.block.errors[1].field, "START TIME");
  EXPECT_EQ(p.block.errors[2].field, "USAGE");
  EXPECT_EQ(p.block.errors[3].field, "USAGE");
  EXPECT_NE(p.block.errors[3].reason.find("therms"), std::string::npos);
  EXPECT_EQ(p.block.errors[4].field, "USAGE");  // 0.0001 kWh is finer than 1 Wh
  EXPECT_EQ(p.block.errors[5].field, "COST");
  EXPECT_EQ(p.block.errors[6].field, "row");
}

TEST(GbCsvParser, HeaderAndMeterAreRequired) {
  EXPECT_FALSE(ParseCsv("Name,X\nsomething,else\n").status.ok());
  const Parsed no_meter = ParseCsv("TYPE,DATE,START TIME,END TIME,USAGE\n");
  ASSERT_FALSE(no_meter.status.ok());
  EXPECT_NE(no_meter.status.message().find("--meter"), std::string::npos);
  const Parsed no_usage = ParseCsv("TYPE,DATE,START TIME,END TIME,COST\n", "M");
  EXPECT_FALSE(no_usage.status.ok());
}

}  // namespace
}  // namespace gridline::ingest
