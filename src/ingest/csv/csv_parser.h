// csv_parser.h: interval reads in CSV, long and wide, as utilities and head-ends export them.
//
// Long:  a header naming `meter_id`, `timestamp` and `kwh` (or `wh`, or `value` with --channel),
//        optional `channel` and `quality` columns, in any order; one reading per row.
// Wide:  `meter_id,date[,channel]` then one column per interval of the day: 24, 48, 96 or 288
//        (and the 23/25, 46/50, 92/100, 276/300 of DST days); one row per meter per day. Each
//        value lands where its column label says in local time (`00:00` ... `23:45`; a
//        fall-back header lists the repeated hour twice), or by position when the labels are
//        not times.
// The layout is detected from the header. Fields are comma separated (semicolon or tab when the
// header uses them), may be double-quoted, and are trimmed of spaces.
//
// Row rules (tests: csv_long_test.cc, csv_wide_test.cc): meter ids are 1..128 bytes of UTF-8
// without control characters; readings lie in [1970-01-01, 2200-01-01) UTC; a naive time is read
// in --tz (a skipped DST hour is an error, a repeated one sets ParsedRow::ambiguous_s). A wide
// cell starts at its label's local time on the row's date (CsvLayout::cell_clock_s): a cell in
// the hour skipped on a spring-forward day must be empty, and a row whose header cannot hold the
// day (a 96-column row on a fall-back day) is an error saying how many intervals the day has.
// Without time labels and with a DST-day count, cell i starts i intervals of elapsed time after
// local midnight and cells past the day's end must be empty. Empty cells are gaps; each wide row
// counts one naive time (its date). Every
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
#include "ingest/csv/column_mapping.h"
#include "ingest/csv/time_format.h"
#include "ingest/parsed_block.h"
#include "ingest/value_unit.h"

namespace gridline::ingest {

struct CsvOptions {
  // --channel: the channel of a `value` column, and the default when there is no `channel` column.
  std::optional<ChannelKind> channel;
  // --tz: the zone of timestamps written without an offset (and of wide-format dates). Default
  // UTC; the importer reports how many naive timestamps it read this way.
  TimeZone zone;
  // --round: round values with more decimals than the channel holds, half to even.
  bool round = false;
  // --label end: a naive time in a zone that is not UTC is left for the placer to resolve once
  // the interval is known (ParsedRow::local_end); the importer sets it from PlacerOptions.
  bool label_end = false;
  // A fixed meter (the HTTP API's writes to one meter): the header is long and has no meter_id
  // column (`timestamp,kwh[,quality]`), and every row belongs to this meter. Empty: off.
  std::string meter_id;
  // Whether --tz was given: when not, a zone named in the timestamp column's header
  // (`Time Bucket (America/New_York)`) is used instead of UTC.
  bool zone_given = false;
  // --columns: what each column holds (column_mapping.h); without it the header's names decide.
  std::optional<ColumnMapping> mapping;
  // --time-format: the pattern of the timestamps (with date and time columns: of the date, a
  // space and the time). Without it, ISO 8601.
  std::optional<TimeFormat> time_format;
  // --unit: the unit of every value column (kNative: the channel's own, or a unit the header
  // names, `(kWatts)`), and per column by header name (`--unit GC=kw,GG=kw`).
  ValueUnit unit = ValueUnit::kNative;
  std::vector<std::pair<std::string, ValueUnit>> column_units;
  // --skip N: lines before the header (a prologue of account lines). Line numbers stay the file's.
  int skip_lines = 0;
};

// At most this many prologue lines are skipped.
inline constexpr int kMaxSkipLines = 100000;

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
  // Wide: where each interval column lands (csv_wide_rows.cc). cell_clock_s[i] is the local
  // wall-clock start of column i, in seconds after midnight, from its label (`00:15`, `1:00`,
  // `00:15:00`; with --label end the label is the interval's end, so `24:00` is 23:45 in a
  // 96-column file) or, for 24/48/96/288 columns without time labels, from its position.
  // cell_second_pass[i] marks the second column of a label the header lists twice (the repeated
  // hour of a fall-back day); cell_label_twice[i] a label listed twice. All empty when the header
  // has a DST-day count (23, 25, 92, 100, ...) without time labels: column i is then i intervals
  // of elapsed time after local midnight.
  std::vector<int32_t> cell_clock_s;
  std::vector<uint8_t> cell_second_pass;
  std::vector<uint8_t> cell_label_twice;

  // Mapped layouts (csv_mapped_header.cc, csv_mapped_rows.cc): a layout the simple long one
  // cannot express (several value columns, units, date and time apart, a zone column, a time
  // format) lists its value columns here; empty for the long and wide layouts above.
  struct ValueColumn {
    int col = -1;
    ChannelKind channel = ChannelKind::kKwhDelivered;
    ValueUnit unit = ValueUnit::kNative;  // kNative: already in the channel's unit
    // The column is a meter of its own (one column per circuit): its id, after the row's meter
    // and a `/` when the row has one. Empty: a channel of the row's meter.
    std::string own_meter;
  };
  std::vector<ValueColumn> value_columns;
  int time_of_day_col = -1;  // with date_col: date and time in two columns
  int zone_col = -1;         // UTC offsets or abbreviations (EST, EDT) per row
  // --time-format, or the format a known export uses (Emporia: `%m/%d/%Y %H:%M:%S`).
  std::optional<TimeFormat> time_format;
  // A zone named in the timestamp column's header, `Time Bucket (America/New_York)`; empty if
  // none. Used when --tz is not given.
  std::string header_zone;
};

// Columns of a header: a wide header needs at most 288 intervals and a few leading columns.
inline constexpr size_t kMaxCsvColumns = 1024;

// Parses the header line (without its newline; a UTF-8 BOM is skipped). With options.mapping,
// the mapping decides the columns (csv_mapped_header.cc); without it, the names above, or a
// real export's header that gridline knows (Low Carbon London's `LCLid,tstp,energy(kWh/hh)`,
// a `Time Bucket (ZONE)` column followed by one `NAME (kWatts)` column per circuit). Fails with
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
