// topology_benchmark.cc: speed of the grid model (src/topology/) on the simulator's town
// (sim_town.h, ~109,000 assets). items/s are assets, or meters for the per-meter walks.
//   BM_TopologyAncestorsAt   a random meter's ancestor chain at an instant (the roll-up write
//                            path runs it per meter of each written window)
//   BM_TopologyParentAt      one parent lookup
//   BM_TopologyCreate        indexing a snapshot (what every applied import pays once)
//   BM_TopologyParseCsv      reading the town's CSV text (asset_row_builder.h checks included)
//   BM_TopologyPlanFresh     planning the town into an empty topology: merge, resolve, validate
//   BM_TopologyPlanUnchanged planning the same town again (a re-import: all unchanged)
#include <vector>

#include "benchmark/benchmark.h"
#include "sim_town.h"  // beside this file, not under src/
#include "topology/topology.h"
#include "topology/topology_plan.h"

namespace gridline::topology {
namespace {

constexpr int64_t kJuly = 1782864000;  // 2026-07-01T00:00:00Z

void BM_TopologyAncestorsAt(benchmark::State& state) {
  const bench::SimTown& town = bench::GetSimTown();
  std::vector<storage::AssetId> out;
  size_t i = 0;
  for (auto _ : state) {
    town.topology->AncestorsAt(town.meters[i++ % town.meters.size()], kJuly, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TopologyAncestorsAt);

void BM_TopologyParentAt(benchmark::State& state) {
  const bench::SimTown& town = bench::GetSimTown();
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(town.topology->ParentAt(town.meters[i++ % town.meters.size()], kJuly));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TopologyParentAt);

void BM_TopologyCreate(benchmark::State& state) {
  const bench::SimTown& town = bench::GetSimTown();
  std::vector<std::shared_ptr<const AssetInfo>> records;
  for (storage::AssetId id = 1; id < town.topology->id_limit(); ++id) {
    if (const auto& a = town.topology->Share(id)) records.push_back(a);
  }
  for (auto _ : state) {
    auto t = Topology::Create(records);
    benchmark::DoNotOptimize(t.get());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(records.size()));
}
BENCHMARK(BM_TopologyCreate)->Unit(benchmark::kMillisecond);

void BM_TopologyParseCsv(benchmark::State& state) {
  const bench::SimTown& town = bench::GetSimTown();
  for (auto _ : state) {
    TopologyInput input = ParseTopologyCsv(town.csv, "town.csv");
    benchmark::DoNotOptimize(input.rows.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(town.input.rows.size()));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(town.csv.size()));
}
BENCHMARK(BM_TopologyParseCsv)->Unit(benchmark::kMillisecond);

void BM_TopologyPlanFresh(benchmark::State& state) {
  const bench::SimTown& town = bench::GetSimTown();
  const Topology empty;
  for (auto _ : state) {
    TopologyPlan plan = PlanTopologyChange(town.input, empty, nullptr);
    benchmark::DoNotOptimize(plan.candidate.get());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(town.input.rows.size()));
}
BENCHMARK(BM_TopologyPlanFresh)->Unit(benchmark::kMillisecond);

void BM_TopologyPlanUnchanged(benchmark::State& state) {
  const bench::SimTown& town = bench::GetSimTown();
  for (auto _ : state) {
    TopologyPlan plan = PlanTopologyChange(town.input, *town.topology, nullptr);
    benchmark::DoNotOptimize(plan.counts.unchanged);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(town.input.rows.size()));
}
BENCHMARK(BM_TopologyPlanUnchanged)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace gridline::topology
