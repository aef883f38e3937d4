// store.h: gridline's embedded store of interval data. RocksDB is the substrate (write-ahead
// log, crash safety, compaction, snapshots); chunks, the write path and the catalog are ours
// (docs/design.md "Storage", docs/chunk_format.md).
//
// Column families: catalog (assets, series, batches), chunks (raw layer), versions (superseded
// raw values), audit (the change trail), meta (records of subsystems above the store: topology,
// tokens; keys start with the subsystem's prefix), rollups (sums along the grid, rollup_block.h).
//
// Writes go through a group-commit queue: concurrent Write calls are folded into one RocksDB
// WriteBatch, synced once, and every caller returns only when its readings are durable. Reads
// take a ReadView, a snapshot that concurrent writes do not disturb.
//
// Thread-safety: every method may be called from any thread.
#ifndef GRIDLINE_STORAGE_STORE_H_
#define GRIDLINE_STORAGE_STORE_H_

#include <atomic>
#include <bitset>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "storage/catalog.h"
#include "storage/chunk.h"
#include "storage/disk_space.h"
#include "storage/store_check.h"
#include "storage/write_request.h"

namespace rocksdb {
struct ColumnFamilyOptions;
class DB;
class ColumnFamilyHandle;
class Snapshot;
class Cache;
class WriteBatch;
}  // namespace rocksdb

namespace gridline::storage {

struct StoreOptions {
  std::string path;
  // Open an existing store without writing to it (queries). Another process may hold it for
  // writing; the view is the state at open.
  bool read_only = false;
  // Uncompressed-block cache shared by all column families.
  size_t block_cache_bytes = size_t{64} << 20;
  // Free space kept on the data directory's disk beyond what RocksDB's next flush and
  // compactions need; a write that would eat into it is refused as disk full (disk_space.h).
  // GRIDLINE_DISK_RESERVE_MB overrides it.
  uint64_t disk_reserve_bytes = kDefaultDiskReserveBytes;
};

class ReadView;
class WriteListener;
class DamageListener;

// A superseded raw value of a slot.
struct Version {
  int64_t slot = 0;
  int64_t value = 0;
  Quality quality = Quality::kActual;
  BatchId batch = 0;
  uint64_t sequence = 0;  // order in which versions were superseded
};

class Store {
 public:
  // Opens (creating when missing, unless read_only) the store at options.path.
  // FailedPrecondition when another process holds it for writing; DataLoss when it is corrupt.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  Catalog& catalog() { return catalog_; }
  const Catalog& catalog() const { return catalog_; }
  const std::string& path() const { return path_; }

  // A new arrival batch (an import, an API request) starting now.
  BatchId NewBatch(std::string source);

  // Stores request->readings durably and fills request->counts. Unavailable "disk full: ..."
  // (disk_space.h) when the disk lacks the room to make them durable safely: nothing of the
  // group is stored, and a later call succeeds once space is freed. Returns once the write-ahead
  // log holding them is synced. Concurrent calls share one sync (group commit). A slot already
  // holding the same value is a duplicate (nothing written); a different value becomes the
  // slot's latest raw version, and the one it replaces is kept in `versions` with an audit record.
  // Readings that land in a window whose stored chunk cannot be read (damage) are not stored and
  // are listed in request->damaged (write_request.h); the rest of the request, and of its group,
  // is stored.
  // REQUIRES: every reading's series exists and its slot >= 0.
  absl::Status Write(WriteRequest* request) ABSL_LOCKS_EXCLUDED(write_mu_);

  // OK when a write of `series` into `window` would not meet damage: its stored chunk reads and
  // decodes, or the window lies outside the series' stored range (a write does not read it
  // then); DataLoss when it is damaged (Write refuses readings there). For --strict imports,
  // which must refuse such input before they store anything.
  absl::Status CheckWindowReadable(SeriesId series, uint32_t window) const;

  // Deletes the values of `series` in [from_slot, to_slot), keeping each as a version, with one
  // audit record; returns how many were deleted. Durable on return.
  absl::StatusOr<uint64_t> DeleteRange(SeriesId series, int64_t from_slot, int64_t to_slot)
      ABSL_LOCKS_EXCLUDED(write_mu_);

  // Folds the merge operands of every window written since the last fold into whole chunks (in
  // parallel, each encoded once with the best codec), then flushes memtables and compacts every
  // column family, so that the directory holds only sorted, fully merged data and no write-ahead
  // log to replay. Writers wait while it runs.
  absl::Status FlushAndCompact() ABSL_LOCKS_EXCLUDED(write_mu_);

