#include "engine/engine.h"

#include <cstdlib>
#include <string_view>

#include "common/status_macros.h"
#include "rocksdb/write_batch.h"
#include "rollup/placement_builder.h"
#include "storage/batch_errors.h"
#include "storage/rollup_recompute_record.h"

namespace gridline::engine {

absl::StatusOr<std::unique_ptr<Engine>> Engine::Open(const storage::StoreOptions& options) {
  std::unique_ptr<Engine> e(new Engine());
  GL_ASSIGN_OR_RETURN(e->store_, storage::Store::Open(options));
  GL_ASSIGN_OR_RETURN(e->topology_, topology::TopologyManager::Load(e->store_.get()));
  // GRIDLINE_UNSAFE_NO_ROLLUPS=1 leaves roll-ups out of writes: only for `bench grid`, which
  // measures what keeping them costs on a throwaway store (its roll-ups are then wrong).
  const char* no_rollups = std::getenv("GRIDLINE_UNSAFE_NO_ROLLUPS");
  if (options.read_only) return e;
  if (no_rollups != nullptr && std::string_view(no_rollups) == "1") {
    GL_ASSIGN_OR_RETURN(e->validated_, ValidatedLayer::Open(e->store_.get(), nullptr));
    return e;
  }
  e->rollups_ = std::make_unique<rollup::RollupMaintainer>(e->store_.get());
  GL_ASSIGN_OR_RETURN(e->validated_, ValidatedLayer::Open(e->store_.get(), e->rollups_.get()));
  e->rollups_->SetPlacement(rollup::BuildPlacement(*e->topology_->current()));
  Engine* self = e.get();
  e->topology_->SetChangeHook([self](const topology::Topology& /*before*/,
                                     const topology::Topology& after,
                                     rocksdb::WriteBatch* batch) -> absl::Status {
    // Runs inside CommitExclusive (writers held off) and under apply_mu_: ApplyTopology is the
    // only way to Apply (topology() is const).
    self->apply_mu_.AssertHeld();
    std::shared_ptr<const rollup::Placement> next = rollup::BuildPlacement(after);
    auto view = self->store_->NewReadView();
    JobProgress* progress = self->progress_;
    GL_RETURN_IF_ERROR(self->rollups_->MoveForPlacement(
        *view, *self->rollups_->placement(), *next, batch, [progress](size_t done, size_t total) {
          if (progress != nullptr && (done % 256 == 0 || done == total)) progress->Set(done, total);
        }));
    self->rollups_->StagePlacement(std::move(next));
    return absl::OkStatus();
  });
  return e;
}

Engine::~Engine() {
  jobs_.WaitIdle();
  topology_.reset();
  // The store goes before the listener: it may still call it while it closes.
  store_.reset();
  validated_.reset();
  rollups_.reset();
}

absl::StatusOr<topology::ImportTopologyReport> Engine::ApplyTopology(
    const topology::TopologyInput& input, JobProgress* progress) {
  absl::MutexLock l(&apply_mu_);
  progress_ = progress;
  absl::StatusOr<topology::ImportTopologyReport> report = topology_->Apply(input);
  progress_ = nullptr;
  return report;
}

absl::StatusOr<rollup::RecomputeStats> Engine::RecomputeRepairedRollups() {
  if (rollups_ == nullptr) {
    return absl::FailedPreconditionError("roll-ups are not kept by this engine (read-only)");
  }
  // One topology change or recompute at a time: the placement read below stays current.
  absl::MutexLock l(&apply_mu_);
  rollup::RecomputeStats stats;
  GL_RETURN_IF_ERROR(store_->CommitExclusive([&](rocksdb::WriteBatch* batch) -> absl::Status {
    auto view = store_->NewReadView();
    bool all = false;
    std::vector<rollup::SeriesRange> changed;
    std::vector<std::string> records;
    absl::Status decode;
    GL_RETURN_IF_ERROR(view->ForEachMeta(
        storage::kRollupRecomputePrefix, [&](std::string_view key, std::string_view value) {
          storage::RollupRecompute r;
          if (absl::Status s = storage::DecodeRollupRecompute(value, &r); !s.ok()) {
            if (decode.ok()) decode = s;
            return;
          }
          records.emplace_back(key);
          all |= r.all;
          for (const storage::SetAsideRange& range : r.ranges) {
            if (range.series < 1 || range.series > store_->catalog().series_count()) continue;
            const int64_t interval = store_->catalog().GetSeries(range.series).interval_s;
            auto time_of = [interval](int64_t slot) {
              return slot > INT64_MAX / interval ? INT64_MAX : slot * interval;
            };
            changed.push_back(rollup::SeriesRange{range.series, time_of(range.from_slot),
                                                  time_of(range.to_slot)});
          }
        }));
    GL_RETURN_IF_ERROR(decode);
    if (records.empty()) return absl::OkStatus();
    const rollup::Placement& placement = *rollups_->placement();
    if (all) {
      GL_RETURN_IF_ERROR(rollup::RecomputeAllRollups(*view, placement, batch, &stats));
    } else {
      GL_RETURN_IF_ERROR(rollup::RecomputeRollups(*view, placement, changed, batch, &stats));
    }
    storage::BatchErrors errors;
    for (const std::string& key : records) errors.Keep(batch->Delete(store_->meta_cf(), key));
    return errors.Check("dropping the repair's roll-up records");
  }));
  return stats;
}

absl::StatusOr<ValidatedCommitResult> Engine::CommitValidated(const ValidatedCommit& commit) {
  if (validated_ == nullptr) return absl::FailedPreconditionError("store is open read-only");
  // A topology change moves the delta roll-ups too: not at the same time as a commit.
  absl::MutexLock l(&apply_mu_);
  return validated_->Commit(commit);
}

absl::StatusOr<ValidatedCommitResult> Engine::CommitValidatedMany(
    std::span<const ValidatedCommit> commits,
    std::span<const std::pair<std::string, std::string>> meta_puts) {
  if (validated_ == nullptr) return absl::FailedPreconditionError("store is open read-only");
  absl::MutexLock l(&apply_mu_);
  return validated_->CommitMany(commits, meta_puts);
}

std::shared_ptr<const topology::GeoIndex> Engine::geo() {
  std::shared_ptr<const topology::Topology> current = topology_->current();
  absl::MutexLock l(&geo_mu_);
  if (geo_ == nullptr || geo_topology_ != current) {
    geo_ = std::make_shared<const topology::GeoIndex>(*current);
    geo_topology_ = std::move(current);
  }
  return geo_;
}

}  // namespace gridline::engine
