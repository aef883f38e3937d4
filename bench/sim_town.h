// sim_town.h: the simulator's town as a topology, shared by the topology and geo benchmarks:
// 86,000 meters with their transformers, feeders and substations (about 109,000 assets, a
// 24 km square), as CSV text, as parsed input, and imported (in memory, through the same plan
// an import uses). Built once per process.
#ifndef GRIDLINE_BENCH_SIM_TOWN_H_
#define GRIDLINE_BENCH_SIM_TOWN_H_

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "sim/meter_profile.h"
#include "sim/topology_generator.h"
#include "storage/catalog.h"
#include "topology/csv_topology_reader.h"
#include "topology/topology.h"
#include "topology/topology_plan.h"

namespace gridline::bench {

struct SimTown {
  std::string csv;
  topology::TopologyInput input;
  std::shared_ptr<const topology::Topology> topology;
  std::vector<topology::LatLon> centres;  // positions of random assets
  std::vector<storage::AssetId> meters;   // random meters
};

inline const SimTown& GetSimTown() {
  static const SimTown* town = [] {
    constexpr int64_t kMeters = 86'000;
    std::vector<sim::MeterProfile> profiles;
    profiles.reserve(kMeters);
    const sim::FleetMix mix;
    for (int64_t i = 0; i < kMeters; ++i) profiles.push_back(sim::DrawMeterProfile(1, i, mix));
    const std::vector<sim::Asset> assets =
        sim::GenerateTopology(1, profiles, sim::TownOptions{}, 7);
    auto* t = new SimTown;
    t->csv = "asset_id,kind,parent_id,lat,lon,rating_kva\n";
    for (const sim::Asset& a : assets) {
      t->csv += fmt::format("{},{},{},{:.6f},{:.6f},{}\n", a.id, sim::AssetKindName(a.kind),
                            a.parent >= 0 ? assets[a.parent].id : std::string(), a.lat, a.lon,
                            a.rating_kva > 0 ? std::to_string(a.rating_kva) : std::string());
    }
    t->input = topology::ParseTopologyCsv(t->csv, "town.csv");
    storage::Catalog catalog;
    const topology::Topology empty;
    topology::TopologyPlan plan = topology::PlanTopologyChange(t->input, empty, &catalog);
    if (!plan.ok()) std::abort();
    t->topology = topology::AssignIds(empty, &catalog, &plan);
    std::mt19937_64 rng(7);
    const auto limit = t->topology->id_limit();
    while (t->centres.size() < 4096) {
      const topology::AssetInfo* a = t->topology->Find(1 + rng() % (limit - 1));
      if (a == nullptr) continue;
      t->centres.push_back(*a->position);
      if (a->kind == storage::AssetKind::kMeter) t->meters.push_back(a->id);
    }
    return t;
  }();
  return *town;
}

}  // namespace gridline::bench

#endif  // GRIDLINE_BENCH_SIM_TOWN_H_
