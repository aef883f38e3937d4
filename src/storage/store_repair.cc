// store_repair.cc: Store::Repair, setting damage aside and rebuilding what is readable
// (store_check.h).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>

#include "common/status_macros.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "rocksdb/db.h"
#include "rocksdb/metadata.h"
#include "rocksdb/options.h"
#include "rocksdb/sst_file_writer.h"
#include "rocksdb/write_batch.h"
#include "storage/keys.h"
#include "storage/readable_scan.h"
#include "storage/rocks_status.h"
#include "storage/rollup_recompute_record.h"
#include "storage/store.h"

namespace gridline::storage {

namespace {

// Salvaged tables are cut at this size, like the store's own (target_file_size_base).
constexpr uint64_t kSalvageFileBytes = uint64_t{64} << 20;

std::string UtcStamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string FileName(const std::string& name) {
  const size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

// Keeps `from` at `to`: a hard link (the same disk, no space), else a copy.
absl::Status Keep(const std::string& from, const std::string& to) {
  if (::link(from.c_str(), to.c_str()) == 0) return absl::OkStatus();
  std::error_code ec;
  std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing, ec);
  if (ec)
    return absl::UnavailableError(fmt::format("keeping {}: {}", FileName(from), ec.message()));
  return absl::OkStatus();
}

// Writes records in key order into tables of at most kSalvageFileBytes under `dir`.
class TableSink {
 public:
  TableSink(rocksdb::Options options, std::string dir, std::string prefix)
      : options_(std::move(options)), dir_(std::move(dir)), prefix_(std::move(prefix)) {}

  absl::Status Add(std::string_view key, std::string_view value) {
    if (writer_ == nullptr || writer_->FileSize() >= kSalvageFileBytes) GL_RETURN_IF_ERROR(Next());
    ++records_;
    return FromRocks(writer_->Put(rocksdb::Slice(key.data(), key.size()),
                                  rocksdb::Slice(value.data(), value.size())),
                     "writing a salvaged table");
  }
  absl::Status Finish() {
    if (writer_ == nullptr) return absl::OkStatus();
    absl::Status s = FromRocks(writer_->Finish(), "finishing a salvaged table");
    writer_.reset();
    return s;
  }
  const std::vector<std::string>& files() const { return files_; }
  uint64_t records() const { return records_; }

 private:
  absl::Status Next() {
    GL_RETURN_IF_ERROR(Finish());
    writer_ = std::make_unique<rocksdb::SstFileWriter>(rocksdb::EnvOptions(), options_);
    files_.push_back(fmt::format("{}/{}-{}.sst", dir_, prefix_, files_.size() + 1));
    return FromRocks(writer_->Open(files_.back()), "creating a salvaged table");
  }

