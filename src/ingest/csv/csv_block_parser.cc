// csv_block_parser.cc: CsvBlockParser's block loop (lines, blank lines, limits, fields) and the
// cell readers both layouts share (channel, value, meter). Rows: csv_long_rows.cc and
// csv_wide_rows.cc.
#include <cstring>
#include <utility>

#include "common/strings.h"
#include "fmt/format.h"
#include "ingest/csv/csv_block_parser_impl.h"
#include "ingest/csv/csv_parser.h"
#include "ingest/csv/csv_text.h"
#include "ingest/csv/simple_decimal.h"

namespace gridline::ingest {

CsvBlockParser::CsvBlockParser(const CsvLayout& layout, const CsvOptions& options)
    : impl_(std::make_unique<Impl>(layout, options)) {}

CsvBlockParser::~CsvBlockParser() = default;

void CsvBlockParser::Parse(std::string_view text, ParsedBlock* out) { impl_->Parse(text, out); }

CsvBlockParser::Impl::Impl(const CsvLayout& layout, const CsvOptions& options)
    : layout_(layout),
      time_format_(layout_.time_format ? &*layout_.time_format : nullptr),
      round_(options.round),
      label_end_(options.label_end),
      value_needs_channel_(layout.value_col >= 0 && layout.shape == CsvShape::kLong &&
                           !options.channel.has_value() &&
                           EqualsIgnoreCase(layout.columns[layout.value_col], "value")),
      energy_column_(layout.shape == CsvShape::kLong && layout.value_col >= 0 &&
                     !EqualsIgnoreCase(layout.columns[layout.value_col], "value")),
      zone_(options.zone),
      splitter_(layout.delimiter) {
  // A zone the header names (`Time Bucket (America/New_York)`) when --tz is not given.
  if (!options.zone_given && !layout.header_zone.empty()) {
    if (absl::StatusOr<TimeZone> z = TimeZone::Load(layout.header_zone); z.ok()) zone_ = *z;
  }
  for (const ChannelSpec& c : AllChannels()) {
    scale_of_[static_cast<uint8_t>(c.kind)] =
        c.scale - (layout.shape == CsvShape::kLong ? layout.value_scale_shift : 0);
  }
  field_names_.reserve(layout.columns.size());
  for (size_t i = 0; i < layout.columns.size(); ++i) {
    field_names_.push_back(layout.columns[i].empty() ? fmt::format("column {}", i + 1)
                                                     : layout.columns[i]);
  }
}

void CsvBlockParser::Impl::Parse(std::string_view text, ParsedBlock* out) {
  out_ = out;
  meters_.Reset(&out->meters);
  // Indexes into the meter list are per block; the other memories (channel, quality, date) are
  // plain values and stay valid.
  have_last_meter_ = false;
  if (text.empty()) return;  // (its data() may be null, which memchr must not see)
  const uint32_t first_line = out->line_count;
  // One whole-block scan (memchr runs at memory speed) lets clean blocks, nearly all of them,
  // skip the per-line NUL check.
  const bool block_has_nul = std::memchr(text.data(), '\0', text.size()) != nullptr;

  const char* p = text.data();
  const char* const end = p + text.size();
  uint32_t n = 0;
  while (p < end) {
    SplitStatus split;
    const char* nl = splitter_.SplitLine(p, end, &split);
    const uint32_t line_no = first_line + n++;
    size_t len = static_cast<size_t>(nl - p);
    if (len > 0 && p[len - 1] == '\r') --len;
    const std::string_view line(p, len);
    p = nl < end ? nl + 1 : end;
    if (len == 0) continue;
    if (len > kMaxLineBytes) {
      AddError(line_no, -1,
               fmt::format("line is {} bytes long; the limit is 1 MiB (is this a CSV file?)", len));
      ++out_->rejected_readings;
      continue;
    }
    if (block_has_nul && std::memchr(line.data(), '\0', len) != nullptr) {
      AddError(line_no, -1, "line contains a NUL byte (is this a binary or UTF-16 file?)");
      ++out_->rejected_readings;
      continue;
    }
    if (split != SplitStatus::kOk) {
      AddError(line_no, -1, SplitStatusMessage(split));
      ++out_->rejected_readings;
      continue;
    }
    ParseFields(line, line_no);
  }
  out->line_count = first_line + n;
}

void CsvBlockParser::Impl::ParseFields(std::string_view line, uint32_t line_no) {
  const std::vector<std::string_view>& f = splitter_.fields();
  // A line of spaces is blank; only a line whose first field is empty can be one.
  if (f[0].empty() && StripSpaces(line).empty()) return;
  if (static_cast<int>(f.size()) != layout_.column_count) {
    AddError(line_no, -1,
             fmt::format("expected {} fields (as in the header), found {}", layout_.column_count,
                         f.size()));
    if (layout_.shape == CsvShape::kLong) {
      ++out_->rejected_readings;
    } else {
      // Count what would have been the interval cells: the best guess of the readings lost.
      uint64_t cells = 0;
      for (size_t i = layout_.first_value_col; i < f.size(); ++i) cells += !f[i].empty();
      out_->rejected_readings += cells > 0 ? cells : 1;
    }
    return;
  }
  if (!layout_.value_columns.empty()) {
    ParseMappedRow(f, line_no);
  } else if (layout_.shape == CsvShape::kLong) {
    ParseLongRow(f, line_no);
  } else {
    ParseWideRow(f, line_no);
  }
}

void CsvBlockParser::Impl::AddError(uint32_t line_no, int col, std::string reason) {
  RowError e;
  e.line = line_no;
  e.field = col < 0 ? std::string("row") : field_names_[col];
  e.reason = std::move(reason);
  out_->errors.push_back(std::move(e));
}

bool CsvBlockParser::Impl::ReadChannel(std::string_view text, uint32_t line_no, ChannelKind* kind) {
  if (have_last_channel_ && BytesEqual(last_channel_text_, text)) {
    *kind = last_channel_;
    return true;
  }
  // A PV meter's rows alternate between two channels: remember the one before too.
  if (have_prev_channel_ && BytesEqual(prev_channel_text_, text)) {
    std::swap(last_channel_text_, prev_channel_text_);
    std::swap(last_channel_, prev_channel_);
    *kind = last_channel_;
    return true;
  }
  ChannelKind k = layout_.default_channel;
  if (text.empty()) {
    if (value_needs_channel_) {
      AddError(line_no, layout_.channel_col,
               "empty channel (a 'value' column needs one here, or --channel)");
      return false;
    }
  } else {
    const std::optional<ChannelKind> named = ChannelFromName(text);
    if (!named.has_value()) {
      AddError(line_no, layout_.channel_col,
               fmt::format("unknown channel {} (known: kwh_delivered, kwh_received, kwh_net, "
                           "kwh_register, kw_demand, kvarh, voltage, current, power_factor, "
                           "temperature, price, watts)",
                           Shown(text)));
      return false;
    }
    k = *named;
  }
  if (energy_column_ && GetChannelSpec(k).unit != "kWh") {
    AddError(line_no, layout_.channel_col,
             fmt::format("channel {} is not an energy channel in kWh, but column '{}' holds "
                         "energy; put its readings in a 'value' column",
                         GetChannelSpec(k).name, field_names_[layout_.value_col]));
    return false;
  }
  if (have_last_channel_) {
    have_prev_channel_ = true;
    std::swap(prev_channel_text_, last_channel_text_);
    prev_channel_ = last_channel_;
  }
  have_last_channel_ = true;
  last_channel_text_.assign(text);
  last_channel_ = k;
  *kind = k;
  return true;
}

namespace {

// "0.001 kWh" for scale 3: the smallest step a channel stores, for messages.
std::string Resolution(int scale, std::string_view unit) {
  std::string s = scale == 0 ? "1" : "0." + std::string(scale - 1, '0') + "1";
  if (!unit.empty()) {
    s += ' ';
    s += unit;
  }
  return s;
}

}  // namespace

bool CsvBlockParser::Impl::ReadValue(std::string_view text, int scale, ChannelKind kind,
                                     int64_t* value, bool* rounded, std::string* reason) {
  *rounded = false;
  const DecimalStatus s = ParseScaledDecimal(text, scale, round_, value, rounded);
  switch (s) {
    case DecimalStatus::kOk:
      return true;
    case DecimalStatus::kEmpty:
      *reason = "empty value";
      break;
    case DecimalStatus::kSyntax:
      *reason = fmt::format("not a decimal number: {}", Shown(text));
      break;
    case DecimalStatus::kTooPrecise: {
      const ChannelSpec& spec = GetChannelSpec(kind);
      // A `wh` column is read at scale 0 in Wh; name the unit the text is written in.
      const bool wh = layout_.value_scale_shift == 3 && layout_.shape == CsvShape::kLong;
      *reason = fmt::format(
          "{} has more decimals than the resolution of {} ({}); use --round to round them",
          Shown(text), spec.name, Resolution(scale, wh ? std::string_view("Wh") : spec.unit));
      break;
    }
    case DecimalStatus::kOutOfRange:
      *reason = fmt::format("value out of range: {}", Shown(text));
      break;
  }
  return false;
}

}  // namespace gridline::ingest