  std::unique_ptr<ReadView> NewReadView() const;

  // Holds every writer off, calls fill(batch), and commits what it added (with the catalog's
  // pending records) durably and atomically. fill may read the store; it runs on the calling
  // thread and must not call Write. Nothing is written when fill fails.
  // For changes above the store that must be atomic with derived data (a topology change and
  // the roll-ups it moves, a new token). The write listener hears OnExclusiveDone before
  // writers resume.
  absl::Status CommitExclusive(const std::function<absl::Status(rocksdb::WriteBatch*)>& fill)
      ABSL_LOCKS_EXCLUDED(write_mu_);

  // The write leader reports every change of stored values to `listener` (write_listener.h).
  // Set once, before the first write; the listener must outlive the store's writes.
  void SetWriteListener(WriteListener* listener) { listener_ = listener; }

  // Verifies every table file and every record (store_check.h): DataLoss is not returned for
  // damage, which the report lists; an error only when the check itself could not run.
  absl::StatusOr<CheckReport> Check() const;

  // Sets the damage a check finds aside in path()/quarantine/STAMP/ and rebuilds each damaged
  // column family from what is readable (store_check.h), so that a check afterwards finds the
  // store whole. Writers wait while it runs. Does nothing when the store is whole.
  // FailedPrecondition when read-only; Unavailable when the disk lacks room for the rebuild.
  absl::StatusOr<RepairReport> Repair();

  // Lines that describe `report` for people: one per damaged file and range, meters named.
  std::vector<std::string> DescribeDamage(const CheckReport& report) const;

  // The first damage (a corrupt table) that background work met since open, or empty. Writes go
  // on regardless (damage_listener.h); `gridline check` lists what is affected.
  std::string damage() const;

  // Whether the validated layer has an overlay chunk (docs/validated_layer.md): read at open,
  // set by the validated layer before it commits one. While false, validated reads are raw reads
  // and cost nothing more.
  bool has_overlay() const { return has_overlay_.load(std::memory_order_acquire); }
  void NoteOverlay() { has_overlay_.store(true, std::memory_order_release); }

  // Handles for subsystems that keep their own records in the store.
  rocksdb::DB* db() const { return db_.get(); }
  rocksdb::ColumnFamilyHandle* meta_cf() const { return meta_cf_; }
  rocksdb::ColumnFamilyHandle* rollups_cf() const { return rollups_cf_; }

  // OK when the data directory's disk has room for a write of `write_bytes` on top of the
  // reserve and what RocksDB's pending flushes and compactions need; else the disk-full error
  // naming `what`. Checked before every commit; cheap (one statvfs and two properties).
  absl::Status CheckDiskSpace(uint64_t write_bytes, const std::string& what) const;

  // The size of the store at `path` as docs/conventions.md counts it: every file in its directory
  // (`du -sb`), logs, manifests, versions and audit included. 0 when there is none.
  static uint64_t DiskBytes(const std::string& path);

 private:
  friend class ReadView;
  struct Writer;
  Store() = default;
  // Applies one group of writes as one atomic, synced batch. Runs on the leader, unlocked.
  absl::Status ApplyGroup(const std::vector<WriteRequest*>& requests);
  // The options a column family is opened with, by name (store.cc), and its handle's member.
  rocksdb::ColumnFamilyOptions OptionsOf(const std::string& cf_name) const;
  rocksdb::ColumnFamilyHandle** HandleOf(const std::string& cf_name);
  std::vector<rocksdb::ColumnFamilyHandle*> AllHandles() const;
  // Waits (releasing write_mu_ meanwhile) until no writer is queued or leading: the prologue of
  // everything that must not interleave with a write group (fold, exclusive commits, repair,
  // deletion). A writer queued later waits for write_mu_.
  void AwaitNoWriters() ABSL_EXCLUSIVE_LOCKS_REQUIRED(write_mu_);
  // Replaces the layers of each dirty window by one chunk. REQUIRES: no write in flight.
  absl::Status FoldDirtyWindows();

