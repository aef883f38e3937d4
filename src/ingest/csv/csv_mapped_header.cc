// csv_mapped_header.cc: layouts from a --columns mapping and from the real exports gridline
// recognises (csv_mapped_header.h). Runs once per file: clear messages over speed.
#include "ingest/csv/csv_mapped_header.h"

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "common/strings.h"
#include "common/time_zone.h"
#include "fmt/format.h"
#include "ingest/csv/meter_table.h"

namespace gridline::ingest {

namespace {

// `NAME (INSIDE)`: the name before the last parenthesis and what it holds; false without one.
bool SplitSuffix(std::string_view name, std::string_view* base, std::string_view* inside) {
  if (name.empty() || name.back() != ')') return false;
  const size_t open = name.rfind('(');
  if (open == std::string_view::npos) return false;
  *base = StripSpaces(name.substr(0, open));
  *inside = StripSpaces(name.substr(open + 1, name.size() - open - 2));
  return true;
}

// The unit a header name carries, `Barn-Mains_A (kWatts)`; kNative when none.
ValueUnit SuffixUnit(std::string_view name) {
  std::string_view base, inside;
  if (!SplitSuffix(name, &base, &inside)) return ValueUnit::kNative;
  return ValueUnitFromName(inside).value_or(ValueUnit::kNative);
}

std::string Quoted(std::string_view s) {
  return s.size() > 64 ? fmt::format("'{}...'", s.substr(0, 64)) : fmt::format("'{}'", s);
}

// The index of the column `ref` names: `#N`, then an exact name, then a trimmed case-insensitive
// one. Sets *error when there is none or the name is there twice.
int FindColumn(const CsvLayout& layout, std::string_view ref, std::string* error) {
  if (ref.size() > 1 && ref[0] == '#') {
    int n = 0;
    for (size_t i = 1; i < ref.size(); ++i) {
      if (ref[i] < '0' || ref[i] > '9' || n > 100000) {
        n = -1;
        break;
      }
      n = n * 10 + (ref[i] - '0');
    }
    if (n >= 1 && n <= layout.column_count) return n - 1;
    if (n >= 1) {
      *error = fmt::format("column {} does not exist (the header has {} columns)", ref,
                           layout.column_count);
      return -1;
    }
  }
  for (int pass = 0; pass < 2; ++pass) {
    int found = -1, count = 0;
    for (int i = 0; i < layout.column_count; ++i) {
      const bool match = pass == 0 ? layout.columns[i] == ref
                                   : EqualsIgnoreCase(layout.columns[i], StripSpaces(ref));
      if (match) {
        if (found < 0) found = i;
        ++count;
      }
    }
    if (count > 1) {
      *error = fmt::format("the header has {} columns named {}: name one as #N (columns {} ...)",
                           count, Quoted(ref), found + 1);
      return -1;
    }
    if (found >= 0) return found;
  }
  std::string names;
  for (int i = 0; i < layout.column_count && i < 40; ++i) {
    if (i > 0) names += ", ";
    names += layout.columns[i].empty() ? std::string("(empty)") : Quoted(layout.columns[i]);
  }
  *error = fmt::format("the header has no column {}; it has: {}", Quoted(ref), names);
  return -1;
}

bool IsPowerChannelUnit(ValueUnit u) {
  return u != ValueUnit::kNative && GetValueUnitSpec(u).power;
}

}  // namespace

std::string MeterIdFromColumn(std::string_view name) {
  std::string_view base, inside;
  if (SplitSuffix(name, &base, &inside) && ValueUnitFromName(inside).has_value()) name = base;
  std::string id;
  bool space = false;
  for (const char c : StripSpaces(name)) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) continue;
    if (c == ' ') {
      space = true;
      continue;
    }
    if (space && !id.empty()) id += ' ';
    space = false;
    id += c;
  }
  if (id.size() > kMaxMeterIdBytes) {
    size_t cut = kMaxMeterIdBytes;
    while (cut > 0 && (static_cast<unsigned char>(id[cut]) & 0xC0) == 0x80) --cut;
    id.resize(cut);
  }
  return id;
}

