// store_fold.cc: folding merge operands into whole chunks before a flush.
//
// Writes add a window's new slots as merge operands (cheap to write, durable at once). Left to
// RocksDB, the operands of a bulk import would be merged by one compaction thread at the end: a
// first compaction into an empty level does not split into subcompactions, and every memtable
// flush spans the whole key space. So the store folds them itself: its own threads read each
// dirty window's layers, merge them, encode the chunk once with the best codec and write it back
// as a plain value. The next flush drops the operands the value hides, and compaction only copies.
// The folded values skip the write-ahead log: until the flush that persists them, the operands
// they replace are still in the log, so a crash in between loses nothing.
#include <algorithm>
#include <thread>
#include <vector>

#include "common/status_macros.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/damage_listener.h"
#include "storage/keys.h"
#include "storage/rocks_status.h"
#include "storage/store.h"

namespace gridline::storage {

namespace {

// Folds keys[begin, end) and writes the results without the write-ahead log. A window whose
// layers cannot be read or decoded (damage) is left as it is, its operands still in place, and
// counted in *damaged: the rest is folded (`gridline check` lists the damage).
absl::Status FoldRange(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
                       const std::vector<uint64_t>& keys, size_t begin, size_t end,
                       std::string* damaged) {
  std::vector<rocksdb::PinnableSlice> layers(16);
  std::vector<Chunk> decoded;
  std::vector<const Chunk*> pointers;
  Chunk merged;
  std::string encoded;
  rocksdb::WriteBatch batch;
  rocksdb::WriteOptions no_wal;
  no_wal.disableWAL = true;
  for (size_t i = begin; i < end; ++i) {
    const uint32_t series = static_cast<uint32_t>(keys[i] >> 32);
    const uint32_t window = static_cast<uint32_t>(keys[i]);
    const std::string key = ChunkKey(series, window);
    int n = 0;
    while (true) {
      rocksdb::GetMergeOperandsOptions options;
      options.expected_max_number_of_operands = static_cast<int>(layers.size());
      rocksdb::Status s =
          db->GetMergeOperands(rocksdb::ReadOptions(), cf, key, layers.data(), &options, &n);
      if (s.IsIncomplete()) {
        layers.resize(static_cast<size_t>(n) + 16);
        continue;
      }
      if (s.IsNotFound()) {
        n = 0;
      } else if (s.IsCorruption()) {
        if (damaged->empty()) {
          *damaged = fmt::format("folding series {} window {}: {}", series, window, s.ToString());
        }
        n = 0;
      } else if (!s.ok()) {
        return FromRocks(s, "reading a window to fold");
      }
      break;
    }
    if (n == 0) continue;
    if (decoded.size() < static_cast<size_t>(n)) decoded.resize(n);
    pointers.clear();
    bool whole = true;
    for (int l = 0; l < n; ++l) {
      absl::Status st =
          DecodeChunk(std::string_view(layers[l].data(), layers[l].size()), &decoded[l]);
      layers[l].Reset();
      if (!st.ok() && whole) {
        whole = false;
        if (damaged->empty()) {
          *damaged =
              fmt::format("folding series {} window {}: {}", series, window, StdView(st.message()));
        }
      }
      pointers.push_back(&decoded[l]);
    }
    if (!whole) continue;
    MergeChunks(pointers, &merged);
    encoded.clear();
    EncodeChunk(merged, ValueEncoding::kBest, &encoded);
    GL_RETURN_IF_ERROR(FromRocks(batch.Put(cf, key, encoded), "folding a chunk"));
    if (batch.GetDataSize() > (size_t{4} << 20)) {
      GL_RETURN_IF_ERROR(FromRocks(db->Write(no_wal, &batch), "writing folded chunks"));
      batch.Clear();
    }
  }
  return FromRocks(db->Write(no_wal, &batch), "writing folded chunks");
}

}  // namespace

absl::Status Store::FoldDirtyWindows() {
  if (dirty_windows_.empty()) return absl::OkStatus();
  std::vector<uint64_t> keys(dirty_windows_.begin(), dirty_windows_.end());
  std::sort(keys.begin(), keys.end());
  const size_t threads = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()),
                                          (keys.size() + 255) / 256);
  std::vector<absl::Status> statuses(threads);
  std::vector<std::string> damaged(threads);
  std::vector<std::thread> workers;
  for (size_t t = 0; t < threads; ++t) {
    const size_t begin = keys.size() * t / threads;
    const size_t end = keys.size() * (t + 1) / threads;
    workers.emplace_back([&, t, begin, end] {
      statuses[t] = FoldRange(db_.get(), chunks_cf_, keys, begin, end, &damaged[t]);
    });
  }
  for (std::thread& w : workers) w.join();
  for (const absl::Status& s : statuses) GL_RETURN_IF_ERROR(s);
  for (const std::string& d : damaged) {
    if (!d.empty()) damage_->Record(d);
  }
  dirty_windows_.clear();
  presence_.clear();
  return absl::OkStatus();
}

}  // namespace gridline::storage
