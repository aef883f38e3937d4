// series_csv.h: one meter's readings from a small CSV file onto a UTC grid, so the rules can be
// tried without a store (`gridline vee validate --csv FILE`) and tested on the real files of
// test/data. Not the importer (ingest/importer.h): no versions, no store, one meter, whole file in
// memory within kMaxCsvBytes.
//
// The header is the first line that names the time column (a prologue before it is skipped, as
// in a PG&E "Download My Data" file). Times are ISO 8601 (`2013-01-01 00:00:00`, `...Z`) or match
// `time_format` (ingest/csv/time_format.h); naive times are read in `zone`; a date column may hold
// the date apart. A naive time repeated in the fall-back hour takes its second instant the second
// time it is seen (repair by order, as docs/import.md does for Green Button). Values are decimal
// kWh, or average kW over the interval with `unit_kw`; an empty cell or text such as `No CT` is
// missing. With a channel column, rows of `kwh_register` become register reads.
#ifndef GRIDLINE_VEE_RULES_SERIES_CSV_H_
#define GRIDLINE_VEE_RULES_SERIES_CSV_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time_zone.h"
#include "vee/rules/meter_window.h"

namespace gridline::vee {

inline constexpr size_t kMaxCsvBytes = size_t{256} << 20;

struct SeriesCsvOptions {
  std::string time_column = "timestamp";
  std::string date_column;  // empty: the time column holds the date
  std::vector<std::string> value_columns = {"kwh"};
  std::string channel_column = "channel";  // used when the header has it
  std::string time_format;                 // empty: ISO 8601
  std::string zone = "UTC";                // for naive times
  bool unit_kw = false;                    // values are average kW, not kWh
  int64_t interval_s = 0;                  // 0: the smallest spacing of the times
};

struct SeriesCsv {
  UnixSeconds start_s = 0;
  int64_t interval_s = 0;
  std::vector<std::string> names;                              // the value columns
  std::vector<std::vector<std::optional<int64_t>>> values_wh;  // one per value column
  std::vector<RegisterRead> registers;
  size_t rows = 0;
  size_t skipped = 0;  // rows whose time does not exist (a DST gap)
};

// Reads `path`. InvalidArgument "FILE:LINE: FIELD: reason" for the first bad row (a time that does
// not parse, a time off the grid, a number that does not parse is *missing*, not an error), a
// missing column, or a file over kMaxCsvBytes or 2^22 slots; NotFound when it cannot be opened.
absl::StatusOr<SeriesCsv> ReadSeriesCsv(const std::string& path, const SeriesCsvOptions& options);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_RULES_SERIES_CSV_H_
