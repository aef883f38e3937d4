// geo_index.cc: the R-trees behind GeoIndex (geo_index.h).
#include "topology/geo_index.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "boost/geometry.hpp"
#include "boost/geometry/index/rtree.hpp"

namespace gridline::topology {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

constexpr double kRadPerDeg = std::numbers::pi / 180.0;

using Point2 = bg::model::point<double, 2, bg::cs::cartesian>;  // (lon, lat) degrees
using Box2 = bg::model::box<Point2>;
using Point3 = bg::model::point<double, 3, bg::cs::cartesian>;  // unit vector
using Box3 = bg::model::box<Point3>;
using Value2 = std::pair<Point2, uint32_t>;  // uint32_t: index into Impl::entries
using Value3 = std::pair<Point3, uint32_t>;
using Polygon2 = bg::model::polygon<Point2>;

Point3 UnitVector(const LatLon& p) {
  const double lat = p.lat * kRadPerDeg;
  const double lon = p.lon * kRadPerDeg;
  return Point3(std::cos(lat) * std::cos(lon), std::cos(lat) * std::sin(lon), std::sin(lat));
}

}  // namespace

double HaversineMetres(const LatLon& a, const LatLon& b) {
  const double dlat = (b.lat - a.lat) * kRadPerDeg;
  const double dlon = (b.lon - a.lon) * kRadPerDeg;
  const double s = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(a.lat * kRadPerDeg) * std::cos(b.lat * kRadPerDeg) *
                       std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(s)));
}

struct GeoIndex::Impl {
  struct Entry {
    storage::AssetId id;
    AssetKind kind;
    LatLon at;
  };
  // One pair of trees per kind: a query for some kinds visits only their trees, so finding the
  // 10 nearest substations among 100,000 meters costs what finding them among substations does
  // (a filter inside one tree would walk past every meter leaf).
  struct Trees {
    bgi::rtree<Value2, bgi::rstar<16>> flat;
    bgi::rtree<Value3, bgi::rstar<16>> sphere;
  };
  std::vector<Entry> entries;
  Trees by_kind[kAssetKindCount + 1];  // index: the kind's value (0 unused)

  // Calls visit(trees) for every kind in `kinds` that has assets.
  template <typename Visit>
  void ForKinds(KindMask kinds, Visit&& visit) const {
    for (int k = 1; k <= kAssetKindCount; ++k) {
      if ((kinds & KindBit(static_cast<AssetKind>(k))) != 0 && !by_kind[k].flat.empty()) {
        visit(by_kind[k]);
      }
    }
  }

  std::vector<GeoHit> Hits(const LatLon& center, const std::vector<uint32_t>& found) const {
    std::vector<GeoHit> hits;
    hits.reserve(found.size());
    for (uint32_t i : found)
      hits.push_back(GeoHit{entries[i].id, HaversineMetres(center, entries[i].at)});
    std::sort(hits.begin(), hits.end(), [](const GeoHit& a, const GeoHit& b) {
      return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.id < b.id;
    });
    return hits;
  }
};

GeoIndex::GeoIndex(const Topology& topology) : impl_(std::make_unique<Impl>()) {
  topology.ForEach([&](const AssetInfo& a) {
    if (a.position) impl_->entries.push_back(Impl::Entry{a.id, a.kind, *a.position});
  });
  std::vector<Value2> flat[kAssetKindCount + 1];
  std::vector<Value3> sphere[kAssetKindCount + 1];
  for (uint32_t i = 0; i < impl_->entries.size(); ++i) {
    const Impl::Entry& e = impl_->entries[i];
    const int k = static_cast<int>(e.kind);
    flat[k].emplace_back(Point2(e.at.lon, e.at.lat), i);
    sphere[k].emplace_back(UnitVector(e.at), i);
  }
  // The range constructors bulk-load (STR packing): faster to build and to query than inserts.
  for (int k = 1; k <= kAssetKindCount; ++k) {
    impl_->by_kind[k].flat = bgi::rtree<Value2, bgi::rstar<16>>(flat[k].begin(), flat[k].end());
    impl_->by_kind[k].sphere =
        bgi::rtree<Value3, bgi::rstar<16>>(sphere[k].begin(), sphere[k].end());
  }
}

