// validated_layer.h: the one way the validated layer changes (docs/validated_layer.md). VEE and
// manual edits commit a set of validated slot values of one series, with the exceptions they
// open or update and the roll-up deltas they imply, in one atomic RocksDB batch with writers held
// off (Store::CommitExclusive): a reader sees all of it or none, and roll-ups on the validated
// layer are never stale nor ahead of the values.
//
// It is also the store's write listener, in front of the roll-up maintainer: a raw write into a
// processed slot makes the slot unprocessed again (its overlay entry and delta go, in the raw
// write's own batch), except for an `edited` slot, which keeps the edit.
//
// Thread-safety: Commit may be called from any thread; the listener methods run on the store's
// write leader. Both run with other writers held off, and mu_ guards the state they share.
#ifndef GRIDLINE_ENGINE_VALIDATED_LAYER_H_
#define GRIDLINE_ENGINE_VALIDATED_LAYER_H_

#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "rollup/rollup_maintainer.h"
#include "storage/store.h"
#include "storage/validated_layer.h"
#include "storage/write_listener.h"
#include "vee/vee_types.h"

namespace gridline::engine {

// One slot's validated value. quality kMissing: no value (value ignored).
struct ValidatedValue {
  int64_t slot = 0;
  int64_t value = 0;
  Quality quality = Quality::kActual;
  uint32_t origin_index = 0;  // into ValidatedCommit::origins
  // VEE plans on a snapshot: with check_raw the slot is committed only while its raw value is
  // still the one planned on (raw_has, raw_value) and no person has edited it since; otherwise
  // it is left as it is (ValidatedCommitResult::stale) for the next run.
  bool check_raw = false;
  bool raw_has = false;
  int64_t raw_value = 0;
};

struct ValidatedCommit {
  storage::SeriesId series = 0;
  // What made the values (at_us is set at commit). Kinds: kEdited with quality kEdited,
  // kEstimated with kEstimated, kValidated with kActual, kSuspect or kMissing.
  std::vector<storage::Origin> origins;
  std::vector<ValidatedValue> values;  // any order, one per slot
  // Exceptions opened or updated (matched by series, rule and range: exception_store.h). Their
  // meter_id and channel are the series'.
  std::vector<vee::VeeException> exceptions;
  std::string user = "vee";  // who opens or updates the exceptions
  // When supersede_to_s > supersede_from_s: the commit is VEE's whole finding over that range, so
  // VEE's exceptions of the series lying within it that the commit does not find again, and that
  // are still `open` or `estimated`, are deleted (a rule or method changed, or a late read cured
  // the failure). Exceptions a person accepted or edited stay.
  UnixSeconds supersede_from_s = 0;
  UnixSeconds supersede_to_s = 0;
};

struct ValidatedCommitResult {
  uint64_t changed = 0;    // slots whose validated value, quality or origin changed
  uint64_t unchanged = 0;  // slots already so (committing the same values again changes nothing)
  uint64_t exceptions_changed = 0;  // exception records created or updated (edits close theirs)
  uint64_t exceptions_deleted = 0;  // superseded exceptions removed (supersede_from_s)
  uint64_t stale = 0;  // check_raw slots skipped: a raw write or an edit came after the plan
  ValidatedCommitResult& operator+=(const ValidatedCommitResult& o) {
    changed += o.changed;
    unchanged += o.unchanged;
    exceptions_changed += o.exceptions_changed;
    exceptions_deleted += o.exceptions_deleted;
    stale += o.stale;
    return *this;
  }
};

// A status change of one exception (accept), by id (exception_store.h).
struct ExceptionStatusChange {
  std::string id;
  vee::ExceptionStatus status = vee::ExceptionStatus::kAccepted;
  std::string user;
  std::string reason;
};

class ValidatedLayer : public storage::WriteListener {
 public:
  // Loads which windows hold overlays and the next origin id; registers itself as `store`'s
  // write listener, forwarding to `rollups` (may be null: then no roll-ups are kept).
  // REQUIRES: no write has started yet.
  static absl::StatusOr<std::unique_ptr<ValidatedLayer>> Open(storage::Store* store,
                                                              rollup::RollupMaintainer* rollups);

