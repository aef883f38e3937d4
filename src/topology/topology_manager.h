// topology_manager.h: owns the grid model of a store: loads it from the store's `meta` column
// family, hands out the current immutable snapshot, and applies imports all-or-nothing.
//
// Apply(input) plans the change (topology_plan.h: merge, resolve, validate the whole result),
// and only when the plan has no error commits it through Store::CommitExclusive: with every
// writer held off, one durable WriteBatch holds the changed asset records, the catalog entries
// of assets new to the catalog, and whatever the change hook adds (the roll-ups a move shifts).
// Then the new snapshot replaces the current one. One error anywhere, or a failing hook or
// write, and nothing is applied.
//
// Thread-safety: current() may be called from any thread at any time; Apply calls are
// serialised. Set the hook before the first Apply.
#ifndef GRIDLINE_TOPOLOGY_TOPOLOGY_MANAGER_H_
#define GRIDLINE_TOPOLOGY_TOPOLOGY_MANAGER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "storage/store.h"
#include "topology/topology.h"
#include "topology/topology_input.h"
#include "topology/topology_plan.h"

namespace rocksdb {
class WriteBatch;
}  // namespace rocksdb

namespace gridline::topology {

struct ImportTopologyReport {
  std::string file;
  uint64_t records = 0;  // data rows or features read
  // Each asset the input names counts once (topology_plan.h).
  uint64_t added = 0;
  uint64_t updated = 0;
  uint64_t moved = 0;
  uint64_t unchanged = 0;
  uint64_t routes = 0;
  // Non-empty: the input was refused and nothing was applied. The first kMaxKeptErrors.
  std::vector<TopologyError> errors;
  uint64_t error_count = 0;
  bool applied() const { return error_count == 0; }
};

class TopologyManager {
 public:
  // Called inside the commit, after the topology records were added to `batch`, with the
  // snapshot before and the one after the change (the ids of new assets are final). What it
  // adds to `batch` commits atomically with the topology; a non-OK status aborts the whole
  // change (nothing is written, the current snapshot stays). It runs with every store writer
  // held off: it may read the store, and must not call Store::Write or Apply.
  using ChangeHook = std::function<absl::Status(const Topology& before, const Topology& after,
                                                rocksdb::WriteBatch* batch)>;

  // Reads the topology records of `store` (which must outlive the manager). DataLoss when a
  // record is malformed, names an id the catalog does not have (or another external id), or a
  // parent that is not in the topology.
  static absl::StatusOr<std::unique_ptr<TopologyManager>> Load(storage::Store* store);

  // The current snapshot; never null (empty before any import).
  std::shared_ptr<const Topology> current() const ABSL_LOCKS_EXCLUDED(mu_);

  // Set before the first Apply; an empty function removes the hook.
  void SetChangeHook(ChangeHook hook) ABSL_LOCKS_EXCLUDED(apply_mu_);

  // Validates `input` against itself and the current topology and, when it is right, applies it
  // (see the file comment). Input errors are in the report (applied() false, nothing written);
  // the Status fails only when the change could not be committed (the hook's or the store's
  // error), and then nothing was applied either. When nothing changes (the same file again),
  // nothing is written and the hook is not called.
  absl::StatusOr<ImportTopologyReport> Apply(const TopologyInput& input)
      ABSL_LOCKS_EXCLUDED(apply_mu_);

  // What Apply would report, without writing anything.
  ImportTopologyReport Check(const TopologyInput& input) const;

 private:
  explicit TopologyManager(storage::Store* store) : store_(store) {}
  static ImportTopologyReport Report(const TopologyInput& input, const TopologyPlan& plan);

  storage::Store* const store_;
  absl::Mutex apply_mu_;  // serialises Apply
  ChangeHook hook_ ABSL_GUARDED_BY(apply_mu_);
  mutable absl::Mutex mu_;
  std::shared_ptr<const Topology> current_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gridline::topology

#endif  // GRIDLINE_TOPOLOGY_TOPOLOGY_MANAGER_H_
