// csv_parser.h: interval reads in CSV, long and wide, as utilities and head-ends export them.
//
// Long:  a header naming `meter_id`, `timestamp` and `kwh` (or `wh`, or `value` with --channel),
//        optional `channel` and `quality` columns, in any order; one reading per row.
// Wide:  `meter_id,date[,channel]` then one column per interval of the day: 24, 48, 96 or 288
//        (and the 23/25, 46/50, 92/100, 276/300 of DST days); one row per meter per day.
// The layout is detected from the header. Fields are comma separated (semicolon or tab when the
// header uses them), may be double-quoted, and are trimmed of spaces.
//
// Row rules (tests: csv_long_test.cc, csv_wide_test.cc): meter ids are 1..128 bytes of UTF-8
// without control characters; readings lie in [1970-01-01, 2200-01-01) UTC; a naive time is read
// in --tz (a skipped DST hour is an error, a repeated one sets ParsedRow::ambiguous_s). Wide cell i
// starts i intervals of elapsed time after local midnight, so cells past the end of a 23-hour day
// must be empty; empty cells are gaps; each wide row counts one naive time (its date). Every
// problem is a RowError naming the column (or "row"): one per long row, one per bad wide cell.
// Implementation: csv_header.cc, csv_block_parser.cc, csv_long_rows.cc, csv_wide_rows.cc.
//
// Thread-safety: a CsvLayout is immutable and shared; each thread owns its CsvBlockParser.
#ifndef GRIDLINE_INGEST_CSV_CSV_PARSER_H_
#define GRIDLINE_INGEST_CSV_CSV_PARSER_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/channel.h"
#include "common/time_zone.h"
#include "ingest/parsed_block.h"

namespace gridline::ingest {

struct CsvOptions {
  // --channel: the channel of a `value` column, and the default when there is no `channel` column.
  std::optional<ChannelKind> channel;
  // --tz: the zone of timestamps written without an offset (and of wide-format dates). Default
  // UTC; the importer reports how many naive timestamps it read this way.
  TimeZone zone;
  // --round: round values with more decimals than the channel holds, half away from zero.
  bool round = false;
  // A fixed meter (the HTTP API's writes to one meter): the header is long and has no meter_id
  // column (`timestamp,kwh[,quality]`), and every row belongs to this meter. Empty: off.
  std::string meter_id;
};

enum class CsvShape : uint8_t { kLong, kWide };

// What the header says about the file. Built once per file by ParseCsvHeader.
struct CsvLayout {
  CsvShape shape = CsvShape::kLong;
  char delimiter = ',';
  std::vector<std::string> columns;  // header names as written (trimmed), for error messages
  int column_count = 0;
  // Long: column indexes, -1 when absent.
  int meter_col = -1;
  int time_col = -1;
  int value_col = -1;
  int channel_col = -1;
  int quality_col = -1;
  int value_scale_shift = 0;   // `wh` column: 3 (the value is already in Wh); `kwh`/`value`: 0
  std::string fixed_meter_id;  // CsvOptions::meter_id: the meter of every row (meter_col is -1)
  ChannelKind default_channel = ChannelKind::kKwhDelivered;
  // Wide: index of the first interval column, their count, and the interval.
  int date_col = -1;
  int first_value_col = -1;
  int value_count = 0;
  int64_t interval_s = 0;
};

// Columns of a header: a wide header needs at most 288 intervals and a few leading columns.
inline constexpr size_t kMaxCsvColumns = 1024;

// Parses the header line (without its newline; a UTF-8 BOM is skipped). Fails with
// InvalidArgument saying which columns were expected and which were found (the first 40), or
// when the header has more than kMaxCsvColumns columns.
absl::StatusOr<CsvLayout> ParseCsvHeader(std::string_view header_line, const CsvOptions& options);

class CsvBlockParser {
 public:
  CsvBlockParser(const CsvLayout& layout, const CsvOptions& options);
  ~CsvBlockParser();
  CsvBlockParser(const CsvBlockParser&) = delete;
  CsvBlockParser& operator=(const CsvBlockParser&) = delete;

  // Parses the lines of `text` (complete lines, each ending in '\n' except perhaps the last) and
  // appends readings and row errors to *out (which the caller clears). Blank lines are skipped but
  // counted. Never fails as a whole: every problem is a RowError in *out.
  void Parse(std::string_view text, ParsedBlock* out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_CSV_CSV_PARSER_H_
