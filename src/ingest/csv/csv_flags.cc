#include "ingest/csv/csv_flags.h"

#include "common/status_macros.h"
#include "common/strings.h"
#include "fmt/format.h"

namespace gridline::ingest {

namespace {

absl::Status ApplyUnit(std::string_view text, CsvOptions* options) {
  constexpr char kKnown[] = "wh, kwh, mwh, w, kw, mw";
  if (text.find('=') == std::string_view::npos) {
    std::optional<ValueUnit> u = ValueUnitFromName(StripSpaces(text));
    if (!u) {
      return absl::InvalidArgumentError(
          fmt::format("--unit: unknown unit '{}' (known: {})", text.substr(0, 64), kKnown));
    }
    options->unit = *u;
    return absl::OkStatus();
  }
  // COLUMN=UNIT,...: the unit of each named value column.
  size_t entries = 0;
  while (!text.empty()) {
    const size_t cut = text.find(',');
    const std::string_view entry = text.substr(0, cut);
    text = cut == std::string_view::npos ? std::string_view() : text.substr(cut + 1);
    if (StripSpaces(entry).empty()) continue;
    const size_t eq = entry.rfind('=');
    if (eq == std::string_view::npos || ++entries > kMaxMappingEntries) {
      return absl::InvalidArgumentError(
          fmt::format("--unit: '{}' is not UNIT or COLUMN=UNIT,...", entry.substr(0, 64)));
    }
    std::optional<ValueUnit> u = ValueUnitFromName(StripSpaces(entry.substr(eq + 1)));
    if (!u) {
      return absl::InvalidArgumentError(
          fmt::format("--unit: unknown unit in '{}' (known: {})", entry.substr(0, 64), kKnown));
    }
    options->column_units.emplace_back(std::string(StripSpaces(entry.substr(0, eq))), *u);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ApplyCsvFlags(const CsvFlagText& flags, bool allow_files, CsvOptions* options) {
  if (!flags.columns.empty()) {
    if (flags.columns.front() == '@' && !allow_files) {
      return absl::InvalidArgumentError(
          "columns: a mapping file (@FILE) is read by the command line only; give the entries");
    }
    GL_ASSIGN_OR_RETURN(ColumnMapping m, LoadColumnMapping(flags.columns));
    options->mapping = std::move(m);
  }
  if (!flags.time_format.empty()) {
    GL_ASSIGN_OR_RETURN(TimeFormat f, TimeFormat::Parse(flags.time_format));
    options->time_format = std::move(f);
  }
  if (!flags.unit.empty()) GL_RETURN_IF_ERROR(ApplyUnit(flags.unit, options));
  if (!flags.skip.empty()) {
    int n = 0;
    bool ok = flags.skip.size() <= 6;
    for (char c : flags.skip) {
      if (c < '0' || c > '9') ok = false;
      n = n * 10 + (c - '0');
    }
    if (!ok || n > kMaxSkipLines) {
      return absl::InvalidArgumentError(
          fmt::format("--skip: '{}' is not a count of lines from 0 to {}", flags.skip.substr(0, 64),
                      kMaxSkipLines));
    }
    options->skip_lines = n;
  }
  return absl::OkStatus();
}

}  // namespace gridline::ingest
