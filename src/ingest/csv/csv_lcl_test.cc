// A real file: one London household's half-hourly kWh for 2013 from the Low Carbon London trial
// (test/data/lcl/SOURCE.md). Its header `LCLid,tstp,energy(kWh/hh)` is replaced by ours; its
// values are space-padded (` 0.219 `) and 80 of them carry float noise (`1.0779999`).
#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "ingest/csv/csv_parser.h"
#include "ingest/csv/csv_test_util.h"

namespace gridline::ingest {
namespace {

using ::testing::HasSubstr;

std::string LclRows() {
  // Built with append, not operator+ on a temporary: GCC 12 warns falsely (-Warray-bounds) there.
  std::string path = GL_SOURCE_DIR;
  path.append("/test/data/lcl/MAC000002.csv");
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  EXPECT_EQ(text.substr(0, text.find('\n')), "LCLid,tstp,energy(kWh/hh)");
  return text.substr(text.find('\n') + 1);
}

// Parses the rows in blocks of about `block_bytes` cut at newlines, as the importer does.
ParsedBlock ParseInBlocks(const std::string& rows, const CsvOptions& options, size_t block_bytes) {
  auto layout = ParseCsvHeader("meter_id,timestamp,kwh", options);
  EXPECT_TRUE(layout.ok());
  CsvBlockParser parser(*layout, options);
  ParsedBlock all;
  size_t at = 0;
  while (at < rows.size()) {
    size_t cut = std::min(rows.size(), at + block_bytes);
    const size_t nl = rows.find('\n', cut);
    cut = cut == rows.size() || nl == std::string::npos ? rows.size() : nl + 1;
    ParsedBlock b;
    parser.Parse(std::string_view(rows).substr(at, cut - at), &b);
    for (ParsedRow r : b.rows) {
      r.meter = 0;
      r.line += all.line_count;
      all.rows.push_back(r);
    }
    for (RowError e : b.errors) {
      e.line += all.line_count;
      all.errors.push_back(e);
    }
    EXPECT_EQ(b.meters, (std::vector<std::string>{"MAC000002"}));
    all.line_count += b.line_count;
    all.naive_times += b.naive_times;
    all.rounded += b.rounded;
    all.rejected_readings += b.rejected_readings;
    at = cut;
  }
  return all;
}

int64_t TotalWh(const ParsedBlock& b) {
  int64_t total = 0;
  for (const ParsedRow& r : b.rows) total += r.value;
  return total;
}

TEST(CsvLcl, RoundedYearMatchesSource) {
  CsvOptions o;
  o.round = true;
  const std::string rows = LclRows();
  for (const size_t block_bytes : {size_t{1} << 30, size_t{65536}, size_t{1000}}) {
    const ParsedBlock b = ParseInBlocks(rows, o, block_bytes);
    EXPECT_TRUE(b.errors.empty());
    EXPECT_EQ(b.line_count, 17'520u);
    ASSERT_EQ(b.rows.size(), 17'520u);
    // SOURCE.md: 4,214.6 kWh in 2013. The exact sum of the text is 4,214.6480004 kWh; rounding
    // each value to whole Wh gives 4,214,648 Wh.
    EXPECT_EQ(TotalWh(b), 4'214'648);
    EXPECT_EQ(b.rounded, 80u);
    EXPECT_EQ(b.naive_times, 17'520u);  // `2013-01-01 00:00:00`, no offset: read in UTC
    EXPECT_EQ(b.rows.front().time, Utc("2013-01-01T00:00:00Z"));
    EXPECT_EQ(b.rows.front().value, 219);
    EXPECT_EQ(b.rows.back().time, Utc("2013-12-31T23:30:00Z"));
    EXPECT_EQ(b.rows.back().value, 452);
    EXPECT_EQ(b.rows.back().line, 17'519u);
    for (size_t i = 1; i < b.rows.size(); ++i) {
      ASSERT_EQ(b.rows[i].time - b.rows[i - 1].time, 1800) << i;
    }
  }
}

TEST(CsvLcl, FloatNoiseIsRefusedWithoutRound) {
  const ParsedBlock b = ParseInBlocks(LclRows(), {}, size_t{1} << 30);
  EXPECT_EQ(b.rows.size(), 17'440u);
  ASSERT_EQ(b.errors.size(), 80u);
  EXPECT_EQ(b.rejected_readings, 80u);
  EXPECT_EQ(b.errors[0].field, "kwh");
  EXPECT_THAT(b.errors[0].reason, HasSubstr("has more decimals than the resolution of "
                                            "kwh_delivered (0.001 kWh); use --round"));
}

}  // namespace
}  // namespace gridline::ingest
