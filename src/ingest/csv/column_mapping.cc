#include "ingest/csv/column_mapping.h"

#include <fstream>

#include "common/strings.h"
#include "fmt/format.h"

namespace gridline::ingest {

namespace {

struct RoleName {
  std::string_view name;
  ColumnRole role;
};
constexpr RoleName kRoles[] = {
    {"meter", ColumnRole::kMeter},         {"meter_id", ColumnRole::kMeter},
    {"timestamp", ColumnRole::kTimestamp}, {"date", ColumnRole::kDate},
    {"time", ColumnRole::kTime},           {"quality", ColumnRole::kQuality},
    {"channel", ColumnRole::kChannel},     {"zone", ColumnRole::kZone},
};

// Shown at most 64 bytes: a hostile mapping cannot make a message of megabytes.
std::string Shown64(std::string_view s) {
  return s.size() > 64 ? std::string(s.substr(0, 64)) + "..." : std::string(s);
}

absl::Status AddEntry(std::string_view entry, ColumnMapping* m) {
  const size_t eq = entry.find('=');
  if (eq == std::string_view::npos) {
    return absl::InvalidArgumentError(fmt::format(
        "--columns: '{}' is not ROLE=COLUMN (e.g. meter=LCLid,timestamp=tstp,kwh=energy)",
        Shown64(entry)));
  }
  const std::string_view role = StripSpaces(entry.substr(0, eq));
  const std::string_view column = StripSpaces(entry.substr(eq + 1));
  if (column.empty()) {
    return absl::InvalidArgumentError(
        fmt::format("--columns: '{}' names no column", Shown64(entry)));
  }
  MappedColumn c;
  c.column = std::string(column);
  bool found = false;
  for (const RoleName& r : kRoles) {
    if (EqualsIgnoreCase(r.name, role)) {
      c.role = r.role;
      found = true;
    }
  }
  if (!found) {
    c.role = ColumnRole::kValue;
    if (EqualsIgnoreCase(role, "value")) {
      found = true;
    } else if (EqualsIgnoreCase(role, "wh")) {
      c.channel = ChannelKind::kKwhDelivered;
      c.unit = ValueUnit::kWh;
      found = true;
    } else if (std::optional<ChannelKind> k = ChannelFromName(role)) {
      c.channel = *k;
      found = true;
    }
  }
  if (!found) {
    return absl::InvalidArgumentError(fmt::format(
        "--columns: unknown role '{}' (roles: meter, timestamp, date, time, quality, channel, "
        "zone, value, kwh, wh, or a channel name such as kwh_received or watts)",
        Shown64(role)));
  }
  if (c.column == "*" && c.role != ColumnRole::kValue) {
    return absl::InvalidArgumentError(fmt::format(
        "--columns: '{}': only a value role may take every other column (*)", Shown64(entry)));
  }
  if (c.role != ColumnRole::kValue) {
    for (const MappedColumn& o : m->entries) {
      if (o.role == c.role) {
        return absl::InvalidArgumentError(
            fmt::format("--columns: role '{}' is given twice", Shown64(role)));
      }
    }
  }
  if (m->entries.size() >= kMaxMappingEntries) {
    return absl::InvalidArgumentError(
        fmt::format("--columns: more than {} entries", kMaxMappingEntries));
  }
  m->entries.push_back(std::move(c));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ColumnMapping> ParseColumnMapping(std::string_view text, char separator) {
  if (text.size() > kMaxMappingBytes) {
    return absl::InvalidArgumentError(
        fmt::format("--columns: {} bytes, more than {}", text.size(), kMaxMappingBytes));
  }
  ColumnMapping m;
  while (!text.empty()) {
    const size_t cut = text.find(separator);
    std::string_view entry = text.substr(0, cut);
    text = cut == std::string_view::npos ? std::string_view() : text.substr(cut + 1);
    if (!entry.empty() && entry.back() == '\r') entry.remove_suffix(1);
    const std::string_view stripped = StripSpaces(entry);
    if (stripped.empty()) continue;
    if (separator == '\n' && stripped.front() == '#') continue;
    if (absl::Status s = AddEntry(stripped, &m); !s.ok()) return s;
  }
  if (m.entries.empty()) return absl::InvalidArgumentError("--columns: no entries");
  bool value = false;
  for (const MappedColumn& c : m.entries) value |= c.role == ColumnRole::kValue;
  if (!value) {
    return absl::InvalidArgumentError(
        "--columns: no value column (give kwh=COLUMN, value=COLUMN, watts=COLUMN, ...)");
  }
  return m;
}

absl::StatusOr<ColumnMapping> LoadColumnMapping(std::string_view spec) {
  if (spec.empty() || spec.front() != '@') return ParseColumnMapping(spec, ',');
  const std::string path(spec.substr(1));
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(fmt::format("--columns: cannot read '{}'", Shown64(path)));
  std::string text(kMaxMappingBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxMappingBytes) {
    return absl::InvalidArgumentError(
        fmt::format("--columns: '{}' is larger than {} bytes", Shown64(path), kMaxMappingBytes));
  }
  absl::StatusOr<ColumnMapping> m = ParseColumnMapping(text, '\n');
  if (!m.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("{}: {}", Shown64(path), StdView(m.status().message())));
  }
  return m;
}

}  // namespace gridline::ingest
