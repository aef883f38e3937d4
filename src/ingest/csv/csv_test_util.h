// csv_test_util.h: helpers for the CSV parser tests: parse a whole small file (header + rows)
// the way the importer does, in one block or cut into several.
#ifndef GRIDLINE_INGEST_CSV_CSV_TEST_UTIL_H_
#define GRIDLINE_INGEST_CSV_CSV_TEST_UTIL_H_

#include <string>
#include <string_view>

#include "common/time.h"
#include "gtest/gtest.h"
#include "ingest/csv/csv_parser.h"

namespace gridline::ingest {

// Parses `file` (header line, then rows) as one block. The header must be valid.
inline ParsedBlock ParseCsvText(std::string_view file, const CsvOptions& options = {}) {
  ParsedBlock block;
  const size_t nl = file.find('\n');
  auto layout = ParseCsvHeader(file.substr(0, nl), options);
  EXPECT_TRUE(layout.ok()) << layout.status();
  if (!layout.ok()) return block;
  CsvBlockParser parser(*layout, options);
  parser.Parse(nl == std::string_view::npos ? std::string_view() : file.substr(nl + 1), &block);
  return block;
}

inline CsvOptions InZone(std::string_view zone) {
  CsvOptions o;
  auto tz = TimeZone::Load(zone);
  EXPECT_TRUE(tz.ok());
  if (tz.ok()) o.zone = *tz;
  return o;
}

inline int64_t Utc(std::string_view iso) {
  ParsedTime t;
  EXPECT_EQ(ParseTimestamp(iso, &t), nullptr) << iso;
  return t.seconds;
}

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_CSV_CSV_TEST_UTIL_H_