GeoIndex::~GeoIndex() = default;

size_t GeoIndex::size() const { return impl_->entries.size(); }

std::vector<storage::AssetId> GeoIndex::InBox(const LatLon& south_west, const LatLon& north_east,
                                              KindMask kinds, size_t limit) const {
  std::vector<storage::AssetId> out;
  std::vector<Box2> boxes;
  if (south_west.lon <= north_east.lon) {
    boxes.emplace_back(Point2(south_west.lon, south_west.lat),
                       Point2(north_east.lon, north_east.lat));
  } else {  // across the antimeridian: two boxes
    boxes.emplace_back(Point2(south_west.lon, south_west.lat), Point2(180, north_east.lat));
    boxes.emplace_back(Point2(-180, south_west.lat), Point2(north_east.lon, north_east.lat));
  }
  impl_->ForKinds(kinds, [&](const Impl::Trees& trees) {
    for (const Box2& box : boxes) {
      for (auto it = trees.flat.qbegin(bgi::covered_by(box));
           it != trees.flat.qend() && out.size() < limit; ++it) {
        out.push_back(impl_->entries[it->second].id);
      }
    }
  });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<GeoHit> GeoIndex::WithinRadius(const LatLon& center, double radius_m,
                                           KindMask kinds) const {
  if (!(radius_m >= 0)) return {};
  // The chord that spans radius_m along the great circle, plus a hair for rounding; the
  // haversine check below is exact.
  const double angle = std::min(radius_m / kEarthRadiusM, std::numbers::pi);
  const double chord = 2 * std::sin(angle / 2) * (1 + 1e-9) + 1e-12;
  const Point3 c = UnitVector(center);
  const Box3 box(Point3(c.get<0>() - chord, c.get<1>() - chord, c.get<2>() - chord),
                 Point3(c.get<0>() + chord, c.get<1>() + chord, c.get<2>() + chord));
  std::vector<uint32_t> found;
  impl_->ForKinds(kinds, [&](const Impl::Trees& trees) {
    for (auto it = trees.sphere.qbegin(bgi::intersects(box)); it != trees.sphere.qend(); ++it) {
      if (HaversineMetres(center, impl_->entries[it->second].at) <= radius_m) {
        found.push_back(it->second);
      }
    }
  });
  return impl_->Hits(center, found);
}

std::vector<storage::AssetId> GeoIndex::InPolygon(const std::vector<LatLon>& ring,
                                                  KindMask kinds) const {
  if (ring.size() < 3) return {};
  Polygon2 polygon;
  for (const LatLon& p : ring) bg::append(polygon.outer(), Point2(p.lon, p.lat));
  bg::correct(polygon);  // closes the ring and fixes its orientation
  Box2 bounds;
  bg::envelope(polygon, bounds);
  std::vector<storage::AssetId> out;
  impl_->ForKinds(kinds, [&](const Impl::Trees& trees) {
    for (auto it = trees.flat.qbegin(bgi::covered_by(bounds)); it != trees.flat.qend(); ++it) {
      if (bg::covered_by(it->first, polygon)) out.push_back(impl_->entries[it->second].id);
    }
  });
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<GeoHit> GeoIndex::Nearest(const LatLon& center, size_t n, KindMask kinds) const {
  if (n == 0) return {};
  n = std::min(n, impl_->entries.size());
  // The n nearest of each kind asked for, then the n nearest of those.
  std::vector<uint32_t> found;
  const Point3 c = UnitVector(center);
  impl_->ForKinds(kinds, [&](const Impl::Trees& trees) {
    for (auto it = trees.sphere.qbegin(bgi::nearest(c, static_cast<unsigned>(n)));
         it != trees.sphere.qend(); ++it) {
      found.push_back(it->second);
    }
  });
  std::vector<GeoHit> hits = impl_->Hits(center, found);
  if (hits.size() > n) hits.resize(n);
  return hits;
}

}  // namespace gridline::topology
