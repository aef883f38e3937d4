// csv_mapped_rows.cc: rows of a mapped layout (CsvLayout::value_columns, csv_mapped_header.h):
// the row's time from a timestamp, or a date and a time column, read with --time-format when
// given and shifted by a zone column's offset; then one reading per value cell, each for its
// meter (the row's, or the column's own) and channel, in its unit. A cell that is empty (with
// several value columns) or says `No CT` (Emporia: no sensor fitted) is a gap, not a reading. A
// bad time, meter, channel or quality refuses the row's readings with one RowError; a bad cell
// refuses its reading only.
#include <algorithm>

#include "common/strings.h"
#include "fmt/format.h"
#include "ingest/csv/csv_block_parser_impl.h"
#include "ingest/csv/csv_text.h"
#include "ingest/csv/simple_decimal.h"

namespace gridline::ingest {

namespace {

// Words for "not measured" in real exports: the cell is a gap.
constexpr std::string_view kMissingWords[] = {"No CT"};

bool IsMissingWord(std::string_view cell) {
  for (std::string_view w : kMissingWords) {
    if (EqualsIgnoreCase(cell, w)) return true;
  }
  return false;
}

// Zone abbreviations that name one UTC offset (NYISO's `Time Zone` column writes EST or EDT on
// every row, so the repeated hour of a fall-back day is never ambiguous).
struct Abbreviation {
  std::string_view name;
  int32_t offset_s;
};
constexpr Abbreviation kAbbreviations[] = {
    {"UTC", 0},          {"GMT", 0},          {"Z", 0},           {"EST", -5 * 3600},
    {"EDT", -4 * 3600},  {"CST", -6 * 3600},  {"CDT", -5 * 3600}, {"MST", -7 * 3600},
    {"MDT", -6 * 3600},  {"PST", -8 * 3600},  {"PDT", -7 * 3600}, {"AKST", -9 * 3600},
    {"AKDT", -8 * 3600}, {"HST", -10 * 3600}, {"BST", 3600},      {"CET", 3600},
    {"CEST", 7200},      {"EET", 7200},       {"EEST", 10800},    {"AEST", 10 * 3600},
    {"AEDT", 11 * 3600}, {"ACST", 34200},     {"ACDT", 37800},    {"AWST", 8 * 3600},
    {"NZST", 12 * 3600}, {"NZDT", 13 * 3600},
};

// A zone cell: an abbreviation above or `+HH:MM` / `-HHMM` / `+HH`; false otherwise.
bool ZoneOffset(std::string_view text, int32_t* offset_s) {
  for (const Abbreviation& a : kAbbreviations) {
    if (EqualsIgnoreCase(text, a.name)) {
      *offset_s = a.offset_s;
      return true;
    }
  }
  if (text.size() < 3 || (text[0] != '+' && text[0] != '-')) return false;
  auto digit = [&text](size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  if (!digit(1) || !digit(2)) return false;
  int32_t h = (text[1] - '0') * 10 + (text[2] - '0'), m = 0;
  size_t at = 3;
  if (at < text.size() && text[at] == ':') ++at;
  if (at < text.size()) {
    if (!digit(at) || !digit(at + 1) || at + 2 != text.size()) return false;
    m = (text[at] - '0') * 10 + (text[at + 1] - '0');
  }
  if (h > 18 || m > 59) return false;
  *offset_s = (text[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
  return true;
}

}  // namespace

std::string CsvBlockParser::Impl::ReadMappedValue(std::string_view text,
                                                  const CsvLayout::ValueColumn& v,
                                                  ChannelKind channel, ParsedRow* row,
                                                  bool* rounded) {
  *rounded = false;
  row->unit = 0;
  row->decimals = 0;
  if (v.unit == ValueUnit::kNative) {
    const int scale = ScaleOf(channel);
    std::string problem;
    if (!ParseSimpleDecimal(text, scale, &row->value) &&
        !ReadValue(text, scale, channel, &row->value, rounded, &problem)) {
      return problem;
    }
    return std::string();
  }
  const ValueUnitSpec& unit = GetValueUnitSpec(v.unit);
  const std::optional<UnitConversion> conv = ConversionFor(v.unit, channel);
  if (!conv) {
    return fmt::format("channel {} is in {}, not {}: --unit applies to energy and power channels",
                       GetChannelSpec(channel).name, GetChannelSpec(channel).unit, unit.shown);
  }
  int64_t digits;
  int decimals;
  if (!ReadDecimalDigits(text, &digits, &decimals)) {
    if (StripSpaces(text).empty()) return "empty value";
    return fmt::format("not a decimal number of at most 18 digits: {}", Shown(text));
  }
  if (conv->interval != UnitConversion::Interval::kNone) {
    // Power into energy (or back) needs the series' interval: the placer converts it.
    row->value = digits;
    row->decimals = static_cast<uint8_t>(decimals);
    row->unit = static_cast<uint8_t>(v.unit);
    return std::string();
  }
  switch (ConvertValue(digits, decimals, *conv, 0, round_, &row->value, rounded)) {
    case ConvertStatus::kOk:
      return std::string();
    case ConvertStatus::kInexact: {
      const ChannelSpec& c = GetChannelSpec(channel);
      return fmt::format(
          "{} {} is finer than the resolution of {} ({} {}); use --round to round "
          "it",
          Shown(text), unit.shown, c.name, FormatScaledDecimal(1, c.scale), c.unit);
    }
    case ConvertStatus::kOutOfRange:
      break;
  }
  return fmt::format("value out of range: {} {}", Shown(text), unit.shown);
}

void CsvBlockParser::Impl::ParseMappedRow(const std::vector<std::string_view>& f,
                                          uint32_t line_no) {
  const std::vector<CsvLayout::ValueColumn>& columns = layout_.value_columns;
  const bool several = columns.size() > 1;
  auto gap = [several](std::string_view cell) {
    return (several && cell.empty()) || IsMissingWord(cell);
  };
  // A refused row loses the readings its value cells would have given (at least one).
  auto refuse = [&](int col, std::string reason) {
    AddError(line_no, col, std::move(reason));
    uint64_t cells = 0;
    for (const CsvLayout::ValueColumn& v : columns) cells += !gap(f[v.col]);
    out_->rejected_readings += std::max<uint64_t>(cells, 1);
  };

  // The row's time.
  std::string_view time_text;
  int time_col = layout_.time_col;
  if (time_col >= 0) {
    time_text = f[time_col];
  } else {
    time_col = layout_.date_col;
    if (layout_.time_of_day_col >= 0) {
      time_text_.assign(StripSpaces(f[layout_.date_col]));
      time_text_ += ' ';
      time_text_.append(StripSpaces(f[layout_.time_of_day_col]));
      time_text = time_text_;
    } else {
      time_text = f[layout_.date_col];
    }
  }
  ParsedTime parsed;
  const char* bad = time_format_ != nullptr ? time_format_->Match(time_text, &parsed)
                                            : times_.Read(time_text, &parsed);
  if (bad != nullptr) {
    refuse(time_col, time_format_ != nullptr
                         ? fmt::format("{}: {} (--time-format '{}')", bad, Shown(time_text),
                                       time_format_->pattern())
                         : fmt::format("{}: {} (not ISO 8601: give --time-format, e.g. "
                                       "'%m/%d/%Y %H:%M')",
                                       bad, Shown(time_text)));
    return;
  }
  if (layout_.zone_col >= 0 && !parsed.has_offset) {
    int32_t offset_s;
    if (!ZoneOffset(f[layout_.zone_col], &offset_s)) {
      refuse(layout_.zone_col,
             fmt::format("unknown zone {} (a UTC offset such as -05:00, or EST, EDT, CST, CDT, "
                         "MST, MDT, PST, PDT, UTC, ...)",
                         Shown(f[layout_.zone_col])));
      return;
    }
    parsed.seconds -= offset_s;
    parsed.has_offset = true;
  }
  int64_t time;
  int32_t ambiguous_s;
  int64_t local_end;
  if (std::string why = ResolveTime(parsed, time_text, &time, &ambiguous_s, &local_end);
      !why.empty()) {
    refuse(time_col, std::move(why));
    return;
  }

  const std::string_view row_meter =
      layout_.meter_col >= 0 ? f[layout_.meter_col] : std::string_view(layout_.fixed_meter_id);
  ChannelKind row_channel = layout_.default_channel;
  if (layout_.channel_col >= 0) {
    if (!ReadChannel(f[layout_.channel_col], line_no, &row_channel)) {
      ++out_->rejected_readings;
      return;
    }
  }
  Quality quality = Quality::kActual;
  if (layout_.quality_col >= 0 && !ReadQuality(f[layout_.quality_col], line_no, &quality)) {
    uint64_t cells = 0;
    for (const CsvLayout::ValueColumn& v : columns) cells += !gap(f[v.col]);
    out_->rejected_readings += std::max<uint64_t>(cells, 1);
    return;
  }

  for (const CsvLayout::ValueColumn& v : columns) {
    const std::string_view cell = f[v.col];
    if (gap(cell)) continue;
    std::string_view id = row_meter;
    if (!v.own_meter.empty()) {
      if (row_meter.empty()) {
        id = v.own_meter;
      } else {
        meter_text_.assign(row_meter);
        meter_text_ += '/';
        meter_text_ += v.own_meter;
        id = meter_text_;
      }
    }
    int64_t meter;
    std::string problem;
    if (!LookUpMeter(id, &meter, &problem)) {
      AddError(line_no, v.own_meter.empty() ? layout_.meter_col : v.col, std::move(problem));
      ++out_->rejected_readings;
      continue;
    }
    const ChannelKind channel = layout_.channel_col >= 0 ? row_channel : v.channel;
    ParsedRow row;
    bool rounded = false;
    if (std::string why = ReadMappedValue(cell, v, channel, &row, &rounded); !why.empty()) {
      AddError(line_no, v.col, std::move(why));
      ++out_->rejected_readings;
      continue;
    }
    row.time = time;
    row.meter = MeterIndex(id, meter);
    row.line = line_no;
    row.ambiguous_s = static_cast<int16_t>(ambiguous_s);
    row.local_end = local_end;
    row.column = static_cast<uint16_t>(std::min(v.col, int{UINT16_MAX}));
    row.channel = channel;
    row.quality = quality;
    out_->rows.push_back(row);
    out_->rounded += rounded;
  }
  out_->naive_times += !parsed.has_offset;
}

}  // namespace gridline::ingest
