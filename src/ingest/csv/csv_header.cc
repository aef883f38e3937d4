// csv_header.cc: ParseCsvHeader, which reads the first line of a CSV file and decides its layout
// (long or wide), delimiter and column positions. Runs once per file, so it favours clear
// messages over speed: each failure names what was expected and lists what was found.
#include <array>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"
#include "ingest/csv/csv_fields.h"
#include "ingest/csv/csv_mapped_header.h"
#include "ingest/csv/csv_parser.h"

namespace gridline::ingest {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Seconds after midnight as `HH:MM`.
std::string FormatClock(int64_t s) { return fmt::format("{:02d}:{:02d}", s / 3600, s / 60 % 60); }

// The header's columns for an error message: the first 40, each shown at most 64 bytes long,
// so that a hostile header cannot make a message of megabytes.
std::string FoundList(const std::vector<std::string>& columns) {
  constexpr size_t kShownColumns = 40;
  constexpr size_t kShownBytes = 64;
  std::string s;
  for (size_t i = 0; i < columns.size() && i < kShownColumns; ++i) {
    if (i > 0) s += ", ";
    const std::string& c = columns[i];
    s += c.empty()                ? std::string("(empty)")
         : c.size() > kShownBytes ? c.substr(0, kShownBytes) + "..."
                                  : c;
  }
  if (columns.size() > kShownColumns) {
    s += fmt::format(", ... ({} columns in all)", columns.size());
  }
  return s;
}

// The interval counts a wide row may have, with the nominal (24-hour day) count each belongs to:
// DST days are one hour shorter or longer (docs/domain.md section 1, 92/100 quarter-hours).
int NominalIntervalCount(int n) {
  switch (n) {
    case 23:
    case 24:
    case 25:
      return 24;
    case 46:
    case 48:
    case 50:
      return 48;
    case 92:
    case 96:
    case 100:
      return 96;
    case 276:
    case 288:
    case 300:
      return 288;
    default:
      return 0;
  }
}

bool IsKwhChannel(ChannelKind kind) { return GetChannelSpec(kind).unit == "kWh"; }

const char kLongExpected[] =
    "a long header (meter_id, timestamp and one of kwh, wh, value; optional channel, quality) or a "
    "wide header (meter_id, date[, channel], then 24, 48, 96 or 288 interval columns)";

absl::StatusOr<CsvLayout> LongLayout(CsvLayout layout, const CsvOptions& options) {
  // Each recognised name, where it was found; a second occurrence is an error because the file
  // would be read differently depending on which one we picked.
  struct Known {
    std::string_view name;
    int* col;
  };
  int kwh_col = -1, wh_col = -1, plain_value_col = -1;
  const std::array<Known, 7> known = {{{"meter_id", &layout.meter_col},
                                       {"timestamp", &layout.time_col},
                                       {"kwh", &kwh_col},
                                       {"wh", &wh_col},
                                       {"value", &plain_value_col},
                                       {"channel", &layout.channel_col},
                                       {"quality", &layout.quality_col}}};
  for (int i = 0; i < layout.column_count; ++i) {
    for (const Known& k : known) {
      if (!EqualsIgnoreCase(layout.columns[i], k.name)) continue;
      if (*k.col >= 0) {
        return absl::InvalidArgumentError(
            fmt::format("CSV header: duplicate column '{}' (columns {} and {}); found: {}", k.name,
                        *k.col + 1, i + 1, FoundList(layout.columns)));
      }
      *k.col = i;
    }
  }
  std::string missing;
  if (!options.meter_id.empty()) {
    if (layout.meter_col >= 0) {
      return absl::InvalidArgumentError(fmt::format(
          "CSV header: column {} is meter_id, but these readings are all of meter '{}' (expected "
          "timestamp and one of kwh, wh, value; optional channel, quality)",
          layout.meter_col + 1, options.meter_id));
    }
    layout.fixed_meter_id = options.meter_id;
  } else if (layout.meter_col < 0) {
    missing += "meter_id";
  }
  if (layout.time_col < 0) missing += missing.empty() ? "timestamp" : ", timestamp";
  const int value_columns = (kwh_col >= 0) + (wh_col >= 0) + (plain_value_col >= 0);
  if (value_columns == 0) missing += missing.empty() ? "kwh, wh or value" : ", kwh, wh or value";
  if (!missing.empty()) {
    return absl::InvalidArgumentError(
        fmt::format("CSV header: missing column {}; expected {} (or map other names with "
                    "--columns); found: {}",
                    missing, kLongExpected, FoundList(layout.columns)));
  }
  if (value_columns > 1) {
    return absl::InvalidArgumentError(fmt::format(
        "CSV header: more than one value column (kwh, wh, value: use exactly one); found: {}",
        FoundList(layout.columns)));
  }
  if (plain_value_col >= 0) {
    if (!options.channel.has_value() && layout.channel_col < 0) {
      return absl::InvalidArgumentError(fmt::format(
          "CSV header: a 'value' column needs a channel: give --channel or add a 'channel' "
          "column; found: {}",
          FoundList(layout.columns)));
    }
    layout.value_col = plain_value_col;
  } else {
    layout.value_col = kwh_col >= 0 ? kwh_col : wh_col;
    layout.value_scale_shift = wh_col >= 0 ? 3 : 0;
    if (options.channel.has_value() && !IsKwhChannel(*options.channel)) {
      return absl::InvalidArgumentError(fmt::format(
          "CSV header: column '{}' holds energy, but --channel {} is in {}; use an energy "
          "channel (kwh_delivered, kwh_received, kwh_net, kwh_register) or a 'value' column",
          layout.columns[layout.value_col], GetChannelSpec(*options.channel).name,
          GetChannelSpec(*options.channel).unit));
    }
  }
  return layout;
}

// `H:MM`, `HH:MM` or `HH:MM:SS` from 00:00 to 24:00, as seconds after midnight; -1 otherwise.
int32_t ClockLabel(std::string_view t) {
  auto digits = [&t](size_t at, size_t n, int32_t* v) {
    if (at + n > t.size()) return false;
    *v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      *v = *v * 10 + (t[i] - '0');
    }
    return true;
  };
  const size_t colon = t.find(':');
  if (colon != 1 && colon != 2) return -1;
  int32_t h, m, sec = 0;
  if (!digits(0, colon, &h) || !digits(colon + 1, 2, &m)) return -1;
  const size_t after = colon + 3;
  if (after != t.size() &&
      !(after + 3 == t.size() && t[after] == ':' && digits(after + 1, 2, &sec))) {
    return -1;
  }
  if (m > 59 || sec > 59) return -1;
  const int32_t s = h * 3600 + m * 60 + sec;
  return s <= 86400 ? s : -1;
}

