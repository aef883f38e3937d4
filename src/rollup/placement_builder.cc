#include "rollup/placement_builder.h"

#include <vector>

namespace gridline::rollup {

std::shared_ptr<const Placement> BuildPlacement(const topology::Topology& topology) {
  auto placement = std::make_shared<Placement>();
  std::vector<storage::AssetId> chain;
  topology.ForEach([&](const topology::AssetInfo& asset) {
    if (asset.kind != topology::AssetKind::kMeter && asset.kind != topology::AssetKind::kSensor) {
      return;
    }
    std::vector<int64_t> cuts = topology.ChainChanges(asset.id);
    std::vector<ChainPeriod> periods;
    int64_t from = INT64_MIN;
    cuts.push_back(INT64_MAX);
    for (int64_t to : cuts) {
      topology.AncestorsAt(asset.id, from, &chain);
      periods.push_back(ChainPeriod{from, to, chain});
      from = to;
    }
    placement->Set(asset.id, std::move(periods));
  });
  return placement;
}

}  // namespace gridline::rollup
