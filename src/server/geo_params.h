// geo_params.h: the text of the geo query parameters (GET /api/v1/geo/assets): a number in a
// range (lat, lon, radius_m) and lists of points (bbox `W,S,E,N`, polygon `LON LAT,LON LAT,...`).
// Pure functions of the text, so that the query_params fuzzer (test/fuzz/) runs them too.
#ifndef GRIDLINE_SERVER_GEO_PARAMS_H_
#define GRIDLINE_SERVER_GEO_PARAMS_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "topology/asset.h"

namespace gridline::server {

// Vertices of a polygon parameter (the query string is 8 KiB anyway).
inline constexpr size_t kMaxGeoPoints = 10'000;

// A decimal number in [lo, hi]; InvalidParameter(name) otherwise (NaN and infinities included).
absl::StatusOr<double> ParseGeoNumber(std::string_view name, std::string_view text, double lo,
                                      double hi);

// `count` points (0: any number from 1 to kMaxGeoPoints) as `lon lat` pairs, the numbers split by
// commas and spaces; InvalidParameter(name) for a bad number, an odd count, the wrong count or
// a coordinate out of range. Stops at the first number past the bound.
absl::StatusOr<std::vector<topology::LatLon>> ParseGeoPoints(std::string_view name,
                                                             std::string_view text, size_t count);

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_GEO_PARAMS_H_
