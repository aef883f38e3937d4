// csv_wide_rows.cc: rows of the wide layout, one meter-day each: `meter_id,date[,channel]` then
// one cell per interval. A DST day has 92 or 100 quarter-hours (docs/domain.md section 1).
//
// Labelled cells (CsvLayout::cell_clock_s) land at their label's local time on date D in --tz:
// on a spring-forward day the skipped hour's cells must be empty and `03:00` is 03:00 local; on
// a fall-back day the first column of a label the header lists twice is the first pass and the
// second column the second pass, and a header that lists the repeated hour once cannot hold the
// day, so the row is refused saying the day has 100 quarter-hours (issue 11: values were shifted
// by an hour, silently). Without time labels on a DST-day count, cell i starts i intervals of
// elapsed time after local midnight and cells past the day's end must be empty.
//
// An empty cell is a gap. A bad cell rejects that reading only; a bad meter, date or channel, or
// a row that does not fit its day, the whole row.
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
  if (!layout_.cell_clock_s.empty()) PlaceLabelledCells(days, text);
  return true;
}

namespace {

// "100 quarter-hours", "25 hours", "300 intervals of 5m".
std::string IntervalCount(int64_t n, int64_t interval_s) {
  if (interval_s == 900) return fmt::format("{} quarter-hours", n);
  if (interval_s == 3600) return fmt::format("{} hours", n);
  if (interval_s == 1800) return fmt::format("{} half-hours", n);
  return fmt::format("{} intervals of {}", n, FormatDuration(interval_s));
}

std::string Clock(int64_t s) { return fmt::format("{:02d}:{:02d}", s / 3600, s / 60 % 60); }

}  // namespace

void CsvBlockParser::Impl::PlaceLabelledCells(int64_t days, std::string_view date) {
  const int n = layout_.value_count;
  const int64_t interval = layout_.interval_s;
  const std::string day_size = IntervalCount((day_end_ - day_start_) / interval, interval);
  day_cells_.assign(n, kCellMustBeEmpty);
  day_cell_problems_.assign(n, std::string());
  day_problem_.clear();
  day_problem_col_ = -1;
  for (int i = 0; i < n; ++i) {
    const int64_t clock = layout_.cell_clock_s[i];
    const LocalResolution r = zone_.LocalToUtc(days * kSecondsPerDay + clock);
    const bool second = layout_.cell_second_pass[i] != 0;
    switch (r.kind) {
      case LocalResolution::Kind::kUnique:
        if (!second) {
          day_cells_[i] = r.earliest;
        } else {
          day_cell_problems_[i] = fmt::format(
              "{} comes once on {} in {} (the day has {}): the second {} column must be empty",
              Clock(clock), date, zone_.name(), day_size, Clock(clock));
        }
        break;
      case LocalResolution::Kind::kAmbiguous:
        day_cells_[i] = second ? r.latest : r.earliest;
        if (layout_.cell_label_twice[i] == 0 && day_problem_.empty()) {
          day_problem_ = fmt::format(
              "{} has {} in {} ({} comes twice as the clocks go back), but the header lists {} "
              "once, so the row cannot say which: use a header that lists the repeated hour "
              "twice ({} interval columns)",
              date, day_size, zone_.name(), Clock(clock), Clock(clock),
              (day_end_ - day_start_) / interval);
          day_problem_col_ = layout_.first_value_col + i;
        }
        break;
      case LocalResolution::Kind::kNonexistent:
        day_cell_problems_[i] = fmt::format(
            "{} does not exist on {} in {} (the clocks skip that hour; the day has {}): the cell "
            "must be empty",
            Clock(clock), date, zone_.name(), day_size);
        break;
    }
  }
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
  const bool labelled = !layout_.cell_clock_s.empty();
  if (labelled) {
    // A row that does not fit its day is refused whole: placing part of it would put values
    // where their labels do not say.
    if (!day_problem_.empty() && CountCells(f) > 0) {
      return RejectWideRow(f, line_no, day_problem_col_, day_problem_);
    }
    for (int i = 0; i < layout_.value_count; ++i) {
      if (!f[layout_.first_value_col + i].empty() && !day_cell_problems_[i].empty()) {
        return RejectWideRow(f, line_no, layout_.first_value_col + i, day_cell_problems_[i]);
      }
    }
  }
  bool any = false;
  uint32_t meter = 0;
  for (int i = 0; i < layout_.value_count; ++i) {
    const std::string_view cell = f[layout_.first_value_col + i];
    if (cell.empty()) continue;  // a gap
    const int64_t time = labelled ? day_cells_[i] : day_start + i * interval_s;
    if (!labelled && time >= day_end) {
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
    row.column = static_cast<uint16_t>(layout_.first_value_col + i);
    row.channel = channel;
    out_->rounded += rounded;
  }
  // The date was read in --tz: one naive time per row that gave readings.
  out_->naive_times += any;
}

}  // namespace gridline::ingest
