// topology_validator.h: checks the shape of a candidate topology (the current one with an
// input's changes) before anything is stored:
// - every period's parent is in the topology, of a kind the asset may hang under, and an asset
//   without a parent is of a kind that may be a root (asset_kind.h);
// - there is no cycle at any instant: a cycle that exists at time t also exists at the latest
//   start s <= t of the periods its edges are in, and s is a period start of one of its members,
//   so walking up from every asset at each of its period starts finds every cycle. The walks
//   are at most kMaxDepth long: O(periods x depth).
// - no chain is deeper than kMaxDepth.
// Errors are placed on the input row that caused them: the row that set the offending period,
// else the first row of the asset that changed (a kind change can break its children).
#ifndef GRIDLINE_TOPOLOGY_TOPOLOGY_VALIDATOR_H_
#define GRIDLINE_TOPOLOGY_TOPOLOGY_VALIDATOR_H_

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "topology/topology.h"
#include "topology/topology_input.h"

namespace gridline::topology {

// Where a changed asset and its periods came from in the input.
struct AssetSources {
  SourceRef first;                                     // the asset's first row
  std::vector<std::pair<int64_t, SourceRef>> periods;  // valid_from -> the row that set it
};
using SourceMap = absl::flat_hash_map<storage::AssetId, AssetSources>;

using ErrorSink = std::function<void(SourceRef where, std::string field, std::string reason)>;

// Reports every problem of `candidate` to `error`. `sources` holds the assets the input
// changes; problems are only possible where the input changed something, since the current
// topology passed the same checks.
void ValidateTopology(const Topology& candidate, const SourceMap& sources, const ErrorSink& error);

}  // namespace gridline::topology

#endif  // GRIDLINE_TOPOLOGY_TOPOLOGY_VALIDATOR_H_
