// Tests of CsvOptions::meter_id: the readings of one meter, as the HTTP API's per-meter writes
// send them (`timestamp,kwh[,quality]`, no meter_id column).
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ingest/csv/csv_parser.h"
#include "ingest/csv/csv_test_util.h"

namespace gridline::ingest {
namespace {

using ::testing::HasSubstr;

CsvOptions ForMeter(std::string meter) {
  CsvOptions o;
  o.meter_id = std::move(meter);
  return o;
}

TEST(CsvFixedMeter, RowsBelongToTheGivenMeter) {
  const ParsedBlock b = ParseCsvText(
      "timestamp,kwh,quality\n"
      "2026-07-01T00:00:00Z,0.219,actual\n"
      "2026-07-01T00:15:00Z,1.5,E\n",
      ForMeter("M7"));
  ASSERT_TRUE(b.errors.empty()) << FormatRowError(b.errors[0]);
  ASSERT_EQ(b.rows.size(), 2u);
  EXPECT_EQ(b.meters, (std::vector<std::string>{"M7"}));
  EXPECT_EQ(b.rows[0].value, 219);
  EXPECT_EQ(b.rows[1].quality, Quality::kEstimated);
}

TEST(CsvFixedMeter, QualityColumnIsOptional) {
  const ParsedBlock b = ParseCsvText("timestamp,kwh\n2026-07-01T00:00:00Z,2\n", ForMeter("M7"));
  ASSERT_EQ(b.rows.size(), 1u);
  EXPECT_EQ(b.rows[0].value, 2000);
}

TEST(CsvFixedMeter, HeaderWithAMeterColumnIsRefused) {
  auto layout = ParseCsvHeader("meter_id,timestamp,kwh", ForMeter("M7"));
  ASSERT_FALSE(layout.ok());
  EXPECT_THAT(std::string(layout.status().message()), HasSubstr("meter 'M7'"));
}

TEST(CsvFixedMeter, AWideHeaderIsReadAsLongAndSaysWhatIsMissing) {
  std::string header = "date";
  for (int i = 0; i < 24; ++i) header += ",h" + std::to_string(i);
  auto layout = ParseCsvHeader(header, ForMeter("M7"));
  ASSERT_FALSE(layout.ok());
  EXPECT_THAT(std::string(layout.status().message()), HasSubstr("missing column timestamp"));
}

TEST(CsvFixedMeter, WithoutTheOptionAMeterColumnIsStillRequired) {
  auto layout = ParseCsvHeader("timestamp,kwh", CsvOptions());
  ASSERT_FALSE(layout.ok());
  EXPECT_THAT(std::string(layout.status().message()), HasSubstr("meter_id"));
}

}  // namespace
}  // namespace gridline::ingest
