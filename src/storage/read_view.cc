// read_view.cc: reads from a snapshot of the store.
#include <memory>

#include "common/status_macros.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "rocksdb/db.h"
#include "storage/keys.h"
#include "storage/rocks_status.h"
#include "storage/store.h"

namespace gridline::storage {

namespace {

std::string_view View(const rocksdb::Slice& s) { return std::string_view(s.data(), s.size()); }

absl::Status ChunkError(SeriesId series, uint32_t window, const absl::Status& s) {
  return absl::DataLossError(
      fmt::format("series {} window {}: {} (the chunk is not served)", series, window, StdView(s.message())));
}

}  // namespace

ReadView::ReadView(const Store* store) : store_(store), snapshot_(store->db_->GetSnapshot()) {}

ReadView::~ReadView() { store_->db_->ReleaseSnapshot(snapshot_); }

absl::Status ReadView::ForEachChunk(
    SeriesId series, int64_t from_slot, int64_t to_slot,
    const std::function<void(uint32_t window, const Chunk&)>& visit) const {
  if (from_slot >= to_slot) return absl::OkStatus();
  from_slot = std::max<int64_t>(from_slot, 0);
  if (to_slot <= 0) return absl::OkStatus();
  const std::string begin = ChunkKey(series, WindowOfSlot(from_slot));
  const std::string end = ChunkKey(series, WindowOfSlot(to_slot - 1) + 1);
  rocksdb::Slice upper(end);
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  // A window past the last of a series' id space rolls into the next series: bound by series.
  std::string series_end;
  if (WindowOfSlot(to_slot - 1) == UINT32_MAX) {
    series_end = ChunkKey(series + 1, 0);
    upper = rocksdb::Slice(series_end);
  }
  options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(store_->db_->NewIterator(options, store_->chunks_cf_));
  Chunk chunk;
  const uint32_t last_window = WindowOfSlot(to_slot - 1);
  for (it->Seek(begin); it->Valid(); it->Next()) {
    uint32_t s, window;
    if (!ParseChunkKey(View(it->key()), &s, &window) || s != series) break;
    if (absl::Status st = DecodeChunk(View(it->value()), &chunk); !st.ok()) {
      return ChunkError(series, window, st);
    }
    visit(window, chunk);
    // Stop without stepping on: the next key may lie in another (possibly damaged) block, and a
    // read must not fail for a chunk it does not need.
    if (window >= last_window) break;
  }
  return FromRocks(it->status(), fmt::format("reading series {}", series));
}

absl::Status ReadView::ForEachVersion(SeriesId series, int64_t from_slot, int64_t to_slot,
                                      const std::function<void(const Version&)>& visit) const {
  if (from_slot >= to_slot) return absl::OkStatus();
  from_slot = std::max<int64_t>(from_slot, 0);
  const std::string begin = VersionKey(series, from_slot, 0);
  const std::string end = VersionKey(series, to_slot, 0);
  rocksdb::Slice upper(end);
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(store_->db_->NewIterator(options, store_->versions_cf_));
  for (it->Seek(begin); it->Valid(); it->Next()) {
    uint32_t s;
    Version v;
    if (!ParseVersionKey(View(it->key()), &s, &v.slot, &v.sequence) || s != series) {
      return absl::DataLossError("corrupt version key");
    }
    const char* p = it->value().data();
    const char* limit = p + it->value().size();
    uint64_t z, batch;
    if (!GetVarint64(&p, limit, &z) || p >= limit || static_cast<uint8_t>(*p) >= kQualityCount) {
      return absl::DataLossError("corrupt version record");
    }
    v.value = ZigZagDecode(z);
    v.quality = static_cast<Quality>(static_cast<uint8_t>(*p++));
    if (!GetVarint64(&p, limit, &batch)) return absl::DataLossError("corrupt version record");
    v.batch = static_cast<BatchId>(batch);
    visit(v);
  }
  return FromRocks(it->status(), fmt::format("reading versions of series {}", series));
}

absl::Status ReadView::SumAll(SeriesId first_series, SeriesId end_series, uint64_t* count,
                              int64_t* sum) const {
  const std::string begin = ChunkKey(first_series, 0);
  const std::string end = ChunkKey(end_series, 0);
  rocksdb::Slice upper(end);
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  options.iterate_upper_bound = &upper;
  options.readahead_size = size_t{2} << 20;
  std::unique_ptr<rocksdb::Iterator> it(store_->db_->NewIterator(options, store_->chunks_cf_));
  uint64_t total_count = 0;
  uint64_t total = 0;
  for (it->Seek(begin); it->Valid(); it->Next()) {
    uint32_t n;
    int64_t s;
    if (absl::Status st = SumChunk(View(it->value()), &n, &s); !st.ok()) {
      uint32_t series = 0, window = 0;
      ParseChunkKey(View(it->key()), &series, &window);
      return ChunkError(series, window, st);
    }
    total_count += n;
    total += static_cast<uint64_t>(s);
  }
  *count = total_count;
  *sum = static_cast<int64_t>(total);
  return FromRocks(it->status(), "scanning chunks");
}

absl::Status ReadView::ForEachMeta(
    std::string_view prefix,
    const std::function<void(std::string_view key, std::string_view value)>& visit) const {
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  std::unique_ptr<rocksdb::Iterator> it(store_->db_->NewIterator(options, store_->meta_cf_));
  for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid(); it->Next()) {
    const std::string_view key = View(it->key());
    if (key.substr(0, prefix.size()) != prefix) break;
    visit(key, View(it->value()));
  }
  return FromRocks(it->status(), "reading metadata");
}

}  // namespace gridline::storage
