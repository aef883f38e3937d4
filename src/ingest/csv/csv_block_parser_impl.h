// csv_block_parser_impl.h: the state behind CsvBlockParser, shared by its three source files:
// csv_block_parser.cc (cutting a block into lines and fields, and what every row has in common),
// csv_long_rows.cc (one reading per row) and csv_wide_rows.cc (one day of readings per row).
// Internal to src/ingest/csv/.
//
// Speed: this is the hot path of `gridline import csv`. Per row it avoids allocation and repeated
// work: the previous row's meter id, channel, quality and date are remembered and compared
// byte-wise before anything is looked up; timestamps and values have fast paths for their usual
// shapes (timestamp_reader.h, simple_decimal.h). Error paths may allocate freely.
#ifndef GRIDLINE_INGEST_CSV_CSV_BLOCK_PARSER_IMPL_H_
#define GRIDLINE_INGEST_CSV_CSV_BLOCK_PARSER_IMPL_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "common/channel.h"
#include "common/decimal.h"
#include "common/quality.h"
#include "common/time_zone.h"
#include "ingest/csv/csv_fields.h"
#include "ingest/csv/csv_parser.h"
#include "ingest/csv/csv_text.h"
#include "ingest/csv/meter_table.h"
#include "ingest/csv/timestamp_reader.h"

namespace gridline::ingest {

// A line longer than this is refused whole: no valid row comes near it (a 300-column wide row
// of long decimals is ~ 10 KB), and it bounds the work one hostile line can cause.
inline constexpr size_t kMaxLineBytes = size_t{1} << 20;

struct CsvBlockParser::Impl {
  Impl(const CsvLayout& layout, const CsvOptions& options);

  void Parse(std::string_view text, ParsedBlock* out);

  // --- csv_block_parser.cc ---
  // Handles the fields of one non-empty line (splitter_.fields()): blank, wrong count, or a row.
  void ParseFields(std::string_view line, uint32_t line_no);
  // Adds a RowError for column `col` (-1: the whole row, field "row").
  void AddError(uint32_t line_no, int col, std::string reason);
  // The channel of a row from its `channel` cell; on failure adds a RowError and returns false.
  bool ReadChannel(std::string_view text, uint32_t line_no, ChannelKind* kind);
  // The value of a cell at `scale` (the channel's, less the `wh` shift) into *value, for cells
  // ParseSimpleDecimal (tried first by the callers) did not take; on failure sets *reason and
  // returns false. Counts nothing: *rounded says whether --round changed the value.
  bool ReadValue(std::string_view text, int scale, ChannelKind kind, int64_t* value, bool* rounded,
                 std::string* reason);
  // The meter of a row: the previous row's, one this block has seen (*index >= 0), or a new id
  // that passed MeterIdProblem (*index = -1; MeterIndex interns it once the row is accepted, so
  // that rejected rows add no meters). On a bad id sets *problem and returns false.
  bool LookUpMeter(std::string_view id, int64_t* index, std::string* problem) {
    if (have_last_meter_ && BytesEqual(id, out_->meters[last_meter_index_])) {
      *index = last_meter_index_;
      return true;
    }
    *index = meters_.Find(id);
    if (*index >= 0) return true;
    *problem = MeterIdProblem(id);
    return problem->empty();
  }
  uint32_t MeterIndex(std::string_view id, int64_t index) {
    if (index < 0) index = meters_.Intern(id);
    have_last_meter_ = true;
    last_meter_index_ = static_cast<uint32_t>(index);
    return last_meter_index_;
  }
  int ScaleOf(ChannelKind kind) const { return scale_of_[static_cast<uint8_t>(kind)]; }

  // --- csv_long_rows.cc ---
  void ParseLongRow(const std::vector<std::string_view>& f, uint32_t line_no);
  bool ReadQuality(std::string_view text, uint32_t line_no, Quality* quality);