std::optional<ColumnMapping> LearnedMapping(const std::vector<std::string>& columns,
                                            std::optional<TimeFormat>* time_format) {
  // Low Carbon London (test/data/lcl/SOURCE.md).
  if (columns.size() == 3 && EqualsIgnoreCase(columns[0], "LCLid") &&
      EqualsIgnoreCase(columns[1], "tstp") && EqualsIgnoreCase(columns[2], "energy(kWh/hh)")) {
    ColumnMapping m;
    m.entries = {{ColumnRole::kMeter, "#1", std::nullopt, ValueUnit::kNative},
                 {ColumnRole::kTimestamp, "#2", std::nullopt, ValueUnit::kNative},
                 {ColumnRole::kValue, "#3", ChannelKind::kKwhDelivered, ValueUnit::kKwh}};
    return m;
  }
  // Emporia Vue: `Time Bucket (America/New_York)`, then `NAME (kWatts)` or `NAME (kWhs)` columns.
  constexpr std::string_view kBucket = "time bucket";
  if (columns.size() >= 2 && columns[0].size() > kBucket.size() &&
      EqualsIgnoreCase(std::string_view(columns[0]).substr(0, kBucket.size()), kBucket)) {
    ColumnMapping m;
    m.entries.push_back({ColumnRole::kTimestamp, "#1", std::nullopt, ValueUnit::kNative});
    for (size_t i = 1; i < columns.size(); ++i) {
      if (SuffixUnit(columns[i]) == ValueUnit::kNative) return std::nullopt;
      m.entries.push_back(
          {ColumnRole::kValue, fmt::format("#{}", i + 1), std::nullopt, ValueUnit::kNative});
    }
    if (!time_format->has_value()) *time_format = *TimeFormat::Parse("%m/%d/%Y %H:%M:%S");
    return m;
  }
  return std::nullopt;
}