  rocksdb::Options options_;
  std::string dir_, prefix_;
  std::unique_ptr<rocksdb::SstFileWriter> writer_;
  std::vector<std::string> files_;
  uint64_t records_ = 0;
};

// The readings a repair sets aside: the chunk ranges of known series, merged per series.
std::vector<SetAsideRange> ReadingsSetAside(const CheckReport& check) {
  std::vector<SetAsideRange> out;
  for (const DamagedRange& r : check.damaged_ranges) {
    if (r.column_family != "chunks" || r.series == 0 || r.from_slot >= r.to_slot) continue;
    out.push_back(SetAsideRange{r.series, r.from_slot, r.to_slot});
  }
  std::sort(out.begin(), out.end(), [](const SetAsideRange& a, const SetAsideRange& b) {
    return a.series != b.series ? a.series < b.series : a.from_slot < b.from_slot;
  });
  std::vector<SetAsideRange> merged;
  for (const SetAsideRange& r : out) {
    if (!merged.empty() && merged.back().series == r.series &&
        r.from_slot <= merged.back().to_slot) {
      merged.back().to_slot = std::max(merged.back().to_slot, r.to_slot);
    } else {
      merged.push_back(r);
    }
  }
  return merged;
}

bool Overlaps(const rocksdb::LiveFileMetaData& f, const std::string& begin,
              const std::string& end) {
  // [smallest, largest] against [begin, end); an empty end is the end of the key space.
  return (end.empty() || f.smallestkey < end) && f.largestkey >= begin;
}

}  // namespace

absl::StatusOr<RepairReport> Store::Repair() {
  if (read_only_) return absl::FailedPreconditionError("store is open read-only");
  absl::MutexLock l(&write_mu_);
  AwaitNoWriters();
  // Every record into a table file first, so the quarantine can hold all of a lost range.
  uint64_t memtable_bytes = 0;
  db_->GetAggregatedIntProperty(rocksdb::DB::Properties::kCurSizeAllMemTables, &memtable_bytes);
  GL_RETURN_IF_ERROR(CheckDiskSpace(memtable_bytes, "repairing the store"));
  rocksdb::FlushOptions flush;
  flush.wait = true;
  GL_RETURN_IF_ERROR(FromRocks(db_->Flush(flush, AllHandles()), "flushing before the repair"));

  RepairReport repair;
  GL_ASSIGN_OR_RETURN(repair.check, Check());
  if (repair.check.whole()) return repair;

  // The column families to rebuild: those with a damaged file or a lost range of keys.
  std::vector<std::string> rebuild;
  auto add = [&rebuild](const std::string& cf) {
    if (std::find(rebuild.begin(), rebuild.end(), cf) == rebuild.end()) rebuild.push_back(cf);
  };
  for (const DamagedFile& f : repair.check.damaged_files) add(f.column_family);
  for (const DamagedRange& r : repair.check.damaged_ranges) add(r.column_family);
  if (std::find(rebuild.begin(), rebuild.end(), rocksdb::kDefaultColumnFamilyName) !=
      rebuild.end()) {
    return absl::DataLossError("the default column family is damaged; it cannot be rebuilt");
  }
  if (std::find(rebuild.begin(), rebuild.end(), "catalog") != rebuild.end()) {
    // Its records name every meter and series: rebuilding it without some would misname data.
    return absl::DataLossError("the catalog is damaged; restore the store from a backup");
  }
  uint64_t table_bytes = 0;
  db_->GetAggregatedIntProperty(rocksdb::DB::Properties::kLiveSstFilesSize, &table_bytes);
  GL_RETURN_IF_ERROR(CheckDiskSpace(table_bytes, "repairing the store"));

  // What leaves the store, recorded durably before anything is rebuilt, for the roll-ups above it
  // (rollup_recompute_record.h). In the meta family, so a rebuild of meta salvages it too.
  repair.readings_set_aside = ReadingsSetAside(repair.check);
  repair.rollups_rebuilt = std::find(rebuild.begin(), rebuild.end(), "rollups") != rebuild.end();
  const std::string stamp = UtcStamp();
  if (repair.rollups_rebuilt || !repair.readings_set_aside.empty()) {
    RollupRecompute record{repair.rollups_rebuilt, repair.readings_set_aside};
    rocksdb::WriteOptions sync;
    sync.sync = true;
    GL_RETURN_IF_ERROR(FromRocks(
        db_->Put(sync, meta_cf_,
                 fmt::format("{}{}/{}", kRollupRecomputePrefix, stamp, next_sequence_.fetch_add(1)),
                 EncodeRollupRecompute(record)),
        "recording the roll-ups to recompute"));
  }

  repair.quarantine = path_ + "/quarantine/" + stamp;
  const std::string tmp = path_ + "/repair-tmp";
  std::error_code ec;
  std::filesystem::create_directories(repair.quarantine, ec);
  std::filesystem::remove_all(tmp, ec);
  std::filesystem::create_directories(tmp, ec);
  if (ec)
    return absl::UnavailableError(fmt::format("creating the quarantine folder: {}", ec.message()));

  std::vector<rocksdb::LiveFileMetaData> files;
  db_->GetLiveFilesMetaData(&files);
  for (const std::string& cf_name : rebuild) {
    rocksdb::ColumnFamilyHandle** handle = HandleOf(cf_name);
    if (handle == nullptr) continue;
    // Keep the damaged files and every file holding keys of a lost range of this family.
    for (const rocksdb::LiveFileMetaData& f : files) {
      if (f.column_family_name != cf_name) continue;
      bool keep = false;
      for (const DamagedFile& d : repair.check.damaged_files) keep |= d.file == FileName(f.name);
      for (const DamagedRange& r : repair.check.damaged_ranges) {
        keep |= r.column_family == cf_name && Overlaps(f, r.begin_key, r.end_key);
      }
      if (!keep) continue;
      GL_RETURN_IF_ERROR(
          Keep(f.db_path + "/" + FileName(f.name),
               fmt::format("{}/{}-{}", repair.quarantine, cf_name, FileName(f.name))));
      ++repair.files_set_aside;
    }
    // Salvage what reads, chunks whose own checksum fails going to the quarantine.
    const rocksdb::Options options(rocksdb::DBOptions(), OptionsOf(cf_name));
    TableSink kept(options, tmp, cf_name);
    TableSink bad(options, repair.quarantine, cf_name + "-bad-records");
    absl::Status sink_status;
    Chunk chunk;
    const bool is_chunks = *handle == chunks_cf_;
    ScanCallbacks callbacks;
    callbacks.record = [&](std::string_view key, std::string_view value) {
      if (!sink_status.ok()) return;
      const bool good = !is_chunks || DecodeChunk(value, &chunk).ok();
      if (!good) ++repair.bad_chunks;
      sink_status = good ? kept.Add(key, value) : bad.Add(key, value);
    };
    callbacks.lost = [](const std::string&, const std::string&, const std::string&) {};
    GL_RETURN_IF_ERROR(ScanReadable(db_.get(), *handle, callbacks));
    GL_RETURN_IF_ERROR(sink_status);
    GL_RETURN_IF_ERROR(kept.Finish());
    GL_RETURN_IF_ERROR(bad.Finish());
    repair.records_kept += kept.records();

    // Drop the family (its files go once the handle does), create it again, ingest.
    GL_RETURN_IF_ERROR(FromRocks(db_->DropColumnFamily(*handle), "dropping " + cf_name));
    GL_RETURN_IF_ERROR(FromRocks(db_->DestroyColumnFamilyHandle(*handle), "closing " + cf_name));
    *handle = nullptr;
    GL_RETURN_IF_ERROR(FromRocks(db_->CreateColumnFamily(OptionsOf(cf_name), cf_name, handle),
                                 "creating " + cf_name + " again"));
    if (!kept.files().empty()) {
      rocksdb::IngestExternalFileOptions ingest;
      ingest.move_files = true;
      GL_RETURN_IF_ERROR(FromRocks(db_->IngestExternalFile(*handle, kept.files(), ingest),
                                   "ingesting the salvaged " + cf_name));
    }
  }
  std::filesystem::remove_all(tmp, ec);
  dirty_windows_.clear();
  presence_.clear();

  std::ofstream readme(repair.quarantine + "/README.txt");
  readme << "gridline repair set this damage aside on " << UtcStamp() << ".\n"
         << "The .sst files are the store's table files as they were (RocksDB format), named\n"
         << "COLUMNFAMILY-FILE; *-bad-records-*.sst hold readable records whose own checksum\n"
         << "failed. The store was rebuilt without what is listed below.\n\n";
  for (const std::string& line : DescribeDamage(repair.check)) readme << line << "\n";
  readme.close();
  if (!readme) return absl::UnavailableError("writing the quarantine README.txt");
  return repair;
}

}  // namespace gridline::storage
