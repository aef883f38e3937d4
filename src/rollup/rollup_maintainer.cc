#include "rollup/rollup_maintainer.h"

#include <algorithm>

#include "common/status_macros.h"
#include "query/series_reader.h"
#include "rocksdb/write_batch.h"
#include "rollup/contribution.h"
#include "storage/rollup_block.h"

namespace gridline::rollup {

namespace {

constexpr uint32_t kRollupWindowShift = 12;  // kWindowSlots roll-up slots per window
static_assert((1 << kRollupWindowShift) == storage::kWindowSlots);

uint32_t WindowOf(int64_t rollup_slot) {
  return static_cast<uint32_t>(rollup_slot >> kRollupWindowShift);
}
uint16_t OffsetOf(int64_t rollup_slot) {
  return static_cast<uint16_t>(rollup_slot & (storage::kWindowSlots - 1));
}

// Index of the period of `periods` holding `t`, searching from `hint`.
size_t PeriodOf(std::span<const ChainPeriod> periods, int64_t t, size_t hint) {
  if (hint < periods.size() && periods[hint].from <= t && t < periods[hint].to) return hint;
  auto it = std::upper_bound(periods.begin(), periods.end(), t,
                             [](int64_t x, const ChainPeriod& p) { return x < p.from; });
  return static_cast<size_t>(it - periods.begin()) - 1;
}

}  // namespace

RollupMaintainer::RollupMaintainer(storage::Store* store)
    : store_(store), placement_(std::make_shared<Placement>()) {
  store_->SetWriteListener(this);
}

bool RollupMaintainer::Wants(storage::SeriesId /*series*/, const storage::SeriesInfo& info) const {
  return RollsUp(info.channel);
}

void RollupMaintainer::AddToChain(std::span<const storage::AssetId> chain, uint32_t window,
                                  const RangeCells& cells, int sign) {
  for (storage::AssetId asset : chain) {
    pending_[(uint64_t{asset} << 32) | window].AddAll(cells, sign);
  }
}

void RollupMaintainer::OnChanges(storage::SeriesId /*series*/, const storage::SeriesInfo& info,
                                 std::span<const storage::SlotChange> changes) {
  AddChanges(info, changes, 0);
}

void RollupMaintainer::AddLayerChanges(const storage::SeriesInfo& info,
                                       std::span<const storage::SlotChange> changes) {
  AddChanges(info, changes, storage::kValidatedDeltaWindowBit);
}

void RollupMaintainer::AddChanges(const storage::SeriesInfo& info,
                                  std::span<const storage::SlotChange> changes,
                                  uint32_t window_bit) {
  if (changes.empty() || !RollsUp(info.channel)) return;
  const std::span<const ChainPeriod> periods = placement_->Periods(info.asset);
  // Changes come in slot order: gather runs that share a period and a roll-up window locally,
  // then add each run to the chain with one lookup per asset.
  // Every change marks its day's privacy token (release_tokens.h), even one whose cell is zero:
  // a reading of 0 Wh still makes its customer count in the quarter-hour.
  thread_local RangeCells run;
  thread_local std::vector<uint32_t> days;  // the run's days, ascending
  run.clear();
  days.clear();
  size_t period = SIZE_MAX;
  uint32_t window = 0;
  auto flush = [&] {
    if (period == SIZE_MAX) return;
    const std::vector<storage::AssetId>& chain = periods[period].chain;
    if (!run.empty()) AddToChain(chain, window | window_bit, run, 1);
    for (const storage::AssetId a : chain) {
      for (const uint32_t d : days) tokens_.Mark(a, d, d);
    }
    run.clear();
    days.clear();
  };
  for (const storage::SlotChange& ch : changes) {
    const int64_t t = ch.slot * info.interval_s;
    const int64_t rslot = RollupSlotOf(ch.slot, info.interval_s);
    const size_t p = PeriodOf(periods, t, period);
    if (p != period || WindowOf(rslot) != window) {
      flush();
      period = p;
      window = WindowOf(rslot);
    }
    if (days.empty() || days.back() != DayOf(t)) days.push_back(DayOf(t));
    storage::RollupCell cell;
    if (ch.has)
      cell = ContributionOf(info.channel, info.interval_s, ch.slot, ch.new_value, ch.new_quality);
    if (ch.had) {
      cell.Subtract(
          ContributionOf(info.channel, info.interval_s, ch.slot, ch.old_value, ch.old_quality));
    }
    if (!cell.zero()) run.Add(OffsetOf(rslot), cell);
  }
  flush();
}

absl::Status RollupMaintainer::Emit(rocksdb::WriteBatch* batch) {
  if (absl::Status s = tokens_.Emit(*store_, batch); !s.ok()) {
    pending_.clear();
    return s;
  }
  storage::RollupBlock block;
  std::string encoded;
  for (auto& [key, cells] : pending_) {
    cells.ToBlock(&block);
    if (block.empty()) continue;
    encoded.clear();
    storage::EncodeRollupBlock(block, storage::RollupEncoding::kFast, &encoded);
    rocksdb::Status s = batch->Merge(
        store_->rollups_cf(),
        storage::RollupKey(static_cast<uint32_t>(key >> 32), static_cast<uint32_t>(key)), encoded);
    if (!s.ok()) {
      pending_.clear();
      return absl::InternalError("adding roll-ups to a write: " + s.ToString());
    }
  }
  pending_.clear();
  return absl::OkStatus();
}

void RollupMaintainer::OnExclusiveDone(bool committed) {
  if (committed && staged_ != nullptr) placement_ = std::move(staged_);
  staged_.reset();
  pending_.clear();
  tokens_.clear();
}

absl::Status RollupMaintainer::OnGroupEnd(rocksdb::WriteBatch* batch) { return Emit(batch); }

absl::Status RollupMaintainer::MoveForPlacement(
    const storage::ReadView& view, const Placement& before, const Placement& after,
    rocksdb::WriteBatch* batch, const std::function<void(size_t, size_t)>& progress) {
  std::vector<storage::AssetId> meters = before.Meters();
  for (storage::AssetId m : after.Meters()) meters.push_back(m);
  std::sort(meters.begin(), meters.end());
  meters.erase(std::unique(meters.begin(), meters.end()), meters.end());

  const storage::Catalog& catalog = view.store().catalog();
  RangeCells run;
  size_t done = 0;
  for (storage::AssetId meter : meters) {
    const std::vector<Placement::Difference> diffs = Placement::Diff(before, after, meter);
    for (storage::SeriesId series :
         diffs.empty() ? std::vector<storage::SeriesId>() : catalog.SeriesOfAsset(meter)) {
      const storage::SeriesInfo info = catalog.GetSeries(series);
      if (!RollsUp(info.channel) || info.min_slot > info.max_slot) continue;
      const int64_t first = info.min_slot * info.interval_s;
      const int64_t end = (info.max_slot + 1) * info.interval_s;
      for (const Placement::Difference& d : diffs) {
        const int64_t from = std::max(d.from, first);
        const int64_t to = std::min(d.to, end);
        if (from >= to) continue;
        // The chains' common part keeps the meter: only the assets it left and joined change.
        std::vector<storage::AssetId> left, joined;
        for (storage::AssetId a : d.before) {
          if (std::find(d.after.begin(), d.after.end(), a) == d.after.end()) left.push_back(a);
        }
        for (storage::AssetId a : d.after) {
          if (std::find(d.before.begin(), d.before.end(), a) == d.before.end()) joined.push_back(a);
        }
        // The days whose members change for the assets left and joined.
        for (const std::vector<storage::AssetId>* side : {&left, &joined}) {
          for (const storage::AssetId a : *side) tokens_.Mark(a, DayOf(from), DayOf(to - 1));
        }
        // The raw cells, then, where the range holds processed slots, the delta cells: what the
        // validated layer adds (+) minus what the raw layer adds (-).
        struct Pass {
          query::Layer layer;
          uint32_t window_bit;
          int sign;
        };
        bool overlay = false;
        GL_RETURN_IF_ERROR(
            view.ForEachOverlay(series, storage::WindowOfSlot(from / info.interval_s),
                                storage::WindowOfSlot((to - 1) / info.interval_s),
                                [&](uint32_t, const storage::Chunk&) { overlay = true; }));
        for (const Pass pass :
             {Pass{query::Layer::kRaw, 0, 1},
              Pass{query::Layer::kValidated, storage::kValidatedDeltaWindowBit, 1},
              Pass{query::Layer::kRaw, storage::kValidatedDeltaWindowBit, -1}}) {
          if (pass.window_bit != 0 && !overlay) break;
          run.clear();
          uint32_t window = 0;
          auto flush = [&] {
            if (run.empty()) return;
            AddToChain(left, window | pass.window_bit, run, -pass.sign);
            AddToChain(joined, window | pass.window_bit, run, pass.sign);
            run.clear();
          };
          GL_RETURN_IF_ERROR(query::ReadSeriesRange(
              view, series, info, from, to,
              [&](const query::ReadingRow& r) {
                if (r.quality == Quality::kMissing && r.origin != 0) return;  // no value
                const int64_t slot = r.time / info.interval_s;
                const int64_t rslot = RollupSlotOf(slot, info.interval_s);
                if (WindowOf(rslot) != window) {
                  flush();
                  window = WindowOf(rslot);
                }
                run.Add(OffsetOf(rslot),
                        ContributionOf(info.channel, info.interval_s, slot, r.value, r.quality));
              },
              Deadline(), pass.layer));
          flush();
        }
      }
    }
    ++done;
    if (progress) progress(done, meters.size());
  }
  return Emit(batch);
}

}  // namespace gridline::rollup
