// csv_flags.h: the text of the flags that say how to read a CSV file that is not in gridline's
// own layout (`--columns`, `--time-format`, `--unit`, `--skip`), turned into CsvOptions the same
// way for `gridline import csv` and the query parameters of the ingest routes.
#ifndef GRIDLINE_INGEST_CSV_CSV_FLAGS_H_
#define GRIDLINE_INGEST_CSV_CSV_FLAGS_H_

#include <string>

#include "absl/status/status.h"
#include "ingest/csv/csv_parser.h"

namespace gridline::ingest {

struct CsvFlagText {
  std::string columns;      // ROLE=COLUMN,... or @FILE
  std::string time_format;  // strftime-like
  std::string unit;         // UNIT, or COLUMN=UNIT,...
  std::string skip;         // a count of lines
};

// Sets options->mapping, time_format, unit, column_units and skip_lines from the non-empty
// fields. `allow_files`: whether `--columns @FILE` may read a file (not over HTTP).
// InvalidArgument naming the flag and saying why.
absl::Status ApplyCsvFlags(const CsvFlagText& flags, bool allow_files, CsvOptions* options);

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_CSV_CSV_FLAGS_H_
