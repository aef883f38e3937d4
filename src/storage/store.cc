#include "storage/store.h"

#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "common/status_macros.h"
#include "fmt/format.h"
#include "rocksdb/cache.h"
#include "rocksdb/db.h"
#include "rocksdb/options.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"
#include "storage/batch_errors.h"
#include "storage/chunk_merge_operator.h"
#include "storage/damage_listener.h"
#include "storage/keys.h"
#include "storage/rocks_status.h"
#include "storage/rollup_merge_operator.h"
#include "storage/validated_layer.h"
#include "storage/write_listener.h"

namespace gridline::storage {

namespace {

constexpr const char* kCatalogCf = "catalog";
constexpr const char* kChunksCf = "chunks";
constexpr const char* kVersionsCf = "versions";
constexpr const char* kAuditCf = "audit";
constexpr const char* kMetaCf = "meta";
constexpr const char* kRollupsCf = "rollups";

rocksdb::BlockBasedTableOptions TableOptions(const std::shared_ptr<rocksdb::Cache>& cache,
                                             size_t block_size) {
  rocksdb::BlockBasedTableOptions t;
  t.block_cache = cache;
  t.block_size = block_size;
  t.format_version = 5;
  t.checksum = rocksdb::kXXH3;
  // Chunks are found by seeking (series, window); a bloom filter would cost more bytes per chunk
  // than it saves in reads, so there is none.
  t.filter_policy = nullptr;
  t.whole_key_filtering = false;
  return t;
}

rocksdb::ColumnFamilyOptions ChunksOptions(const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions o;
  o.merge_operator = NewChunkMergeOperator();
  // Chunk values are already entropy coded: block compression would spend CPU for nothing.
  o.compression = rocksdb::kNoCompression;
  o.bottommost_compression = rocksdb::kNoCompression;
  // Large enough that a bulk import's operands usually stay in memory until the fold replaces
  // them, and are never flushed at all (store_fold.cc).
  o.write_buffer_size = size_t{128} << 20;
  o.max_write_buffer_number = 2;
  // Memtables grow in blocks of this size (default: an eighth of the write buffer, 16 MiB): the
  // free-space check counts them at their allocated size (disk_space.h), so small blocks keep
  // that close to what a flush would write.
  o.arena_block_size = size_t{1} << 20;
  o.target_file_size_base = uint64_t{64} << 20;
  o.level_compaction_dynamic_level_bytes = true;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(TableOptions(cache, 32 * 1024)));
  return o;
}

rocksdb::ColumnFamilyOptions SmallOptions(const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions o;
  o.compression = rocksdb::kLZ4Compression;
  o.bottommost_compression = rocksdb::kZSTD;
  o.write_buffer_size = size_t{16} << 20;
  o.arena_block_size = size_t{1} << 20;  // as for chunks
  o.level_compaction_dynamic_level_bytes = true;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(TableOptions(cache, 16 * 1024)));
  return o;
}

