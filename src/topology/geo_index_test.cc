// Tests of GeoIndex against brute force over random points: boxes (also across the
// antimeridian), radius, polygons and nearest, with and without a kind filter.
#include "topology/geo_index.h"

#include <algorithm>
#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gridline::topology {
namespace {

using storage::AssetId;

struct Fixture {
  std::vector<AssetInfo> assets;
  std::shared_ptr<const Topology> topology;
};

// `n` assets of random kinds at random places: most in a town-sized cluster, some anywhere
// (poles and the antimeridian included), a few without a position.
Fixture RandomAssets(int n, uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> town_lat(37.7, 37.9), town_lon(-122.5, -122.3);
  std::uniform_real_distribution<double> any_lat(-90, 90), any_lon(-180, 180);
  std::uniform_int_distribution<int> kind(1, kAssetKindCount);
  Fixture f;
  std::vector<std::shared_ptr<const AssetInfo>> shared;
  for (int i = 0; i < n; ++i) {
    AssetInfo a;
    a.id = static_cast<AssetId>(i + 1);
    a.external_id = "A" + std::to_string(i);
    a.kind = static_cast<AssetKind>(kind(rng));
    a.parents = {ParentPeriod{}};
    const int where = static_cast<int>(rng() % 10);
    if (where < 7) {
      a.position = LatLon{town_lat(rng), town_lon(rng)};
    } else if (where < 9) {
      a.position = LatLon{any_lat(rng), any_lon(rng)};
    } else if (where == 9 && i % 2 == 0) {
      a.position =
          LatLon{std::clamp(any_lat(rng), -1.0, 1.0) * 10, (i % 4 == 0) ? 179.99 : -179.99};
    }
    f.assets.push_back(a);
    shared.push_back(std::make_shared<const AssetInfo>(a));
  }
  f.topology = Topology::Create(std::move(shared));
  return f;
}

bool Wanted(const AssetInfo& a, KindMask kinds) { return (KindBit(a.kind) & kinds) != 0; }

TEST(GeoIndex, BoxesMatchBruteForce) {
  Fixture f = RandomAssets(20000, 1);
  GeoIndex index(*f.topology);
  std::mt19937_64 rng(2);
  std::uniform_real_distribution<double> lat(37.6, 38.0), lon(-122.6, -122.2), size(0.001, 0.2);
  for (int q = 0; q < 200; ++q) {
    LatLon sw{lat(rng), lon(rng)};
    LatLon ne{sw.lat + size(rng), sw.lon + size(rng)};
    const bool across = q % 10 == 0;  // across the antimeridian
    if (across) {
      sw = LatLon{-20, 170};
      ne = LatLon{20, -170};
    }
    const KindMask kinds = q % 3 == 0 ? kAllKinds : KindBit(AssetKind::kMeter);
    std::vector<AssetId> want;
    for (const AssetInfo& a : f.assets) {
      if (!a.position || !Wanted(a, kinds)) continue;
      const bool in_lat = a.position->lat >= sw.lat && a.position->lat <= ne.lat;
      const bool in_lon = across ? (a.position->lon >= sw.lon || a.position->lon <= ne.lon)
                                 : (a.position->lon >= sw.lon && a.position->lon <= ne.lon);
      if (in_lat && in_lon) want.push_back(a.id);
    }
    EXPECT_EQ(index.InBox(sw, ne, kinds), want) << q;
  }
  EXPECT_EQ(index.InBox({37.7, -122.5}, {37.9, -122.3}, kAllKinds, 10).size(), 10u);
}

TEST(GeoIndex, RadiusAndNearestMatchBruteForce) {
  Fixture f = RandomAssets(20000, 3);
  GeoIndex index(*f.topology);
  std::mt19937_64 rng(4);
  std::uniform_real_distribution<double> lat(37.6, 38.0), lon(-122.6, -122.2), radius(10, 5000);
  std::uniform_real_distribution<double> any_lat(-90, 90), any_lon(-180, 180);
  for (int q = 0; q < 200; ++q) {
    const bool anywhere = q % 5 == 0;
    const LatLon c = anywhere ? LatLon{any_lat(rng), any_lon(rng)} : LatLon{lat(rng), lon(rng)};
    const double r = anywhere ? radius(rng) * 1000 : radius(rng);
    const KindMask kinds =
        q % 2 == 0 ? kAllKinds : KindBit(AssetKind::kSubstation) | KindBit(AssetKind::kFeeder);
    std::vector<GeoHit> all;
    for (const AssetInfo& a : f.assets) {
      if (a.position && Wanted(a, kinds)) all.push_back({a.id, HaversineMetres(c, *a.position)});
    }
    std::sort(all.begin(), all.end(), [](const GeoHit& a, const GeoHit& b) {
      return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.id < b.id;
    });
    std::vector<GeoHit> within;
    for (const GeoHit& h : all) {
      if (h.distance_m <= r) within.push_back(h);
    }
    EXPECT_EQ(index.WithinRadius(c, r, kinds), within) << q;
    const size_t n = 1 + q % 20;
    std::vector<GeoHit> nearest = index.Nearest(c, n, kinds);
    ASSERT_EQ(nearest.size(), std::min(n, all.size()));
    for (size_t i = 0; i < nearest.size(); ++i) {
      // Ties may come in either order; the distances must be the true n smallest.
      EXPECT_NEAR(nearest[i].distance_m, all[i].distance_m, 1e-6) << q << " " << i;
    }
  }
}

TEST(GeoIndex, PolygonsMatchBruteForce) {
  Fixture f = RandomAssets(20000, 5);
  GeoIndex index(*f.topology);
  // A concave "L" around part of the town, given counter-clockwise and not closed.
  const std::vector<LatLon> ring = {{37.70, -122.50}, {37.70, -122.30}, {37.75, -122.30},
                                    {37.75, -122.45}, {37.90, -122.45}, {37.90, -122.50}};
  auto inside = [](const LatLon& p) {
    const bool lower = p.lat >= 37.70 && p.lat <= 37.75 && p.lon >= -122.50 && p.lon <= -122.30;
    const bool left = p.lat >= 37.70 && p.lat <= 37.90 && p.lon >= -122.50 && p.lon <= -122.45;
    return lower || left;
  };
  std::vector<AssetId> want;
  for (const AssetInfo& a : f.assets) {
    if (a.position && inside(*a.position)) want.push_back(a.id);
  }
  EXPECT_EQ(index.InPolygon(ring), want);
  std::vector<LatLon> clockwise(ring.rbegin(), ring.rend());
  EXPECT_EQ(index.InPolygon(clockwise), want);
  EXPECT_TRUE(index.InPolygon({{1, 1}, {2, 2}}).empty());
}

TEST(GeoIndex, EmptyAndEdgeCases) {
  const Topology empty;
  GeoIndex index(empty);
  EXPECT_EQ(index.size(), 0u);
  EXPECT_TRUE(index.InBox({-90, -180}, {90, 180}).empty());
  EXPECT_TRUE(index.Nearest({0, 0}, 5).empty());
  EXPECT_TRUE(index.WithinRadius({0, 0}, 1e9).empty());
  // One km north of a point is 1 km away.
  EXPECT_NEAR(HaversineMetres({37.0, -122.0}, {37.0 + 1000.0 / 111194.93, -122.0}), 1000.0, 0.1);
}

}  // namespace
}  // namespace gridline::topology
