// column_mapping.h: `--columns`, which says what each column of a CSV file holds when its header
// does not use gridline's names: `meter=LCLid,timestamp=tstp,kwh=energy(kWh/hh)`. Each entry is
// ROLE=COLUMN; COLUMN is a header name (matched exactly, then trimmed and case-insensitively),
// `#N` (the N-th column, 1-based, for a header with empty or repeated names) or, for a value
// role, `*` (every column no other entry names). Roles:
//   meter, timestamp, date, time (date and time in two columns), quality, channel,
//   zone (a column of UTC offsets or zone abbreviations, EST/EDT, that decides each row's
//   offset), and the value roles: value, kwh, wh (energy in Wh), or a channel name or alias
//   (kwh_received, watts, kw_demand, ...), which may appear several times.
// `--columns @FILE` reads the same entries from a mapping file, one per line (so a name may hold
// a comma); blank lines and lines starting with `#` are skipped. docs/import.md "Column mapping".
#ifndef GRIDLINE_INGEST_CSV_COLUMN_MAPPING_H_
#define GRIDLINE_INGEST_CSV_COLUMN_MAPPING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/channel.h"
#include "ingest/value_unit.h"

namespace gridline::ingest {

enum class ColumnRole : uint8_t {
  kMeter,
  kTimestamp,
  kDate,
  kTime,
  kQuality,
  kChannel,
  kZone,
  kValue
};

struct MappedColumn {
  ColumnRole role = ColumnRole::kValue;
  std::string column;  // a header name, `#N` or `*`
  // Value roles: the channel the role names (nullopt for `value`: --channel or the channel
  // column decides) and the unit it implies (`wh`: Wh; kNative otherwise).
  std::optional<ChannelKind> channel;
  ValueUnit unit = ValueUnit::kNative;
};

struct ColumnMapping {
  std::vector<MappedColumn> entries;
};

// Bounds on what a mapping may hold: no real file comes near them.
inline constexpr size_t kMaxMappingEntries = 1024;
inline constexpr size_t kMaxMappingBytes = 64 * 1024;

// Parses entries separated by `separator` (',' on the command line, '\n' in a mapping file, where
// `#` comment lines are skipped). InvalidArgument naming the entry for an unknown role, an entry
// without `=`, an empty column, a role other than a value role given twice, or past the bounds.
absl::StatusOr<ColumnMapping> ParseColumnMapping(std::string_view text, char separator = ',');

// `--columns SPEC`: the inline entries, or `@FILE` read as a mapping file (at most
// kMaxMappingBytes). InvalidArgument or NotFound saying why.
absl::StatusOr<ColumnMapping> LoadColumnMapping(std::string_view spec);

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_CSV_COLUMN_MAPPING_H_