  // Commits `commit` atomically (see the file comment). InvalidArgument for a bad value (two for
  // one slot, a slot outside the series' reads [min_slot, max_slot], a quality that does not go
  // with its origin, text over its bound) with nothing committed; the store's errors otherwise.
  absl::StatusOr<ValidatedCommitResult> Commit(const ValidatedCommit& commit)
      ABSL_LOCKS_EXCLUDED(mu_);
  // Commits several series' commits in one atomic batch (one write instead of one per series, for
  // `vee run`); the result is their sum. Any invalid commit fails the whole call, nothing
  // committed. REQUIRES: at most one commit per series.
  // `meta_puts` (key, value) go into the same batch (`vee run` keeps its checkpoint there).
  absl::StatusOr<ValidatedCommitResult> CommitMany(
      std::span<const ValidatedCommit> commits,
      std::span<const std::pair<std::string, std::string>> meta_puts = {}) ABSL_LOCKS_EXCLUDED(mu_);

  // Sets an exception's status with who and why. NotFound for an unknown id. Setting the status
  // it has with the same user and reason changes nothing.
  absl::Status ChangeExceptionStatus(const ExceptionStatusChange& change) ABSL_LOCKS_EXCLUDED(mu_);

  bool Wants(storage::SeriesId series, const storage::SeriesInfo& info) const override
      ABSL_LOCKS_EXCLUDED(mu_);
  void OnChanges(storage::SeriesId series, const storage::SeriesInfo& info,
                 std::span<const storage::SlotChange> changes) override ABSL_LOCKS_EXCLUDED(mu_);
  absl::Status OnGroupEnd(rocksdb::WriteBatch* batch) override ABSL_LOCKS_EXCLUDED(mu_);
  void OnGroupAbort() override ABSL_LOCKS_EXCLUDED(mu_);
  void OnExclusiveDone(bool committed) override;

 private:
  struct RawChange {
    storage::SeriesId series;
    storage::SlotChange change;
  };
  ValidatedLayer(storage::Store* store, rollup::RollupMaintainer* rollups)
      : store_(store), rollups_(rollups) {}
  absl::Status CheckCommit(const ValidatedCommit& commit) const;
  absl::Status CommitLocked(const ValidatedCommit& commit, rocksdb::WriteBatch* batch,
                            ValidatedCommitResult* result) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status UpsertExceptions(const ValidatedCommit& commit, const storage::SeriesInfo& info,
                                std::span<const ValidatedValue> edited, int64_t now_us,
                                rocksdb::WriteBatch* batch, ValidatedCommitResult* result)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status DeleteSuperseded(const ValidatedCommit& commit, const storage::ReadView& view,
                                rocksdb::WriteBatch* batch, ValidatedCommitResult* result)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The raw changes of one window of a group against its overlay.
  absl::Status ApplyRawChanges(storage::SeriesId series, uint32_t window,
                               std::span<const RawChange> changes, int64_t now_us,
                               rocksdb::WriteBatch* batch) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  storage::Store* const store_;
  rollup::RollupMaintainer* const rollups_;
  mutable absl::Mutex mu_;
  // (series << 32 | window) of every overlay chunk, and the series that have one: a raw write
  // elsewhere costs one lookup. Grows with commits; an overlay that empties stays listed until
  // the store reopens (a lookup more, never a missed overlay).
  absl::flat_hash_set<uint64_t> overlay_windows_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<storage::SeriesId> overlay_series_ ABSL_GUARDED_BY(mu_);
  // Origin ids and history sequence numbers, one counter.
  uint64_t next_id_ ABSL_GUARDED_BY(mu_) = 1;
  // The raw changes of the current write group that land in overlay windows.
  std::vector<RawChange> raw_changes_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gridline::engine

#endif  // GRIDLINE_ENGINE_VALIDATED_LAYER_H_
