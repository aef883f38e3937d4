// read_view.cc: reads from a snapshot of the store.
#include <memory>

#include "common/status_macros.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "rocksdb/db.h"
#include "storage/keys.h"
#include "storage/rocks_status.h"
#include "storage/store.h"
#include "storage/validated_layer.h"

namespace gridline::storage {

namespace {

std::string_view View(const rocksdb::Slice& s) { return std::string_view(s.data(), s.size()); }

absl::Status ChunkError(SeriesId series, uint32_t window, const absl::Status& s) {
  return absl::DataLossError(fmt::format("series {} window {}: {} (the chunk is not served)",
                                         series, window, StdView(s.message())));
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

absl::Status ReadView::ForEachOverlay(
    SeriesId series, uint32_t first_window, uint32_t last_window,
    const std::function<void(uint32_t window, const Chunk&)>& visit) const {
  const std::string begin = OverlayKey(series, first_window);
  const std::string end =
      last_window == UINT32_MAX ? OverlayKey(series + 1, 0) : OverlayKey(series, last_window + 1);
  rocksdb::Slice upper(end);
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(store_->db_->NewIterator(options, store_->meta_cf_));
  Chunk chunk;
  for (it->Seek(begin); it->Valid(); it->Next()) {
    SeriesId s;
    uint32_t window;
    if (!ParseOverlayKey(View(it->key()), &s, &window) || s != series) break;
    if (absl::Status st = DecodeChunk(View(it->value()), &chunk); !st.ok()) {
      return absl::DataLossError(fmt::format("series {} window {}: validated overlay: {}", series,
                                             window, StdView(st.message())));
    }
    visit(window, chunk);
  }
  return FromRocks(it->status(), fmt::format("reading the validated layer of series {}", series));
}

absl::Status ReadView::ForEachValidatedChunk(
    SeriesId series, int64_t from_slot, int64_t to_slot,
    const std::function<void(uint32_t, const Chunk&, std::span<const uint32_t>)>& visit) const {
  if (from_slot >= to_slot || to_slot <= 0) return absl::OkStatus();
  from_slot = std::max<int64_t>(from_slot, 0);
  std::vector<uint32_t> origins;
  if (!store_->has_overlay()) {
    return ForEachChunk(series, from_slot, to_slot,
                        [&](uint32_t window, const Chunk& c) { visit(window, c, {}); });
  }
  // Overlays are sparse (the processed windows only): gather them first, then walk the raw
  // chunks and lay each window's overlay over its chunk.
  std::vector<std::pair<uint32_t, Chunk>> overlays;
  GL_RETURN_IF_ERROR(
      ForEachOverlay(series, WindowOfSlot(from_slot), WindowOfSlot(to_slot - 1),
                     [&](uint32_t window, const Chunk& c) { overlays.emplace_back(window, c); }));
  if (overlays.empty()) {
    return ForEachChunk(series, from_slot, to_slot,
                        [&](uint32_t window, const Chunk& c) { visit(window, c, {}); });
  }
  size_t next = 0;
  Chunk merged;
  const Chunk empty;
  auto overlay_only_before = [&](uint32_t window) {
    for (; next < overlays.size() && overlays[next].first < window; ++next) {
      MergeOverlay(empty, overlays[next].second, &merged, &origins);
      visit(overlays[next].first, merged, origins);
    }
  };
  GL_RETURN_IF_ERROR(ForEachChunk(series, from_slot, to_slot, [&](uint32_t window, const Chunk& c) {
    overlay_only_before(window);
    if (next < overlays.size() && overlays[next].first == window) {
      MergeOverlay(c, overlays[next].second, &merged, &origins);
      ++next;
      visit(window, merged, origins);
    } else {
      visit(window, c, {});
    }
  }));
  overlay_only_before(UINT32_MAX);
  if (next < overlays.size()) {  // the window UINT32_MAX itself
    MergeOverlay(empty, overlays[next].second, &merged, &origins);
    visit(overlays[next].first, merged, origins);
  }
  return absl::OkStatus();
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

absl::Status ReadView::ScanMeta(
    std::string_view prefix, std::string_view start,
    const std::function<bool(std::string_view key, std::string_view value)>& visit) const {
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  std::unique_ptr<rocksdb::Iterator> it(store_->db_->NewIterator(options, store_->meta_cf_));
  const std::string_view seek = start > prefix ? start : prefix;
  for (it->Seek(rocksdb::Slice(seek.data(), seek.size())); it->Valid(); it->Next()) {
    const std::string_view key = View(it->key());
    if (key.substr(0, prefix.size()) != prefix) break;
    if (!visit(key, View(it->value()))) break;
  }
  return FromRocks(it->status(), "reading metadata");
}

}  // namespace gridline::storage
