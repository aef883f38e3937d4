// engine.h: a gridline database as commands and the server open it: the store, the grid
// topology that places meters, and the roll-up maintainer listening to the store's writes with
// the placement that topology implies. A topology change moves the roll-ups of the meters it
// moves in the same atomic commit (docs/rollups.md). Everything that writes readings or topology
// opens an Engine, never a bare Store, so roll-ups can never miss a write.
//
// Thread-safety: as Store; the accessors may be called from any thread.
#ifndef GRIDLINE_ENGINE_ENGINE_H_
#define GRIDLINE_ENGINE_ENGINE_H_

#include <memory>
#include <span>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "engine/jobs.h"
#include "engine/validated_layer.h"
#include "rollup/rollup_maintainer.h"
#include "rollup/rollup_recompute.h"
#include "storage/store.h"
#include "topology/geo_index.h"
#include "topology/topology_manager.h"

namespace gridline::engine {

class Engine {
 public:
  // Opens the store at options.path (see Store::Open), loads its topology and, unless
  // read-only, attaches the roll-up maintainer with the topology's placement.
  static absl::StatusOr<std::unique_ptr<Engine>> Open(const storage::StoreOptions& options);
  ~Engine();

  storage::Store* store() { return store_.get(); }
  const storage::Store& store() const { return *store_; }
  // nullptr when the store is open read-only.
  rollup::RollupMaintainer* rollups() { return rollups_.get(); }
  // Read-only: a change goes through ApplyTopology, which the change hook relies on.
  const topology::TopologyManager& topology() const { return *topology_; }
  std::shared_ptr<const topology::Topology> current_topology() const {
    return topology_->current();
  }
  // The spatial index of the current topology, built on first use after each change.
  std::shared_ptr<const topology::GeoIndex> geo() ABSL_LOCKS_EXCLUDED(geo_mu_);
  Jobs& jobs() { return jobs_; }

  // The validated layer (validated_layer.h): VEE's and users' values over the raw ones, the
  // exceptions, and the one commit that changes them. nullptr when the store is open read-only.
  ValidatedLayer* validated() { return validated_.get(); }
  // Commits validated values with their exceptions and roll-up deltas, atomically
  // (ValidatedLayer::Commit). FailedPrecondition when read-only.
  absl::StatusOr<ValidatedCommitResult> CommitValidated(const ValidatedCommit& commit);
  // Several series' commits in one atomic batch (ValidatedLayer::CommitMany).
  absl::StatusOr<ValidatedCommitResult> CommitValidatedMany(
      std::span<const ValidatedCommit> commits,
      std::span<const std::pair<std::string, std::string>> meta_puts = {});

  // Applies a topology import (TopologyManager::Apply), moving roll-ups; `progress` (may be
  // null) hears the meters moved so far.
  absl::StatusOr<topology::ImportTopologyReport> ApplyTopology(const topology::TopologyInput& input,
                                                               JobProgress* progress)
      ABSL_LOCKS_EXCLUDED(apply_mu_);

  // Recomputes, from the readings that remain, the roll-ups above the readings a repair set aside
  // (the records Store::Repair leaves, storage/rollup_recompute_record.h), at the placement valid
  // at each reading's time, and deletes those records: one atomic commit with writers held off
  // (Store::CommitExclusive). OK with zero stats when no record is pending. FailedPrecondition
  // when the engine keeps no roll-ups (read-only).
  absl::StatusOr<rollup::RecomputeStats> RecomputeRepairedRollups() ABSL_LOCKS_EXCLUDED(apply_mu_);

 private:
  Engine() = default;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<rollup::RollupMaintainer> rollups_;
  std::unique_ptr<ValidatedLayer> validated_;
  std::unique_ptr<topology::TopologyManager> topology_;
  Jobs jobs_;
  absl::Mutex apply_mu_;  // one topology change at a time; guards progress_
  JobProgress* progress_ ABSL_GUARDED_BY(apply_mu_) = nullptr;
  absl::Mutex geo_mu_;
  std::shared_ptr<const topology::Topology> geo_topology_ ABSL_GUARDED_BY(geo_mu_);
  std::shared_ptr<const topology::GeoIndex> geo_ ABSL_GUARDED_BY(geo_mu_);
};

}  // namespace gridline::engine

#endif  // GRIDLINE_ENGINE_ENGINE_H_
