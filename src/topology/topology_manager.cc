// topology_manager.cc: loading, validating and committing the topology (topology_manager.h).
#include "topology/topology_manager.h"

#include "common/status_macros.h"
#include "fmt/format.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/rocks_status.h"
#include "topology/topology_record.h"

namespace gridline::topology {

using storage::AssetId;

absl::StatusOr<std::unique_ptr<TopologyManager>> TopologyManager::Load(storage::Store* store) {
  std::unique_ptr<TopologyManager> m(new TopologyManager(store));
  std::vector<std::shared_ptr<const AssetInfo>> assets;
  absl::Status bad;
  const storage::Catalog& catalog = store->catalog();
  std::unique_ptr<storage::ReadView> view = store->NewReadView();
  GL_RETURN_IF_ERROR(
      view->ForEachMeta(kTopologyKeyPrefix, [&](std::string_view key, std::string_view value) {
        if (!bad.ok()) return;
        AssetId id = 0;
        if (!ParseTopologyRecordKey(key, &id)) {
          bad = absl::DataLossError(fmt::format("malformed topology key of {} bytes", key.size()));
          return;
        }
        absl::StatusOr<AssetInfo> a = DecodeAssetRecord(id, value);
        if (!a.ok()) {
          bad = a.status();
          return;
        }
        if (id > catalog.asset_count() || catalog.AssetExternalId(id) != a->external_id) {
          bad = absl::DataLossError(fmt::format(
              "topology record of asset {} ('{}') does not match the catalog", id, a->external_id));
          return;
        }
        assets.push_back(std::make_shared<const AssetInfo>(*std::move(a)));
      }));
  GL_RETURN_IF_ERROR(bad);
  std::shared_ptr<const Topology> t = Topology::Create(std::move(assets));
  absl::Status missing;
  t->ForEach([&](const AssetInfo& a) {
    for (const ParentPeriod& p : a.parents) {
      if (missing.ok() && p.parent != 0 && t->Find(p.parent) == nullptr) {
        missing = absl::DataLossError(
            fmt::format("topology: the parent {} of '{}' has no record", p.parent, a.external_id));
      }
    }
  });
  GL_RETURN_IF_ERROR(missing);
  absl::MutexLock l(&m->mu_);
  m->current_ = std::move(t);
  return m;
}

std::shared_ptr<const Topology> TopologyManager::current() const {
  absl::MutexLock l(&mu_);
  if (current_ == nullptr) return std::make_shared<const Topology>();
  return current_;
}

void TopologyManager::SetChangeHook(ChangeHook hook) {
  absl::MutexLock l(&apply_mu_);
  hook_ = std::move(hook);
}

ImportTopologyReport TopologyManager::Report(const TopologyInput& input, const TopologyPlan& plan) {
  ImportTopologyReport r;
  r.file = input.file;
  r.records = input.records;
  r.added = plan.counts.added;
  r.updated = plan.counts.updated;
  r.moved = plan.counts.moved;
  r.unchanged = plan.counts.unchanged;
  r.routes = plan.counts.routes;
  r.errors = plan.errors;
  r.error_count = plan.error_count;
  return r;
}

ImportTopologyReport TopologyManager::Check(const TopologyInput& input) const {
  const std::shared_ptr<const Topology> before = current();
  return Report(input, PlanTopologyChange(input, *before, &store_->catalog()));
}

absl::StatusOr<ImportTopologyReport> TopologyManager::Apply(const TopologyInput& input) {
  absl::MutexLock l(&apply_mu_);
  const std::shared_ptr<const Topology> before = current();
  TopologyPlan plan = PlanTopologyChange(input, *before, &store_->catalog());
  ImportTopologyReport report = Report(input, plan);
  if (!plan.ok() || plan.changes.empty()) return report;

  std::shared_ptr<const Topology> after;
  // The fill below runs inside CommitExclusive on this thread; it calls a copy of the hook, so
  // it touches no member that apply_mu_ guards.
  const ChangeHook hook = hook_;
  GL_RETURN_IF_ERROR(store_->CommitExclusive([&](rocksdb::WriteBatch* batch) -> absl::Status {
    // New catalog entries join this batch (the store adds the catalog's pending records).
    after = AssignIds(*before, &store_->catalog(), &plan);
    for (const AssetInfo& a : plan.changes) {
      const std::string key = TopologyRecordKey(a.id);
      const std::string value = EncodeAssetRecord(a);
      GL_RETURN_IF_ERROR(storage::FromRocks(
          batch->Put(store_->meta_cf(), rocksdb::Slice(key), rocksdb::Slice(value)),
          "adding a topology record"));
    }
    if (hook) GL_RETURN_IF_ERROR(hook(*before, *after, batch));
    return absl::OkStatus();
  }));
  absl::MutexLock swap(&mu_);
  current_ = std::move(after);
  return report;
}

}  // namespace gridline::topology