rocksdb::ColumnFamilyOptions RollupsOptions(const std::shared_ptr<rocksdb::Cache>& cache) {
  rocksdb::ColumnFamilyOptions o = SmallOptions(cache);
  o.merge_operator = NewRollupMergeOperator();
  // Blocks are entropy coded by their own codecs (rollup_block.h).
  o.compression = rocksdb::kNoCompression;
  o.bottommost_compression = rocksdb::kNoCompression;
  return o;
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const StoreOptions& options) {
  std::unique_ptr<Store> store(new Store());
  store->path_ = options.path;
  store->read_only_ = options.read_only;
  store->disk_reserve_bytes_ = DiskReserveFromEnv(options.disk_reserve_bytes);
  store->cache_ = rocksdb::NewLRUCache(options.block_cache_bytes);

  std::error_code ec;
  if (options.read_only && !std::filesystem::exists(options.path + "/CURRENT", ec)) {
    return absl::NotFoundError(fmt::format(
        "no gridline store at '{}' (import data first, or pass --data DIR)", options.path));
  }

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  const int cores = std::max(2u, std::thread::hardware_concurrency());
  db_options.max_background_jobs = cores * 2;
  db_options.max_subcompactions = static_cast<uint32_t>(cores);
  // Keep the directory lean: the size of a store is every file in it (docs/conventions.md).
  db_options.info_log_level = rocksdb::WARN_LEVEL;
  db_options.keep_log_file_num = 2;
  db_options.WAL_ttl_seconds = 0;
  db_options.WAL_size_limit_MB = 0;
  db_options.bytes_per_sync = 1 << 20;
  db_options.paranoid_checks = true;
  // A near-full disk: RocksDB would preallocate each write-ahead log to 1.1 x the largest write
  // buffer (141 MB here), and ext4 keeps what a failed fallocate got, so the store could not open
  // with less than that free. Without preallocation the log grows as it is written.
  db_options.allow_fallocate = false;
  // Replaying a log at open leaves its records in the memtables (the log is kept) instead of
  // flushing them to tables first, so a store opens and serves reads with a few MB free.
  db_options.avoid_flush_during_recovery = true;
  store->damage_ = std::make_shared<DamageListener>();
  db_options.listeners.push_back(store->damage_);

  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  for (const char* name : {rocksdb::kDefaultColumnFamilyName.c_str(), kCatalogCf, kChunksCf,
                           kVersionsCf, kAuditCf, kMetaCf, kRollupsCf}) {
    cfs.emplace_back(name, store->OptionsOf(name));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  rocksdb::Status s =
      options.read_only ? rocksdb::DB::OpenForReadOnly(db_options, options.path, cfs, &handles, &db)
                        : rocksdb::DB::Open(db_options, options.path, cfs, &handles, &db);
  if (!s.ok()) return FromRocks(s, fmt::format("opening store '{}'", options.path));
  store->db_.reset(db);
  store->default_cf_ = handles[0];
  store->catalog_cf_ = handles[1];
  store->chunks_cf_ = handles[2];
  store->versions_cf_ = handles[3];
  store->audit_cf_ = handles[4];
  store->meta_cf_ = handles[5];
  store->rollups_cf_ = handles[6];

  GL_RETURN_IF_ERROR(store->catalog_.Load(db, store->catalog_cf_));

  // Sequence numbers continue after the newest audit record and version.
  uint64_t next = 1;
  {
    std::unique_ptr<rocksdb::Iterator> it(
        db->NewIterator(rocksdb::ReadOptions(), store->audit_cf_));
    it->SeekToLast();
    if (it->Valid() && it->key().size() == 8) next = DecodeFixed64BigEndian(it->key().data()) + 1;
  }
  store->next_sequence_.store(next);
  {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), store->meta_cf_));
    it->Seek(rocksdb::Slice(kOverlayPrefix.data(), kOverlayPrefix.size()));
    store->has_overlay_.store(it->Valid() && it->key().starts_with(rocksdb::Slice(
                                                 kOverlayPrefix.data(), kOverlayPrefix.size())));
  }
  return store;
}

Store::~Store() {
  if (db_ == nullptr) return;
  for (rocksdb::ColumnFamilyHandle* h :
       {default_cf_, catalog_cf_, chunks_cf_, versions_cf_, audit_cf_, meta_cf_, rollups_cf_}) {
    if (h != nullptr) db_->DestroyColumnFamilyHandle(h);
  }
  db_->Close().PermitUncheckedError();
}

BatchId Store::NewBatch(std::string source) {
  return catalog_.AddBatch(std::move(source), NowMicros());
}

rocksdb::ColumnFamilyOptions Store::OptionsOf(const std::string& cf_name) const {
  if (cf_name == kChunksCf) return ChunksOptions(cache_);
  if (cf_name == kRollupsCf) return RollupsOptions(cache_);
  return SmallOptions(cache_);
}

rocksdb::ColumnFamilyHandle** Store::HandleOf(const std::string& cf_name) {
  for (rocksdb::ColumnFamilyHandle** h : {&default_cf_, &catalog_cf_, &chunks_cf_, &versions_cf_,
                                          &audit_cf_, &meta_cf_, &rollups_cf_}) {
    if (*h != nullptr && (*h)->GetName() == cf_name) return h;
  }
  return nullptr;
}

std::vector<rocksdb::ColumnFamilyHandle*> Store::AllHandles() const {
  return {default_cf_, catalog_cf_, chunks_cf_, versions_cf_, audit_cf_, meta_cf_, rollups_cf_};
}