// Fills the cell_* vectors of a wide layout from its interval column labels (CsvLayout).
absl::Status ReadCellLabels(CsvLayout* layout, int nominal, bool label_end) {
  const int n = layout->value_count;
  const int64_t interval = layout->interval_s;
  std::vector<int32_t> clock(n);
  int labelled = 0;
  for (int i = 0; i < n; ++i) {
    clock[i] = ClockLabel(layout->columns[layout->first_value_col + i]);
    labelled += clock[i] >= 0;
  }
  if (labelled == 0) {
    // Not time labels (`h0`, `1`, `Interval 1`): a whole day's count is read by wall-clock
    // position; a DST day's count by elapsed time (the vectors stay empty).
    if (n != nominal) return absl::OkStatus();
    for (int i = 0; i < n; ++i) clock[i] = static_cast<int32_t>(i * interval);
  } else {
    for (int i = 0; i < n; ++i) {
      const std::string& name = layout->columns[layout->first_value_col + i];
      int64_t start = clock[i];
      if (start >= 0 && label_end) start -= interval;
      if (clock[i] < 0 || start < 0 || start >= 86400 || start % interval != 0) {
        return absl::InvalidArgumentError(fmt::format(
            "CSV header: interval column {} is '{}', not a {} of {} of the day ({} to {}) as "
            "the other labels are",
            layout->first_value_col + i + 1, name, label_end ? "end" : "start",
            FormatDuration(interval), label_end ? FormatClock(interval) : "00:00",
            label_end ? "24:00" : FormatClock(86400 - interval)));
      }
      clock[i] = static_cast<int32_t>(start);
    }
  }
  std::vector<uint8_t> second(n, 0), twice(n, 0);
  absl::flat_hash_map<int32_t, int> first_of;
  for (int i = 0; i < n; ++i) {
    auto [it, inserted] = first_of.emplace(clock[i], i);
    if (inserted) continue;
    if (twice[it->second]) {
      return absl::InvalidArgumentError(fmt::format(
          "CSV header: label '{}' (column {}) is listed a third time; a day repeats at most one "
          "hour, once",
          layout->columns[layout->first_value_col + i], layout->first_value_col + i + 1));
    }
    second[i] = 1;
    twice[i] = twice[it->second] = 1;
  }
  layout->cell_clock_s = std::move(clock);
  layout->cell_second_pass = std::move(second);
  layout->cell_label_twice = std::move(twice);
  return absl::OkStatus();
}

