// geo_benchmark.cc: speed of the topology's geo index (src/topology/geo_index.h) on the
// simulator's town (sim_town.h) at about 100,000 assets: 86,000 meters with their
// transformers, feeders and substations, a 24 km square town. Query centres are the
// positions of random assets, so views fall where the grid is. Counters: hits = results per query.
//   BM_GeoBuild             bulk-loading both R-trees from the snapshot
//   BM_GeoBoxStreetView     a 1920x1080 web map at zoom 16 (~3.6 x 2.0 km): every asset in it
//   BM_GeoBoxTownView       the same map at zoom 13 (~29 x 16 km, the whole town): substations,
//                           feeders and transformers only, as a map shows it zoomed out
//   BM_GeoRadius1km         every asset within 1 km, nearest first
//   BM_GeoNearest10         the 10 nearest assets of any kind
//   BM_GeoNearest10Substation  the 10 nearest substations (a rare kind: the filter prunes)
#include <memory>
#include <vector>

#include "benchmark/benchmark.h"
#include "sim_town.h"  // beside this file, not under src/
#include "topology/geo_index.h"
#include "topology/topology.h"

namespace gridline::topology {
namespace {

struct Town {
  std::shared_ptr<const Topology> topology;
  std::unique_ptr<GeoIndex> index;
  const std::vector<LatLon>* centres;
};

const Town& GetTown() {
  static const Town* town = [] {
    const bench::SimTown& sim = bench::GetSimTown();
    auto* t = new Town;
    t->topology = sim.topology;
    t->index = std::make_unique<GeoIndex>(*t->topology);
    t->centres = &sim.centres;
    return t;
  }();
  return *town;
}

void BM_GeoBuild(benchmark::State& state) {
  const Town& town = GetTown();
  for (auto _ : state) {
    GeoIndex index(*town.topology);
    benchmark::DoNotOptimize(index.size());
  }
  state.counters["assets"] = static_cast<double>(town.topology->size());
}
BENCHMARK(BM_GeoBuild)->Unit(benchmark::kMillisecond);

// Half-sizes in degrees of a 1920x1080 view at 38.6 N: a web map (EPSG:3857) at zoom z has
// 156543 m x cos(lat) / 2^z per pixel, 1.87 m at zoom 16.
void BoxQuery(benchmark::State& state, double half_lat, double half_lon, KindMask kinds) {
  const Town& town = GetTown();
  size_t i = 0, hits = 0, queries = 0;
  for (auto _ : state) {
    const LatLon c = (*town.centres)[i++ % town.centres->size()];
    auto found = town.index->InBox({c.lat - half_lat, c.lon - half_lon},
                                   {c.lat + half_lat, c.lon + half_lon}, kinds);
    hits += found.size();
    ++queries;
    benchmark::DoNotOptimize(found.data());
  }
  state.counters["hits"] = static_cast<double>(hits) / static_cast<double>(queries);
}

void BM_GeoBoxStreetView(benchmark::State& state) { BoxQuery(state, 0.00906, 0.0206, kAllKinds); }
BENCHMARK(BM_GeoBoxStreetView)->Unit(benchmark::kMicrosecond);

void BM_GeoBoxTownView(benchmark::State& state) {
  BoxQuery(state, 0.0725, 0.165,
           KindBit(AssetKind::kSubstation) | KindBit(AssetKind::kFeeder) |
               KindBit(AssetKind::kTransformer));
}
BENCHMARK(BM_GeoBoxTownView)->Unit(benchmark::kMicrosecond);

void BM_GeoRadius1km(benchmark::State& state) {
  const Town& town = GetTown();
  size_t i = 0, hits = 0, queries = 0;
  for (auto _ : state) {
    auto found = town.index->WithinRadius((*town.centres)[i++ % town.centres->size()], 1000);
    hits += found.size();
    ++queries;
    benchmark::DoNotOptimize(found.data());
  }
  state.counters["hits"] = static_cast<double>(hits) / static_cast<double>(queries);
}
BENCHMARK(BM_GeoRadius1km)->Unit(benchmark::kMicrosecond);

void NearestQuery(benchmark::State& state, KindMask kinds) {
  const Town& town = GetTown();
  size_t i = 0;
  for (auto _ : state) {
    auto found = town.index->Nearest((*town.centres)[i++ % town.centres->size()], 10, kinds);
    benchmark::DoNotOptimize(found.data());
  }
}
void BM_GeoNearest10(benchmark::State& state) { NearestQuery(state, kAllKinds); }
BENCHMARK(BM_GeoNearest10)->Unit(benchmark::kMicrosecond);
void BM_GeoNearest10Substation(benchmark::State& state) {
  NearestQuery(state, KindBit(AssetKind::kSubstation));
}
BENCHMARK(BM_GeoNearest10Substation)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace gridline::topology
