#include "rollup/rollup_recompute.h"

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "common/status_macros.h"
#include "query/series_reader.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "rollup/contribution.h"
#include "rollup/range_cells.h"
#include "storage/batch_errors.h"
#include "storage/rocks_status.h"
#include "storage/rollup_block.h"

namespace gridline::rollup {

namespace {

using storage::AssetId;

// UTC seconds one roll-up window spans.
constexpr int64_t kWindowSeconds = int64_t{storage::kWindowSlots} * storage::kRollupSlotSeconds;

uint32_t WindowOfTime(int64_t t) { return static_cast<uint32_t>(t / kWindowSeconds); }

// The assets to rebuild in each window; `all` rebuilds every asset a reading feeds.
struct Targets {
  bool all = false;
  std::map<uint32_t, absl::flat_hash_set<AssetId>> by_window;
};

// The UTC range [from, to) that series `info` may hold readings in; empty when it has none.
void Coverage(const storage::SeriesInfo& info, int64_t* from, int64_t* to) {
  *from = 0;
  *to = 0;
  if (info.min_slot > info.max_slot) return;
  *from = info.min_slot * info.interval_s;
  *to = (info.max_slot + 1) * info.interval_s;
}

// Rebuilds window `window` of the assets `assets` (every asset fed, when null) into `batch`.
absl::Status RebuildWindow(const storage::ReadView& view, const Placement& placement,
                           uint32_t window, const absl::flat_hash_set<AssetId>* assets,
                           rocksdb::WriteBatch* batch, storage::BatchErrors* errors,
                           absl::flat_hash_set<uint64_t>* written, RecomputeStats* stats) {
  const storage::Catalog& catalog = view.store().catalog();
  const int64_t w0 = int64_t{window} * kWindowSeconds;
  const int64_t w1 = w0 + kWindowSeconds;
  absl::flat_hash_map<AssetId, RangeCells> cells;
  if (assets != nullptr) {
    for (AssetId a : *assets) cells[a];  // rebuilt even when nothing remains
  }
  RangeCells run;
  std::vector<AssetId> hit;
  const size_t series_count = catalog.series_count();
  for (storage::SeriesId s = 1; s <= series_count; ++s) {
    const storage::SeriesInfo info = catalog.GetSeries(s);
    if (!RollsUp(info.channel)) continue;
    int64_t first, end;
    Coverage(info, &first, &end);
    first = std::max(first, w0);
    end = std::min(end, w1);
    if (first >= end) continue;
    for (const ChainPeriod& p : placement.Periods(info.asset)) {
      const int64_t from = std::max(first, p.from);
      const int64_t to = std::min(end, p.to);
      if (from >= to) continue;
      hit.clear();
      for (AssetId a : p.chain) {
        if (assets == nullptr || assets->contains(a)) hit.push_back(a);
      }
      if (hit.empty()) continue;
      run.clear();
      GL_RETURN_IF_ERROR(
          query::ReadSeriesRange(view, s, info, from, to, [&](const query::ReadingRow& r) {
            const int64_t slot = r.time / info.interval_s;
            const int64_t rslot = RollupSlotOf(slot, info.interval_s);
            run.Add(static_cast<uint16_t>(rslot & (storage::kWindowSlots - 1)),
                    ContributionOf(info.channel, info.interval_s, slot, r.value, r.quality));
            ++stats->readings_read;
          }));
      for (AssetId a : hit) cells[a].AddAll(run, 1);
    }
  }
  storage::RollupBlock block;
  std::string encoded;
  for (auto& [asset, c] : cells) {
    c.ToBlock(&block);
    const std::string key = storage::RollupKey(asset, window);
    ++stats->windows;
    if (written != nullptr) written->insert((uint64_t{asset} << 32) | window);
    if (block.empty()) {
      ++stats->deleted;
      errors->Keep(batch->Delete(view.store().rollups_cf(), key));
      continue;
    }
    encoded.clear();
    storage::EncodeRollupBlock(block, storage::RollupEncoding::kBest, &encoded);
    errors->Keep(batch->Put(view.store().rollups_cf(), key, encoded));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status RecomputeRollups(const storage::ReadView& view, const Placement& placement,
                              std::span<const SeriesRange> changed, rocksdb::WriteBatch* batch,
                              RecomputeStats* stats) {
  const storage::Catalog& catalog = view.store().catalog();
  Targets targets;
  for (const SeriesRange& r : changed) {
    if (r.series < 1 || r.series > catalog.series_count()) continue;
    const storage::SeriesInfo info = catalog.GetSeries(r.series);
    if (!RollsUp(info.channel)) continue;
    for (const ChainPeriod& p : placement.Periods(info.asset)) {
      const int64_t from = std::max({r.from_s, p.from, int64_t{0}});
      const int64_t to = std::min(r.to_s, p.to);
      if (from >= to) continue;
      for (uint32_t w = WindowOfTime(from); w <= WindowOfTime(to - 1); ++w) {
        targets.by_window[w].insert(p.chain.begin(), p.chain.end());
      }
    }
  }
  storage::BatchErrors errors;
  for (const auto& [window, assets] : targets.by_window) {
    GL_RETURN_IF_ERROR(
        RebuildWindow(view, placement, window, &assets, batch, &errors, nullptr, stats));
  }
  return errors.Check("adding recomputed roll-ups to a commit");
}

absl::Status RecomputeAllRollups(const storage::ReadView& view, const Placement& placement,
                                 rocksdb::WriteBatch* batch, RecomputeStats* stats) {
  const storage::Catalog& catalog = view.store().catalog();
  int64_t first = INT64_MAX, end = INT64_MIN;
  for (storage::SeriesId s = 1; s <= catalog.series_count(); ++s) {
    const storage::SeriesInfo info = catalog.GetSeries(s);
    if (!RollsUp(info.channel)) continue;
    int64_t f, e;
    Coverage(info, &f, &e);
    if (f >= e) continue;
    first = std::min(first, f);
    end = std::max(end, e);
  }
  storage::BatchErrors errors;
  absl::flat_hash_set<uint64_t> written;
  if (first < end) {
    for (uint32_t w = WindowOfTime(first); w <= WindowOfTime(end - 1); ++w) {
      GL_RETURN_IF_ERROR(
          RebuildWindow(view, placement, w, nullptr, batch, &errors, &written, stats));
    }
  }
  // Records no reading feeds any more (or salvaged ones of windows without readings).
  rocksdb::ReadOptions read;
  read.snapshot = view.snapshot();
  read.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(
      view.store().db()->NewIterator(read, view.store().rollups_cf()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    uint32_t asset = 0, window = 0;
    const std::string_view key(it->key().data(), it->key().size());
    if (storage::ParseRollupKey(key, &asset, &window) &&
        written.contains((uint64_t{asset} << 32) | window)) {
      continue;
    }
    ++stats->deleted;
    errors.Keep(batch->Delete(view.store().rollups_cf(), it->key()));
  }
  if (!it->status().ok()) {
    return storage::FromRocks(it->status(), "reading the roll-ups to replace");
  }
  return errors.Check("adding recomputed roll-ups to a commit");
}

}  // namespace gridline::rollup
