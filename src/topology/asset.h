// asset.h: one asset of the grid model as a topology snapshot holds it: its external id, kind,
// where it hangs over time (parent periods), position, ratings, customer attributes and the
// routes drawn for it on the map. Records are immutable once in a snapshot (topology.h) and
// shared between snapshots that did not change them.
//
// Times are UTC seconds since the Unix epoch; kBeginningOfTime stands for "always".
#ifndef GRIDLINE_TOPOLOGY_ASSET_H_
#define GRIDLINE_TOPOLOGY_ASSET_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/catalog.h"
#include "topology/asset_kind.h"

namespace gridline::topology {

inline constexpr int64_t kBeginningOfTime = INT64_MIN;

// The longest ancestor chain the topology accepts (levels above an asset). The deepest real
// chain is about eight (substation, feeder, transformer, service point, panel, sub-panel,
// circuit, sensor); the bound keeps every walk up the tree short even on hostile input.
inline constexpr int kMaxDepth = 32;

// From `from` on (until the next period's `from`), the asset hangs under `parent`.
// parent 0 means none: the asset is a root during the period.
struct ParentPeriod {
  int64_t from = kBeginningOfTime;
  storage::AssetId parent = 0;
  bool operator==(const ParentPeriod&) const = default;
};

struct LatLon {
  double lat = 0;  // degrees north, -90 .. 90
  double lon = 0;  // degrees east, -180 .. 180
  bool operator==(const LatLon&) const = default;
};

// A line drawn for an asset on the map (a feeder's route): points in order.
using Route = std::vector<LatLon>;

inline constexpr const char kDefaultCustomerClass[] = "residential";

struct AssetInfo {
  storage::AssetId id = 0;  // the store catalog's id (same space as meters' ids)
  std::string external_id;
  AssetKind kind = AssetKind::kMeter;
  // Sorted by `from`, strictly increasing; never empty in a snapshot. The first period starts
  // at kBeginningOfTime unless the asset was only ever placed from some instant on.
  std::vector<ParentPeriod> parents;
  std::optional<LatLon> position;
  std::optional<double> rating_kva;
  std::optional<double> rating_a;
  std::string customer_class = kDefaultCustomerClass;
  bool pv = false;
  bool ev = false;
  std::string pricing_node;     // empty: none
  std::string weather_station;  // empty: none
  // Every other column of the input, by name (sorted by key, keys unique, values non-empty).
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<Route> routes;

  bool operator==(const AssetInfo&) const = default;

  // The value of the free attribute `key`, or nullptr.
  const std::string* FindAttribute(std::string_view key) const {
    for (const auto& [k, v] : attributes) {
      if (k == key) return &v;
    }
    return nullptr;
  }
};

}  // namespace gridline::topology

#endif  // GRIDLINE_TOPOLOGY_ASSET_H_
