// topology_input.h: a topology file as read, before it is checked against the store: one
// AssetRow per CSV row or GeoJSON Point feature, one RouteRow per line feature, and the input
// errors found while reading. The readers (csv_topology_reader.h, geojson_topology_reader.h)
// produce it; TopologyManager::Apply (topology_manager.h) validates and applies it.
//
// Errors read `FILE:LINE: FIELD: reason` for CSV (lines 1-based, the header is line 1) and
// `FILE:feature N: PROPERTY: reason` for GeoJSON (N is the 0-based index in `features`).
#ifndef GRIDLINE_TOPOLOGY_TOPOLOGY_INPUT_H_
#define GRIDLINE_TOPOLOGY_TOPOLOGY_INPUT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "topology/asset.h"

namespace gridline::topology {

// Where in the input a row came from.
struct SourceRef {
  uint64_t line = 0;     // CSV line (1-based); 0 when the input is not CSV
  int64_t feature = -1;  // GeoJSON feature index (0-based); -1 when the input is not GeoJSON
  bool operator==(const SourceRef&) const = default;
};

struct TopologyError {
  std::string file;
  SourceRef where;    // neither line nor feature: the file as a whole
  std::string field;  // column or property name, or "row", "header", "json"
  std::string reason;
};

// "grid.csv:12: parent_id: unknown parent 'F9' ...", "grid.geojson:feature 3: lat: ...",
// "grid.csv: header: ..." (no line or feature).
std::string FormatTopologyError(const TopologyError& e);

// One definition of an asset: a CSV row or a GeoJSON feature. Empty cells are not given
// (std::nullopt / empty): they keep what the store holds, or the default for a new asset.
struct AssetRow {
  SourceRef source;
  std::string id;
  AssetKind kind = AssetKind::kMeter;
  std::string parent_id;                  // empty: no parent (a root) from valid_from on
  int64_t valid_from = kBeginningOfTime;  // the row places the asset from this instant on
  std::optional<LatLon> position;
  std::optional<double> rating_kva;
  std::optional<double> rating_a;
  std::optional<std::string> customer_class;
  std::optional<bool> pv;
  std::optional<bool> ev;
  std::optional<std::string> pricing_node;
  std::optional<std::string> weather_station;
  // Other columns with a value, sorted by name.
  std::vector<std::pair<std::string, std::string>> attributes;

  // Same definition, wherever it came from (an exact repeat of a row is not a duplicate).
  bool SameDefinition(const AssetRow& o) const;
};

// A route drawn for an asset (GeoJSON LineString or MultiLineString).
struct RouteRow {
  SourceRef source;
  std::string asset_id;
  std::vector<Route> lines;
};

// Errors kept in full; past this many only error_count grows (a file of garbage must not
// turn into gigabytes of messages).
inline constexpr size_t kMaxKeptErrors = 10000;

struct TopologyInput {
  std::string file;      // the name errors use
  uint64_t records = 0;  // data rows or features read
  std::vector<AssetRow> rows;
  std::vector<RouteRow> routes;
  std::vector<TopologyError> errors;  // the first kMaxKeptErrors
  uint64_t error_count = 0;           // all of them

  void AddError(SourceRef where, std::string field, std::string reason) {
    ++error_count;
    if (errors.size() < kMaxKeptErrors) {
      errors.push_back(TopologyError{file, where, std::move(field), std::move(reason)});
    }
  }
};

}  // namespace gridline::topology

#endif  // GRIDLINE_TOPOLOGY_TOPOLOGY_INPUT_H_
