// placement_builder.h: the roll-up placement of every reading asset of a topology snapshot:
// meters, and sensors of sub-metering panels (the assets whose series roll up). For each, its
// ancestor chain over time, cut at the instants where the chain changes
// (Topology::ChainChanges); before an asset is first placed, its reads roll into the system only.
#ifndef GRIDLINE_ROLLUP_PLACEMENT_BUILDER_H_
#define GRIDLINE_ROLLUP_PLACEMENT_BUILDER_H_

#include <memory>

#include "rollup/placement.h"
#include "topology/topology.h"

namespace gridline::rollup {

std::shared_ptr<const Placement> BuildPlacement(const topology::Topology& topology);

}  // namespace gridline::rollup

#endif  // GRIDLINE_ROLLUP_PLACEMENT_BUILDER_H_
