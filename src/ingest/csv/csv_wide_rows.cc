// csv_wide_rows.cc: rows of the wide layout, one meter-day each: `meter_id,date[,channel]` then
// one cell per interval. Cell i of date D is the interval that starts i intervals of elapsed time
// after local midnight of D in --tz, so a DST day is simply shorter or longer: 92 or 100
// quarter-hours (DOMAIN.md section 1); cells past the day's real end must be empty. An empty cell
// is a gap. A bad cell rejects that reading only; a bad meter, date or channel the whole row.
#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"
#include "ingest/csv/csv_block_parser_impl.h"
#include "ingest/csv/csv_text.h"
#include "ingest/csv/simple_decimal.h"

namespace gridline::ingest {

void CsvBlockParser::Impl::RejectWideRow(const std::vector<std::string_view>& f, uint32_t line_no,
                                         int col, std::string reason) {
  AddError(line_no, col, std::move(reason));
  out_->rejected_readings += CountCells(f);
}

uint64_t CsvBlockParser::Impl::CountCells(const std::vector<std::string_view>& f) const {
  uint64_t cells = 0;
  for (int i = 0; i < layout_.value_count; ++i) cells += !f[layout_.first_value_col + i].empty();
  return cells;
}

bool CsvBlockParser::Impl::ReadDay(std::string_view text, std::string* reason) {
  if (have_last_date_ && BytesEqual(last_date_text_, text)) return true;
  int64_t days;
  if (const char* why = ParseCsvDate(text, &days)) {
    *reason = fmt::format("{}: {}", why, Shown(text));
    return false;
  }
  const int64_t start = zone_.LocalMidnightUtc(days);
  const int64_t end = zone_.LocalMidnightUtc(days + 1);
  if (start < kMinTime || end > kMaxTime) {
    *reason = fmt::format("{} is outside 1970-01-01 .. 2199-12-31, the days gridline stores",
                          Shown(text));
    return false;
  }
  have_last_date_ = true;
  last_date_text_.assign(text);
  day_start_ = start;
  day_end_ = end;
  return true;
}

void CsvBlockParser::Impl::ParseWideRow(const std::vector<std::string_view>& f, uint32_t line_no) {
  const std::string_view id = f[layout_.meter_col];
  int64_t known_meter;
  std::string reason;
  if (!LookUpMeter(id, &known_meter, &reason)) {
    return RejectWideRow(f, line_no, layout_.meter_col, std::move(reason));
  }
  if (!ReadDay(f[layout_.date_col], &reason)) {
    return RejectWideRow(f, line_no, layout_.date_col, std::move(reason));
  }
  ChannelKind channel = layout_.default_channel;
  if (layout_.channel_col >= 0) {
    if (!ReadChannel(f[layout_.channel_col], line_no, &channel)) {
      // ReadChannel added the RowError; the row's readings are lost with it.
      out_->rejected_readings += CountCells(f);
      return;
    }
  }

  const int scale = ScaleOf(channel);
  const int64_t interval_s = layout_.interval_s;
  const int64_t day_start = day_start_;
  const int64_t day_end = day_end_;
  bool any = false;
  uint32_t meter = 0;
  for (int i = 0; i < layout_.value_count; ++i) {
    const std::string_view cell = f[layout_.first_value_col + i];
    if (cell.empty()) continue;  // a gap
    const int64_t time = day_start + i * interval_s;
    if (time >= day_end) {
      const int64_t length_s = day_end - day_start;
      const int64_t intervals = (length_s + interval_s - 1) / interval_s;
      const std::string date(f[layout_.date_col]);
      AddError(line_no, layout_.first_value_col + i,
               length_s == kSecondsPerDay
                   ? fmt::format("beyond the end of the day: {} has {} intervals of {}", date,
                                 intervals, FormatDuration(interval_s))
                   : fmt::format("beyond the end of a {}-hour DST day: {} has {} intervals of {} "
                                 "in {}",
                                 length_s / 3600, date, intervals, FormatDuration(interval_s),
                                 zone_.name()));
      ++out_->rejected_readings;
      continue;
    }
    int64_t value;
    bool rounded = false;
    if (!ParseSimpleDecimal(cell, scale, &value) &&
        !ReadValue(cell, scale, channel, &value, &rounded, &reason)) {
      AddError(line_no, layout_.first_value_col + i, std::move(reason));
      ++out_->rejected_readings;
      continue;
    }
    if (!any) {
      meter = MeterIndex(id, known_meter);
      any = true;
    }
    ParsedRow& row = out_->rows.emplace_back();
    row.time = time;
    row.value = value;
    row.meter = meter;
    row.line = line_no;
    row.channel = channel;
    out_->rounded += rounded;
  }
  // The date was read in --tz: one naive time per row that gave readings.
  out_->naive_times += any;
}

}  // namespace gridline::ingest