absl::StatusOr<CsvLayout> WideLayout(CsvLayout layout, bool label_end) {
  // The leading columns name the row; every column after them is an interval of the day.
  int first = 0;
  for (; first < layout.column_count; ++first) {
    const std::string& name = layout.columns[first];
    int* col = nullptr;
    if (EqualsIgnoreCase(name, "meter_id")) col = &layout.meter_col;
    if (EqualsIgnoreCase(name, "date")) col = &layout.date_col;
    if (EqualsIgnoreCase(name, "channel")) col = &layout.channel_col;
    if (col == nullptr) break;
    if (*col >= 0) {
      return absl::InvalidArgumentError(
          fmt::format("CSV header: duplicate column '{}' (columns {} and {}); found: {}", name,
                      *col + 1, first + 1, FoundList(layout.columns)));
    }
    *col = first;
  }
  if (layout.meter_col < 0 || layout.date_col < 0) {
    return absl::InvalidArgumentError(fmt::format(
        "CSV header: a wide header starts with meter_id and date (and optionally channel) before "
        "the interval columns; found: {}",
        FoundList(layout.columns)));
  }
  for (int i = first; i < layout.column_count; ++i) {
    if (EqualsIgnoreCase(layout.columns[i], "quality")) {
      return absl::InvalidArgumentError(fmt::format(
          "CSV header: a wide file has no quality column (column {}); use the long layout "
          "(meter_id, timestamp, kwh, quality) for qualities",
          i + 1));
    }
    for (std::string_view reserved : {"meter_id", "date", "channel", "timestamp"}) {
      if (EqualsIgnoreCase(layout.columns[i], reserved)) {
        return absl::InvalidArgumentError(fmt::format(
            "CSV header: column '{}' (column {}) must come before the interval columns; found: {}",
            layout.columns[i], i + 1, FoundList(layout.columns)));
      }
    }
  }
  const int n = layout.column_count - first;
  const int nominal = NominalIntervalCount(n);
  if (nominal == 0) {
    return absl::InvalidArgumentError(fmt::format(
        "CSV header: a wide header has 24, 48, 96 or 288 interval columns (23/25, 46/50, 92/100 "
        "or 276/300 on DST days) after meter_id and date; found {} interval column{}",
        n, n == 1 ? "" : "s"));
  }
  layout.shape = CsvShape::kWide;
  layout.first_value_col = first;
  layout.value_count = n;
  layout.interval_s = 86400 / nominal;
  GL_RETURN_IF_ERROR(ReadCellLabels(&layout, nominal, label_end));
  return layout;
}

