// csv_long_rows.cc: rows of the long layout, one reading each: meter, timestamp, value and
// optional channel and quality. A bad cell rejects the row (one reading) with one RowError
// naming that cell's column.
#include <algorithm>

#include "common/strings.h"
#include "fmt/format.h"
#include "ingest/csv/csv_block_parser_impl.h"
#include "ingest/csv/csv_text.h"
#include "ingest/csv/simple_decimal.h"

namespace gridline::ingest {

bool CsvBlockParser::Impl::ReadQuality(std::string_view text, uint32_t line_no, Quality* quality) {
  if (have_last_quality_ && BytesEqual(last_quality_text_, text)) {
    *quality = last_quality_;
    return true;
  }
  const std::optional<Quality> q = QualityFromText(text);
  if (!q.has_value()) {
    AddError(line_no, layout_.quality_col,
             fmt::format("unknown quality {} (use actual, estimated, edited, missing, suspect, "
                         "or A, E, M, N, S)",
                         Shown(text)));
    return false;
  }
  have_last_quality_ = true;
  last_quality_text_.assign(text);
  last_quality_ = *q;
  *quality = *q;
  return true;
}

std::string CsvBlockParser::Impl::ResolveTime(const ParsedTime& parsed, std::string_view text,
                                              int64_t* time_out, int32_t* ambiguous_out,
                                              int64_t* local_end_out) {
  int64_t time = parsed.seconds;
  *ambiguous_out = 0;
  *local_end_out = kNoLocalEnd;
  if (!parsed.has_offset && !zone_.is_utc()) {
    const LocalResolution r = zone_.LocalToUtc(parsed.seconds);
    if (label_end_) {
      // The end of an interval: the placer moves it back on the wall clock first, so an end
      // label in the skipped hour (`02:00` ends 01:00-02:00) or the repeated one is fine here.
      // `time` is an approximation for learning the interval.
      *local_end_out = parsed.seconds;
      time = r.earliest;
    } else if (r.kind == LocalResolution::Kind::kNonexistent) {
      return fmt::format("{} does not exist in {} (the clocks skip that hour when DST starts)",
                         Shown(text), zone_.name());
    } else {
      time = r.earliest;
      // The repeated hour as DST ends: the importer chooses between the two passes.
      if (r.kind == LocalResolution::Kind::kAmbiguous) {
        *ambiguous_out = static_cast<int32_t>(r.latest - r.earliest);
      }
    }
  }
  if (time < kMinTime || time >= kMaxTime) {
    return fmt::format("{} is {}", Shown(text),
                       time < kMinTime ? "before 1970-01-01T00:00:00Z, the earliest time stored"
                                       : "at or after 2200-01-01T00:00:00Z, beyond the latest "
                                         "time stored");
  }
  *time_out = time;
  return std::string();
}

void CsvBlockParser::Impl::ParseLongRow(const std::vector<std::string_view>& f, uint32_t line_no) {
  const std::string_view id =
      layout_.meter_col >= 0 ? f[layout_.meter_col] : std::string_view(layout_.fixed_meter_id);
  int64_t meter;
  std::string problem;
  if (!LookUpMeter(id, &meter, &problem)) {
    AddError(line_no, layout_.meter_col, std::move(problem));
    ++out_->rejected_readings;
    return;
  }

  ChannelKind channel = layout_.default_channel;
  if (layout_.channel_col >= 0 && !ReadChannel(f[layout_.channel_col], line_no, &channel)) {
    ++out_->rejected_readings;
    return;
  }

  // Timestamp: an instant, or a wall-clock time in --tz (docs/conventions.md: the start of the
  // interval).
  const std::string_view time_text = f[layout_.time_col];
  ParsedTime parsed;
  if (const char* reason = times_.Read(time_text, &parsed)) {
    AddError(line_no, layout_.time_col, fmt::format("{}: {}", reason, Shown(time_text)));
    ++out_->rejected_readings;
    return;
  }
  int64_t time;
  int32_t ambiguous_s;
  int64_t local_end;
  if (std::string why = ResolveTime(parsed, time_text, &time, &ambiguous_s, &local_end);
      !why.empty()) {
    AddError(line_no, layout_.time_col, std::move(why));
    ++out_->rejected_readings;
    return;
  }

  const int scale = ScaleOf(channel);
  int64_t value;
  bool rounded = false;
  if (!ParseSimpleDecimal(f[layout_.value_col], scale, &value) &&
      !ReadValue(f[layout_.value_col], scale, channel, &value, &rounded, &problem)) {
    AddError(line_no, layout_.value_col, std::move(problem));
    ++out_->rejected_readings;
    return;
  }

  Quality quality = Quality::kActual;
  if (layout_.quality_col >= 0 && !ReadQuality(f[layout_.quality_col], line_no, &quality)) {
    ++out_->rejected_readings;
    return;
  }

  ParsedRow& row = out_->rows.emplace_back();
  row.time = time;
  row.value = value;
  row.meter = MeterIndex(id, meter);
  row.line = line_no;
  row.ambiguous_s = static_cast<int16_t>(ambiguous_s);
  row.local_end = local_end;
  // (A header of more than 65,534 columns names its value column "value" in errors.)
  row.column = static_cast<uint16_t>(std::min(layout_.value_col, int{UINT16_MAX}));
  row.channel = channel;
  row.quality = quality;
  out_->naive_times += !parsed.has_offset;
  out_->rounded += rounded;
}

}  // namespace gridline::ingest