  // The UTC time of a row's time `parsed` (read from `text`): a naive time is read in the zone
  // (a skipped DST hour is refused, a repeated one sets *ambiguous_s; with --label end it is left
  // to the placer in *local_end). Returns the reason it is refused, or an empty string.
  std::string ResolveTime(const ParsedTime& parsed, std::string_view text, int64_t* time,
                          int32_t* ambiguous_s, int64_t* local_end);

  // --- csv_mapped_rows.cc ---
  // A row of a mapped layout (CsvLayout::value_columns): one reading per value cell.
  void ParseMappedRow(const std::vector<std::string_view>& f, uint32_t line_no);
  // The value of one mapped cell in its unit into *row (final, or left to the placer); on
  // failure returns the reason.
  std::string ReadMappedValue(std::string_view text, const CsvLayout::ValueColumn& v,
                              ChannelKind channel, ParsedRow* row, bool* rounded);

  // --- csv_wide_rows.cc ---
  void ParseWideRow(const std::vector<std::string_view>& f, uint32_t line_no);
  // Rejects a whole wide row: one RowError, and every non-empty interval cell counted.
  void RejectWideRow(const std::vector<std::string_view>& f, uint32_t line_no, int col,
                     std::string reason);
  // The non-empty interval cells of a wide row: the readings it would have given.
  uint64_t CountCells(const std::vector<std::string_view>& f) const;
  // Sets day_start_/day_end_ (and, for a labelled header, day_cells_ and day_problem_) for a
  // date cell; on failure returns the reason.
  bool ReadDay(std::string_view text, std::string* reason);
  // Where each labelled cell lands on the day starting at local civil day `days`: day_cells_[i]
  // is its UTC start, or kCellMustBeEmpty; a row the header cannot hold sets day_problem_.
  void PlaceLabelledCells(int64_t days, std::string_view date);

  const CsvLayout layout_;
  const TimeFormat* const time_format_;  // layout_'s, or null: ISO 8601
  std::string time_text_;                // date, a space and time of a row with both
  std::string meter_text_;               // row meter, '/' and a column's own meter
  const bool round_;
  const bool label_end_;
  const bool value_needs_channel_;  // `value` column without --channel: an empty channel cell is
                                    // an error, not kwh_delivered
  const bool energy_column_;        // `kwh` or `wh` column: only kWh channels fit
  TimeZone zone_;                   // a copy: its conversion cache is per thread
  std::vector<std::string> field_names_;  // error `field` of each column
  int scale_of_[256] = {};                // value scale of each channel (less the `wh` shift)
  CsvFieldSplitter splitter_;
  MeterTable meters_;
  TimestampReader times_;
  ParsedBlock* out_ = nullptr;

  // What the previous row had, to skip lookups when the next row repeats it.
  bool have_last_meter_ = false;  // then out_->meters[last_meter_index_] is the last row's id
  uint32_t last_meter_index_ = 0;
  bool have_last_channel_ = false;
  std::string last_channel_text_;
  ChannelKind last_channel_ = ChannelKind::kKwhDelivered;
  bool have_prev_channel_ = false;
  std::string prev_channel_text_;
  ChannelKind prev_channel_ = ChannelKind::kKwhDelivered;
  bool have_last_quality_ = false;
  std::string last_quality_text_;
  Quality last_quality_ = Quality::kActual;
  bool have_last_date_ = false;
  std::string last_date_text_;
  int64_t day_start_ = 0;  // UTC instants of the local midnights around the wide row's date
  int64_t day_end_ = 0;
  static constexpr int64_t kCellMustBeEmpty = INT64_MIN;
  std::vector<int64_t> day_cells_;  // labelled headers: UTC start of each cell on that date
  std::string day_problem_;         // non-empty: every non-empty row of that date is refused
  int day_problem_col_ = -1;        // the column day_problem_ is about
  std::vector<std::string> day_cell_problems_;  // a non-empty cell i is refused with this reason
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_CSV_CSV_BLOCK_PARSER_IMPL_H_
