// topology_plan.h: what importing a topology input would do to the current topology, worked
// out without touching the store: the rows of each asset merged into one definition, parents
// resolved, the records that would change, and the validation of the whole result
// (topology_validator.h). TopologyManager::Apply commits a plan without errors.
//
// Merging rules (docs/topology.md "Import semantics"):
// - Rows of one asset with different valid_from are its parent periods. Two rows with the same
//   valid_from must be identical (an exact repeat is ignored), else they are duplicates.
// - All rows of an asset agree on its kind; any other field, where two rows both give it, must
//   agree too.
// - A field left empty keeps what the topology holds (or the default for a new asset); a given
//   field replaces it. Free attributes are set one by one the same way. Routes given for an
//   asset replace its routes.
// - A row's parent period is set at its valid_from (kBeginningOfTime when none): a new start is
//   a move; the same start with another parent is an update. Periods not named stay.
// - An asset is counted once: added (not in the topology before; a meter that reads created in
//   the catalog is added, keeping its catalog id), else moved (a new period), else updated
//   (anything else differs), else unchanged.
#ifndef GRIDLINE_TOPOLOGY_TOPOLOGY_PLAN_H_
#define GRIDLINE_TOPOLOGY_TOPOLOGY_PLAN_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "storage/catalog.h"
#include "topology/asset.h"
#include "topology/topology.h"
#include "topology/topology_input.h"

namespace gridline::topology {

struct ChangeCounts {
  uint64_t added = 0;
  uint64_t updated = 0;
  uint64_t moved = 0;
  uint64_t unchanged = 0;
  uint64_t routes = 0;  // lines of route geometry in the input
};

struct TopologyPlan {
  // Input and validation errors (the first kMaxKeptErrors); any error means nothing applies.
  std::vector<TopologyError> errors;
  uint64_t error_count = 0;
  ChangeCounts counts;
  // The records that change, as they would be stored. An asset the catalog does not know yet
  // has a provisional id >= first_provisional_id, to be replaced by the id the catalog gives it
  // (parents referring to it as well): see AssignIds().
  std::vector<AssetInfo> changes;
  storage::AssetId first_provisional_id = 1;
  // The topology after the change, with provisional ids; set when there are no errors and
  // something changes.
  std::shared_ptr<const Topology> candidate;

  bool ok() const { return error_count == 0; }
};

// Plans applying `input` to `current`. `catalog` (may be null in tests) gives the ids of assets
// that reads created before the topology placed them.
TopologyPlan PlanTopologyChange(const TopologyInput& input, const Topology& current,
                                const storage::Catalog* catalog);

// Replaces provisional ids in plan->changes by catalog ids (FindOrAddAsset, which may add them
// to the catalog) and returns the snapshot `current` becomes with the changes.
// REQUIRES: plan->ok() and plan->changes is not empty.
std::shared_ptr<const Topology> AssignIds(const Topology& current, storage::Catalog* catalog,
                                          TopologyPlan* plan);

// "line 12", "feature 3" or "the file": where a row came from, for messages.
std::string DescribeSource(const SourceRef& s);

}  // namespace gridline::topology

#endif  // GRIDLINE_TOPOLOGY_TOPOLOGY_PLAN_H_