// The mapping that reads a long layout the way its names say, for the flags only a mapped layout
// honours (--time-format, --unit).
ColumnMapping MappingOfLongLayout(const CsvLayout& l) {
  auto ref = [](int col) { return fmt::format("#{}", col + 1); };
  ColumnMapping m;
  if (l.meter_col >= 0)
    m.entries.push_back({ColumnRole::kMeter, ref(l.meter_col), std::nullopt, ValueUnit::kNative});
  m.entries.push_back({ColumnRole::kTimestamp, ref(l.time_col), std::nullopt, ValueUnit::kNative});
  if (l.quality_col >= 0)
    m.entries.push_back(
        {ColumnRole::kQuality, ref(l.quality_col), std::nullopt, ValueUnit::kNative});
  if (l.channel_col >= 0)
    m.entries.push_back(
        {ColumnRole::kChannel, ref(l.channel_col), std::nullopt, ValueUnit::kNative});
  MappedColumn v{ColumnRole::kValue, ref(l.value_col), std::nullopt, ValueUnit::kNative};
  if (l.value_scale_shift == 3) {
    v.channel = ChannelKind::kKwhDelivered;
    v.unit = ValueUnit::kWh;
  } else if (!EqualsIgnoreCase(l.columns[l.value_col], "value")) {
    v.channel = ChannelKind::kKwhDelivered;
  }
  m.entries.push_back(std::move(v));
  return m;
}

}  // namespace

absl::StatusOr<CsvLayout> ParseCsvHeader(std::string_view header_line, const CsvOptions& options) {
  if (header_line.substr(0, kUtf8Bom.size()) == kUtf8Bom)
    header_line.remove_prefix(kUtf8Bom.size());
  while (!header_line.empty() && (header_line.back() == '\n' || header_line.back() == '\r')) {
    header_line.remove_suffix(1);
  }
  if (StripSpaces(header_line).empty()) {
    return absl::InvalidArgumentError(
        fmt::format("CSV header: the first line is empty; expected {}", kLongExpected));
  }
  if (header_line.find('\0') != std::string_view::npos) {
    return absl::InvalidArgumentError(
        "CSV header: the first line contains a NUL byte (is this a binary or UTF-16 file?)");
  }

  CsvLayout layout;
  layout.delimiter = DetectCsvDelimiter(header_line);
  CsvFieldSplitter splitter(layout.delimiter);
  const SplitStatus split = splitter.Split(header_line);
  if (split != SplitStatus::kOk) {
    return absl::InvalidArgumentError(fmt::format("CSV header: {}", SplitStatusMessage(split)));
  }
  if (splitter.fields().size() > kMaxCsvColumns) {
    return absl::InvalidArgumentError(
        fmt::format("CSV header: {} columns, more than {} (a wide header has at most 288 "
                    "intervals after its leading columns)",
                    splitter.fields().size(), kMaxCsvColumns));
  }
  for (std::string_view f : splitter.fields()) layout.columns.emplace_back(StripSpaces(f));
  layout.column_count = static_cast<int>(layout.columns.size());
  layout.default_channel = options.channel.value_or(ChannelKind::kKwhDelivered);

  if (options.mapping) return MappedLayout(std::move(layout), *options.mapping, options);
  {
    CsvOptions learned_options = options;
    if (std::optional<ColumnMapping> learned =
            LearnedMapping(layout.columns, &learned_options.time_format)) {
      return MappedLayout(std::move(layout), *learned, learned_options);
    }
  }
  bool has_timestamp = false, has_date = false;
  for (const std::string& c : layout.columns) {
    has_timestamp |= EqualsIgnoreCase(c, "timestamp");
    has_date |= EqualsIgnoreCase(c, "date");
  }
  if (has_timestamp || !has_date || !options.meter_id.empty()) {
    GL_ASSIGN_OR_RETURN(CsvLayout long_layout, LongLayout(layout, options));
    const bool mapped_flags = options.time_format.has_value() ||
                              options.unit != ValueUnit::kNative || !options.column_units.empty();
    if (!mapped_flags) return long_layout;
    return MappedLayout(std::move(layout), MappingOfLongLayout(long_layout), options);
  }
  return WideLayout(std::move(layout), options.label_end);
}

}  // namespace gridline::ingest
