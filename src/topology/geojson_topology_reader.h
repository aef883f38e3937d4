// geojson_topology_reader.h: reads a topology as a GeoJSON FeatureCollection (RFC 7946), as GIS
// tools export it. Features, by geometry:
//   Point (or no geometry)        an asset: its properties are the CSV columns
//                                 (asset_row_builder.h), its coordinates [lon, lat] the position
//   LineString, MultiLineString   a route for the map, drawn for the asset named by the property
//                                 `asset_id` (a feeder's route). With a `kind` property the
//                                 feature also defines that asset (without a position).
// Other geometries are errors. Property values may be strings, numbers, booleans or null (not
// given); an object or array becomes its compact JSON text (a free attribute keeps it, a known
// column rejects it like any bad text).
// Bounds: arrays and objects nested at most 64 deep, strings at most 64 KiB, at most 64 Mi values
// in the document (common/json_bounds.h), kMaxColumns properties in a feature and
// kMaxRoutePositions positions in a route; past one, an error and nothing recursed or built.
// Errors read `FILE:feature N: PROPERTY: reason` with N the 0-based index in `features`
// (`FILE:LINE: json: reason` when the text is not JSON).
#ifndef GRIDLINE_TOPOLOGY_GEOJSON_TOPOLOGY_READER_H_
#define GRIDLINE_TOPOLOGY_GEOJSON_TOPOLOGY_READER_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "topology/topology_input.h"

namespace gridline::topology {

inline constexpr size_t kMaxRoutePositions = 1'000'000;

// Parses the whole document `text` (RapidJSON); `file` names it in errors. Every problem is an
// input error.
TopologyInput ParseTopologyGeoJson(std::string_view text, std::string file);

}  // namespace gridline::topology

#endif  // GRIDLINE_TOPOLOGY_GEOJSON_TOPOLOGY_READER_H_