absl::StatusOr<CsvLayout> MappedLayout(CsvLayout layout, const ColumnMapping& mapping,
                                       const CsvOptions& options) {
  auto fail = [](const MappedColumn& e, std::string why) {
    return absl::InvalidArgumentError(
        fmt::format("CSV header: --columns {}: {}", Quoted(e.column), std::move(why)));
  };
  std::vector<uint8_t> taken(layout.column_count, 0);
  std::string error;
  int meter_col = -1, time_col = -1, date_col = -1, tod_col = -1, quality_col = -1,
      channel_col = -1, zone_col = -1;
  // Roles with one column first, so that `*` means the columns left over.
  for (const MappedColumn& e : mapping.entries) {
    if (e.role == ColumnRole::kValue) continue;
    const int col = FindColumn(layout, e.column, &error);
    if (col < 0) return fail(e, error);
    if (taken[col]) return fail(e, "that column is mapped twice");
    taken[col] = 1;
    int* slot = nullptr;
    switch (e.role) {
      case ColumnRole::kMeter:
        slot = &meter_col;
        break;
      case ColumnRole::kTimestamp:
        slot = &time_col;
        break;
      case ColumnRole::kDate:
        slot = &date_col;
        break;
      case ColumnRole::kTime:
        slot = &tod_col;
        break;
      case ColumnRole::kQuality:
        slot = &quality_col;
        break;
      case ColumnRole::kChannel:
        slot = &channel_col;
        break;
      case ColumnRole::kZone:
        slot = &zone_col;
        break;
      case ColumnRole::kValue:
        break;
    }
    *slot = col;
  }
  struct Pending {
    const MappedColumn* entry;
    int col;
  };
  std::vector<Pending> values;
  for (const MappedColumn& e : mapping.entries) {
    if (e.role != ColumnRole::kValue || e.column == "*") continue;
    const int col = FindColumn(layout, e.column, &error);
    if (col < 0) return fail(e, error);
    if (taken[col]) return fail(e, "that column is mapped twice");
    taken[col] = 1;
    values.push_back({&e, col});
  }
  for (const MappedColumn& e : mapping.entries) {
    if (e.role != ColumnRole::kValue || e.column != "*") continue;
    for (int col = 0; col < layout.column_count; ++col) {
      if (taken[col]) continue;
      taken[col] = 1;
      values.push_back({&e, col});
    }
  }
  const MappedColumn& first = mapping.entries.front();
  if (values.empty()) return fail(first, "no column is left for the values");
  if (time_col < 0 && date_col < 0) {
    return fail(first,
                "no timestamp column (give timestamp=COLUMN, or date=COLUMN and time=COLUMN)");
  }
  if (time_col >= 0 && (date_col >= 0 || tod_col >= 0)) {
    return fail(first, "give either timestamp or date and time, not both");
  }
  if (tod_col >= 0 && date_col < 0) return fail(first, "a time column needs a date column");
  const bool row_meter = meter_col >= 0 || !options.meter_id.empty();
  if (meter_col >= 0 && !options.meter_id.empty()) {
    return fail(first, fmt::format("the file has a meter column, but --meter {} names the meter "
                                   "of every reading",
                                   options.meter_id));
  }

  // Each value column's channel and unit.
  std::vector<CsvLayout::ValueColumn> cols;
  absl::flat_hash_map<uint8_t, int> per_channel;
  for (const Pending& p : values) {
    CsvLayout::ValueColumn v;
    v.col = p.col;
    const std::string& name = layout.columns[p.col];
    v.unit = p.entry->unit;
    if (v.unit == ValueUnit::kNative) {
      for (const auto& [column, unit] : options.column_units) {
        if (EqualsIgnoreCase(column, name)) v.unit = unit;
      }
    }
    if (v.unit == ValueUnit::kNative) v.unit = options.unit;
    if (v.unit == ValueUnit::kNative) v.unit = SuffixUnit(name);
    if (p.entry->channel) {
      v.channel = *p.entry->channel;
    } else if (options.channel) {
      v.channel = *options.channel;
    } else if (channel_col >= 0) {
      v.channel = layout.default_channel;
    } else if (v.unit != ValueUnit::kNative) {
      // Average power stays power (mW resolution: 1-second circuit data is exact); energy is kWh.
      v.channel = IsPowerChannelUnit(v.unit) ? ChannelKind::kWatts : ChannelKind::kKwhDelivered;
    } else {
      return fail(*p.entry, fmt::format("column {} needs a channel: map it as kwh=, watts=, ... or "
                                        "give --channel or --unit",
                                        Quoted(name)));
    }
    // `kwh` names the channel and the unit: a kWh column is native.
    if (v.unit == ValueUnit::kKwh && GetChannelSpec(v.channel).unit == "kWh") {
      v.unit = ValueUnit::kNative;
    }
    if (v.unit != ValueUnit::kNative && !ConversionFor(v.unit, v.channel).has_value()) {
      return fail(*p.entry,
                  fmt::format("channel {} is in {}, not in {}: a --unit applies to energy "
                              "and power channels only",
                              GetChannelSpec(v.channel).name, GetChannelSpec(v.channel).unit,
                              GetValueUnitSpec(v.unit).shown));
    }
    ++per_channel[static_cast<uint8_t>(v.channel)];
    cols.push_back(std::move(v));
  }
  if (channel_col >= 0 && cols.size() > 1) {
    return fail(first,
                "a channel column goes with one value column only; map each value "
                "column to its channel instead");
  }
  // A column is a channel of the row's meter when the row has a meter and no other value column
  // has its channel; otherwise it is a meter of its own, named for the column.
  absl::flat_hash_map<std::string, int> seen;
  for (CsvLayout::ValueColumn& v : cols) {
    if (row_meter && per_channel[static_cast<uint8_t>(v.channel)] == 1) continue;
    v.own_meter = MeterIdFromColumn(layout.columns[v.col]);
    if (v.own_meter.empty()) v.own_meter = fmt::format("column {}", v.col + 1);
    if (!row_meter) {
      if (const std::string problem = MeterIdProblem(v.own_meter); !problem.empty()) {
        return absl::InvalidArgumentError(
            fmt::format("CSV header: column {} cannot name a meter: {}", v.col + 1, problem));
      }
    }
    const std::string key = v.own_meter + '\0' + std::string(GetChannelSpec(v.channel).name);
    if (auto [it, inserted] = seen.emplace(key, v.col); !inserted) {
      return absl::InvalidArgumentError(
          fmt::format("CSV header: columns {} and {} would both be meter '{}' {}", it->second + 1,
                      v.col + 1, v.own_meter, GetChannelSpec(v.channel).name));
    }
  }

  layout.meter_col = meter_col;
  layout.quality_col = quality_col;
  layout.channel_col = channel_col;
  layout.zone_col = zone_col;
  if (!options.meter_id.empty()) layout.fixed_meter_id = options.meter_id;
  if (options.time_format) layout.time_format = options.time_format;
  // A zone in the name of the time column: `Time Bucket (America/New_York)`.
  const int zone_from = time_col >= 0 ? time_col : date_col;
  std::string_view base, inside;
  if (SplitSuffix(layout.columns[zone_from], &base, &inside) && TimeZone::Load(inside).ok()) {
    layout.header_zone = std::string(inside);
  }
  const bool simple = cols.size() == 1 && cols[0].unit == ValueUnit::kNative &&
                      cols[0].own_meter.empty() && time_col >= 0 && zone_col < 0 &&
                      channel_col < 0 && !layout.time_format.has_value();
  if (simple) {
    // The long layout's own fast path reads it.
    layout.time_col = time_col;
    layout.value_col = cols[0].col;
    layout.default_channel = cols[0].channel;
    return layout;
  }
  layout.time_col = time_col;
  layout.date_col = date_col;
  layout.time_of_day_col = tod_col;
  layout.value_columns = std::move(cols);
  return layout;
}

}  // namespace gridline::ingest
