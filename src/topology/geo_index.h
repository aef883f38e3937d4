// geo_index.h: spatial queries over the assets of a topology snapshot that have a position, for
// the map (what is in this view, in this lasso, near this click) and for analytics (the nearest
// weather station). Built once per snapshot; immutable afterwards.
//
// Two Boost.Geometry R-trees per kind, bulk-loaded (packed), so that a query for some kinds
// (substations near here, transformers in this view) visits only their trees:
// - (lon, lat) in degrees, for boxes and polygons: a map view is a lon/lat rectangle;
// - unit vectors on the sphere (x, y, z), for radius and nearest: the straight-line (chord)
//   distance between unit vectors grows with the great-circle distance, so the tree's own
//   metric orders by true distance, with no trouble at the poles or the antimeridian.
// Distances are great-circle metres on a sphere of radius 6,371 km (haversine); on the WGS84
// ellipsoid they differ by up to about 0.5 %.
//
// Thread-safety: const methods may be called from any thread.
#ifndef GRIDLINE_TOPOLOGY_GEO_INDEX_H_
#define GRIDLINE_TOPOLOGY_GEO_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "storage/catalog.h"
#include "topology/asset.h"
#include "topology/asset_kind.h"
#include "topology/topology.h"

namespace gridline::topology {

inline constexpr double kEarthRadiusM = 6'371'000.0;

// Great-circle distance in metres (haversine).
double HaversineMetres(const LatLon& a, const LatLon& b);

struct GeoHit {
  storage::AssetId id = 0;
  double distance_m = 0;
  bool operator==(const GeoHit&) const = default;
};

class GeoIndex {
 public:
  // Indexes every asset of `topology` that has a position (kind and position are copied; the
  // index does not refer to the snapshot afterwards).
  explicit GeoIndex(const Topology& topology);
  ~GeoIndex();
  GeoIndex(const GeoIndex&) = delete;
  GeoIndex& operator=(const GeoIndex&) = delete;

  // Assets indexed.
  size_t size() const;

  // Assets inside the box from `south_west` to `north_east` (edges included) whose kind is in
  // `kinds`, by id. A box with south_west.lon > north_east.lon crosses the antimeridian.
  // At most `limit` results (which ones, when more match, is unspecified).
  std::vector<storage::AssetId> InBox(const LatLon& south_west, const LatLon& north_east,
                                      KindMask kinds = kAllKinds, size_t limit = SIZE_MAX) const;

  // Assets within radius_m metres of `center` (great circle), nearest first.
  std::vector<GeoHit> WithinRadius(const LatLon& center, double radius_m,
                                   KindMask kinds = kAllKinds) const;

  // Assets inside the polygon `ring` (its vertices in order, closed or not; boundary included),
  // by id. Edges are straight lines in lat/lon degrees, as drawn on a web map; a ring that
  // crosses the antimeridian is not supported. Fewer than three vertices: no result.
  std::vector<storage::AssetId> InPolygon(const std::vector<LatLon>& ring,
                                          KindMask kinds = kAllKinds) const;

  // The `n` assets nearest to `center` whose kind is in `kinds`, nearest first.
  std::vector<GeoHit> Nearest(const LatLon& center, size_t n, KindMask kinds = kAllKinds) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;  // keeps Boost.Geometry out of this header
};

}  // namespace gridline::topology

#endif  // GRIDLINE_TOPOLOGY_GEO_INDEX_H_