absl::Status Store::CheckDiskSpace(uint64_t write_bytes, const std::string& what) const {
  GL_ASSIGN_OR_RETURN(const uint64_t free_bytes, FreeDiskBytes(path_));
  SpaceNeed need;
  need.reserve_bytes = disk_reserve_bytes_;
  need.write_bytes = write_bytes;
  db_->GetAggregatedIntProperty(rocksdb::DB::Properties::kCurSizeAllMemTables,
                                &need.memtable_bytes);
  db_->GetAggregatedIntProperty(rocksdb::DB::Properties::kEstimatePendingCompactionBytes,
                                &need.pending_compaction_bytes);
  return CheckSpace(free_bytes, need, what);
}

absl::Status Store::FlushAndCompact() {
  if (read_only_) return absl::FailedPreconditionError("store is open read-only");
  // Writers wait until the store is folded, flushed and compacted.
  absl::MutexLock l(&write_mu_);
  AwaitNoWriters();
  // Folding adds whole chunks to the memtables (about what their operands take) and the flush
  // writes them out: room for both, else nothing is done (the data stays durable in the log).
  uint64_t memtable_bytes = 0;
  db_->GetAggregatedIntProperty(rocksdb::DB::Properties::kCurSizeAllMemTables, &memtable_bytes);
  GL_RETURN_IF_ERROR(CheckDiskSpace(memtable_bytes, "folding and flushing the store"));
  GL_RETURN_IF_ERROR(FoldDirtyWindows());
  const std::vector<rocksdb::ColumnFamilyHandle*> all = AllHandles();
  rocksdb::FlushOptions flush;
  flush.wait = true;
  GL_RETURN_IF_ERROR(FromRocks(db_->Flush(flush, all), "flushing the store"));
  // A full compaction may rewrite every table before it deletes the old ones. Without room
  // for that the store stays as flushed: whole and durable, just not as small as it could be.
  uint64_t table_bytes = 0;
  db_->GetAggregatedIntProperty(rocksdb::DB::Properties::kLiveSstFilesSize, &table_bytes);
  if (!CheckDiskSpace(table_bytes, "compacting the store").ok()) return absl::OkStatus();
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForceOptimized;
  compact.change_level = false;
  for (rocksdb::ColumnFamilyHandle* h : all) {
    const rocksdb::Status s = db_->CompactRange(compact, h, nullptr, nullptr);
    // A damaged table cannot be compacted; the data stays durable as flushed and the damage is
    // reported (damage()) for `gridline check` and `repair`.
    if (s.IsCorruption()) {
      damage_->Record("compacting " + h->GetName() + ": " + s.ToString());
      continue;
    }
    GL_RETURN_IF_ERROR(FromRocks(s, "compacting the store"));
  }
  return absl::OkStatus();
}

void Store::AwaitNoWriters() {
  write_mu_.Await(absl::Condition(
      +[](std::deque<Writer*>* w) { return w->empty(); }, &writers_));
}

std::string Store::damage() const { return damage_ == nullptr ? std::string() : damage_->damage(); }

absl::Status Store::CommitExclusive(const std::function<absl::Status(rocksdb::WriteBatch*)>& fill) {
  if (read_only_) return absl::FailedPreconditionError("store is open read-only");
  absl::MutexLock l(&write_mu_);
  AwaitNoWriters();
  rocksdb::WriteBatch batch;
  absl::Status status = fill(&batch);
  BatchErrors batch_errors;
  const size_t pending = status.ok() ? catalog_.TakePending(&batch, catalog_cf_, &batch_errors) : 0;
  if (status.ok()) status = batch_errors.Check("adding the catalog's records to a commit");
  if (status.ok()) status = CheckDiskSpace(batch.GetDataSize(), "committing");
  if (status.ok()) {
    rocksdb::WriteOptions write_options;
    write_options.sync = true;
    status = FromRocks(db_->Write(write_options, &batch), "committing");
    if (status.ok()) catalog_.CommitPending(pending);
  }
  if (listener_ != nullptr) listener_->OnExclusiveDone(status.ok());
  return status;
}

uint64_t Store::DiskBytes(const std::string& path) {
  uint64_t total = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec)) total += it->file_size(ec);
  }
  return total;
}

std::unique_ptr<ReadView> Store::NewReadView() const {
  return std::unique_ptr<ReadView>(new ReadView(this));
}

}  // namespace gridline::storage
