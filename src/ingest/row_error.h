// row_error.h: one rejected input row, as the importer reports it: `FILE:LINE: FIELD: reason`
// (docs/conventions.md: line numbers 1-based, the header is line 1).
#ifndef GRIDLINE_INGEST_ROW_ERROR_H_
#define GRIDLINE_INGEST_ROW_ERROR_H_

#include <cstdint>
#include <string>

namespace gridline::ingest {

struct RowError {
  std::string file;
  uint64_t line = 0;
  std::string field;  // the column as named in the header, or "row" for the whole line
  std::string reason;
};

// "meters.csv:1042: kwh: not a decimal number"
std::string FormatRowError(const RowError& e);

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_ROW_ERROR_H_