  std::string path_;
  bool read_only_ = false;
  uint64_t disk_reserve_bytes_ = kDefaultDiskReserveBytes;
  std::unique_ptr<rocksdb::DB> db_;
  std::shared_ptr<rocksdb::Cache> cache_;
  std::shared_ptr<DamageListener> damage_;
  rocksdb::ColumnFamilyHandle* default_cf_ = nullptr;
  rocksdb::ColumnFamilyHandle* catalog_cf_ = nullptr;
  rocksdb::ColumnFamilyHandle* chunks_cf_ = nullptr;
  rocksdb::ColumnFamilyHandle* versions_cf_ = nullptr;
  rocksdb::ColumnFamilyHandle* audit_cf_ = nullptr;
  rocksdb::ColumnFamilyHandle* meta_cf_ = nullptr;
  rocksdb::ColumnFamilyHandle* rollups_cf_ = nullptr;
  WriteListener* listener_ = nullptr;
  Catalog catalog_;
  std::atomic<uint64_t> next_sequence_{1};  // audit and version sequence numbers
  std::atomic<bool> has_overlay_{false};

  absl::Mutex write_mu_;
  std::deque<Writer*> writers_ ABSL_GUARDED_BY(write_mu_);
  // Chunk keys (series << 32 | window) that got merge operands since the last fold. Touched only
  // by the write leader, or by FlushAndCompact while it holds write_mu_ with no writer queued.
  absl::flat_hash_set<uint64_t> dirty_windows_;
  // Slots present in windows that writes had to check (late data), same key and same rule as
  // dirty_windows_: read once from the store, then kept up to date by the leader, so a window
  // that gets late rows every day is read once per fold. Cleared when it would exceed the cap.
  static constexpr size_t kMaxPresenceEntries = 128 * 1024;  // 64 MiB of bitsets
  absl::flat_hash_map<uint64_t, std::unique_ptr<std::bitset<kWindowSlots>>> presence_;
};

// A consistent snapshot of the store for reads. Cheap to create; release it when done.
class ReadView {
 public:
  ~ReadView();

  // Calls visit(window, chunk) for every chunk of `series` that overlaps [from_slot, to_slot),
  // in time order (the chunk holds its whole window; the caller clips). DataLoss when a chunk is
  // corrupt: nothing after it is visited.
  absl::Status ForEachChunk(SeriesId series, int64_t from_slot, int64_t to_slot,
                            const std::function<void(uint32_t window, const Chunk&)>& visit) const;

  // As ForEachChunk, on the validated layer (validated_layer.h): every window of `series`
  // overlapping the range that holds raw values or processed slots, the overlay merged over the
  // raw chunk; origins[i] is the origin id of chunk slot i (0: the raw value, unprocessed), and
  // origins is empty for a window without processed slots.
  // A store without an overlay costs one seek more than ForEachChunk.
  absl::Status ForEachValidatedChunk(
      SeriesId series, int64_t from_slot, int64_t to_slot,
      const std::function<void(uint32_t window, const Chunk&, std::span<const uint32_t> origins)>&
          visit) const;

  // The overlay chunks of `series` in windows [first_window, last_window], in window order.
  absl::Status ForEachOverlay(
      SeriesId series, uint32_t first_window, uint32_t last_window,
      const std::function<void(uint32_t window, const Chunk&)>& visit) const;

  // Superseded raw values of `series` in [from_slot, to_slot), by slot then age.
  absl::Status ForEachVersion(SeriesId series, int64_t from_slot, int64_t to_slot,
                              const std::function<void(const Version&)>& visit) const;

  // Count and sum of every stored value of series in [first_series, end_series): the full
  // scan kernel (it decodes every chunk and verifies every checksum).
  absl::Status SumAll(SeriesId first_series, SeriesId end_series, uint64_t* count,
                      int64_t* sum) const;

  // Calls visit(key, value) for every record of the meta column family whose key starts with
  // `prefix`, in key order.
  absl::Status ForEachMeta(
      std::string_view prefix,
      const std::function<void(std::string_view key, std::string_view value)>& visit) const;

  // As ForEachMeta, from the first key at or after `start` (inside the prefix), until visit
  // returns false.
  absl::Status ScanMeta(
      std::string_view prefix, std::string_view start,
      const std::function<bool(std::string_view key, std::string_view value)>& visit) const;

  // The snapshot, for subsystems that read their own column families (roll-ups).
  const rocksdb::Snapshot* snapshot() const { return snapshot_; }
  const Store& store() const { return *store_; }

 private:
  friend class Store;
  explicit ReadView(const Store* store);
  const Store* store_;
  const rocksdb::Snapshot* snapshot_;
};

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_STORE_H_
