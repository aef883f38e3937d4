// csv_topology_reader.cc: the topology CSV reader (csv_topology_reader.h).
#include "topology/csv_topology_reader.h"

#include <vector>

#include "common/strings.h"
#include "fmt/format.h"
#include "ingest/csv/csv_fields.h"
#include "ingest/csv/csv_text.h"
#include "topology/asset_row_builder.h"

namespace gridline::topology {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr Column kRequired[] = {Column::kAssetId, Column::kKind, Column::kParentId, Column::kLat,
                                Column::kLon};
constexpr std::string_view kRequiredNames[] = {"asset_id", "kind", "parent_id", "lat", "lon"};

struct HeaderColumn {
  Column column;
  std::string name;  // as written (trimmed)
};

// Reads the header's columns; false (with errors added) when it cannot be used.
bool ReadHeader(const std::vector<std::string_view>& fields, TopologyInput* input,
                std::vector<HeaderColumn>* columns) {
  const SourceRef where{1, -1};
  // Duplicate names are looked for pairwise and every row builds this many cells: bound both.
  if (fields.size() > kMaxColumns) {
    input->AddError(where, "header",
                    fmt::format("{} columns, more than {}", fields.size(), kMaxColumns));
    return false;
  }
  bool ok = true;
  bool seen[static_cast<int>(Column::kAttribute)] = {};
  std::vector<std::string> attribute_names;
  for (size_t i = 0; i < fields.size(); ++i) {
    const std::string_view name = StripSpaces(fields[i]);
    if (name.empty()) {
      input->AddError(where, "header", fmt::format("column {} has no name", i + 1));
      ok = false;
      continue;
    }
    if (auto bad = CheckText(name, kMaxAttributeNameBytes)) {
      input->AddError(where, "header", fmt::format("column {}: {}", i + 1, *bad));
      ok = false;
      continue;
    }
    const Column c = ColumnFromName(name);
    bool twice = false;
    if (c == Column::kAttribute) {
      for (const std::string& n : attribute_names) twice |= EqualsIgnoreCase(n, name);
      attribute_names.emplace_back(name);
    } else {
      twice = seen[static_cast<int>(c)];
      seen[static_cast<int>(c)] = true;
    }
    if (twice) {
      input->AddError(where, "header", fmt::format("column {} appears twice", ingest::Shown(name)));
      ok = false;
    }
    columns->push_back(HeaderColumn{c, std::string(name)});
  }
  for (size_t i = 0; i < std::size(kRequired); ++i) {
    if (!seen[static_cast<int>(kRequired[i])]) {
      input->AddError(where, "header",
                      fmt::format("missing column '{}' (a topology CSV needs asset_id, kind, "
                                  "parent_id, lat and lon)",
                                  kRequiredNames[i]));
      ok = false;
    }
  }
  return ok;
}

}  // namespace

TopologyInput ParseTopologyCsv(std::string_view text, std::string file) {
  TopologyInput input;
  input.file = std::move(file);
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  const char* p = text.data();
  const char* const end = text.data() + text.size();
  if (StripSpaces(text).empty()) {
    input.AddError(SourceRef{}, "header",
                   "the file is empty (a topology CSV starts with a header)");
    return input;
  }

  const size_t header_end = text.find('\n');
  ingest::CsvFieldSplitter splitter(ingest::DetectCsvDelimiter(text.substr(0, header_end)));
  ingest::SplitStatus status;
  const char* line_end = splitter.SplitLine(p, end, &status);
  std::vector<HeaderColumn> columns;
  if (status != ingest::SplitStatus::kOk) {
    input.AddError(SourceRef{1, -1}, "header", ingest::SplitStatusMessage(status));
    return input;
  }
  if (!ReadHeader(splitter.fields(), &input, &columns)) return input;

  uint64_t line = 1;
  p = line_end < end ? line_end + 1 : end;
  while (p < end) {
    ++line;
    const char* row_start = p;
    line_end = splitter.SplitLine(p, end, &status);
    p = line_end < end ? line_end + 1 : end;
    if (StripSpaces(std::string_view(row_start, line_end - row_start)).empty()) continue;
    ++input.records;
    const SourceRef where{line, -1};
    if (status != ingest::SplitStatus::kOk) {
      input.AddError(where, "row", ingest::SplitStatusMessage(status));
      continue;
    }
    const std::vector<std::string_view>& fields = splitter.fields();
    if (fields.size() != columns.size()) {
      input.AddError(where, "row",
                     fmt::format("{} fields, the header has {}", fields.size(), columns.size()));
      continue;
    }
    AssetRowBuilder builder(&input, where);
    for (size_t i = 0; i < fields.size(); ++i)
      builder.Set(columns[i].column, columns[i].name, fields[i]);
    if (std::optional<AssetRow> row = builder.Finish()) input.rows.push_back(std::move(*row));
  }
  return input;
}

}  // namespace gridline::topology
