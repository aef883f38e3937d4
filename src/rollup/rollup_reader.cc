#include "rollup/rollup_reader.h"

#include <map>
#include <memory>

#include "common/exact_sum.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "query/aggregate.h"
#include "query/series_reader.h"
#include "rocksdb/db.h"
#include "rollup/contribution.h"
#include "rollup/placement.h"
#include "storage/rocks_status.h"

namespace gridline::rollup {

namespace {

constexpr int64_t kSlot = storage::kRollupSlotSeconds;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::optional<RollupMetric> RollupMetricFromName(std::string_view name) {
  if (name == "delivered") return RollupMetric::kDelivered;
  if (name == "received") return RollupMetric::kReceived;
  if (name == "net") return RollupMetric::kNet;
  return std::nullopt;
}

namespace {

// A meter's own "roll-up": its energy series' readings as cells, computed at query time (meters
// keep no roll-up blocks; their chunks are the data).
absl::Status ForEachMeterCell(const storage::ReadView& view, storage::AssetId meter, int64_t from,
                              int64_t to,
                              const std::function<void(int64_t, const storage::RollupCell&)>& visit,
                              const Deadline& deadline, query::Layer layer) {
  const storage::Catalog& catalog = view.store().catalog();
  std::map<int64_t, storage::RollupCell> cells;
  bool overflow = false;
  for (storage::SeriesId series : catalog.SeriesOfAsset(meter)) {
    const storage::SeriesInfo info = catalog.GetSeries(series);
    if (!RollsUp(info.channel)) continue;
    // Readings that start before `from` may still fall into a slot that starts in range.
    GL_RETURN_IF_ERROR(query::ReadSeriesRange(
        view, series, info, from - kSlot, to,
        [&](const query::ReadingRow& r) {
          if (r.quality == Quality::kMissing && r.origin != 0) return;  // validated: no value
          const int64_t slot = r.time / info.interval_s;
          const int64_t t = RollupSlotOf(slot, info.interval_s) * kSlot;
          if (t < from || t >= to) return;
          overflow |= !cells[t].TryAdd(
              ContributionOf(info.channel, info.interval_s, slot, r.value, r.quality));
        },
        deadline, layer));
  }
  if (overflow) {
    return absl::OutOfRangeError(
        "a quarter-hour of this meter sums past the int64 range (values stored before the "
        "channel bounds): read its series with --layer raw to find them");
  }
  for (const auto& [t, cell] : cells) {
    if (!cell.zero()) visit(t, cell);
  }
  return absl::OkStatus();
}

// Calls visit(t, cell) for the stored cells of `asset` in [from, to) whose windows carry
// `window_bit` (0: raw cells; kValidatedDeltaWindowBit: validated deltas), in time order.
absl::Status ForEachStoredCell(
    const storage::ReadView& view, storage::AssetId asset, int64_t from, int64_t to,
    uint32_t window_bit, const std::function<void(int64_t, const storage::RollupCell&)>& visit,
    const Deadline& deadline) {
  const int64_t first_slot = std::max<int64_t>(0, FloorDiv(from, kSlot));
  const int64_t end_slot = FloorDiv(to - 1, kSlot) + 1;
  const uint32_t first_window = static_cast<uint32_t>(first_slot / storage::kWindowSlots);
  uint64_t end_window = static_cast<uint64_t>((end_slot - 1) / storage::kWindowSlots) + 1;
  // Raw windows stay below the delta bit, delta windows below 2^32.
  end_window = std::min<uint64_t>(end_window, storage::kValidatedDeltaWindowBit);
  if (first_window >= end_window) return absl::OkStatus();
  const std::string begin = storage::RollupKey(asset, first_window | window_bit);
  const std::string end =
      window_bit != 0 && end_window == storage::kValidatedDeltaWindowBit
          ? storage::RollupKey(asset + 1, 0)
          : storage::RollupKey(asset, static_cast<uint32_t>(end_window) | window_bit);
  rocksdb::Slice upper(end);
  rocksdb::ReadOptions options;
  options.snapshot = view.snapshot();
  options.iterate_upper_bound = &upper;
  const storage::Store& store = view.store();
  std::unique_ptr<rocksdb::Iterator> it(store.db()->NewIterator(options, store.rollups_cf()));
  storage::RollupBlock block;
  for (it->Seek(begin); it->Valid(); it->Next()) {
    GL_RETURN_IF_ERROR(deadline.Check(fmt::format("reading the roll-ups of asset {}", asset)));
    uint32_t a = 0, window = 0;
    if (!storage::ParseRollupKey(std::string_view(it->key().data(), it->key().size()), &a,
                                 &window) ||
        a != asset) {
      break;
    }
    if (absl::Status s = storage::DecodeRollupBlock(
            std::string_view(it->value().data(), it->value().size()), &block);
        !s.ok()) {
      return absl::DataLossError(fmt::format("roll-up of asset {} window {}: {} (not served)",
                                             asset, window, StdView(s.message())));
    }
    const int64_t base = int64_t{window & ~window_bit} * storage::kWindowSlots;
    for (size_t i = 0; i < block.size(); ++i) {
      const int64_t t = (base + block.offsets[i]) * kSlot;
      if (t >= from && t < to) visit(t, block.cells[i]);
    }
  }
  return storage::FromRocks(it->status(), fmt::format("reading roll-ups of asset {}", asset));
}

}  // namespace

absl::Status ForEachRollupCell(
    const storage::ReadView& view, storage::AssetId asset, int64_t from, int64_t to,
    const std::function<void(int64_t, const storage::RollupCell&)>& visit, const Deadline& deadline,
    query::Layer layer) {
  if (from >= to || to <= 0) return absl::OkStatus();
  const storage::AssetKind kind = asset == kSystemAsset
                                      ? storage::AssetKind::kSubstation
                                      : view.store().catalog().GetAssetKind(asset);
  if (kind == storage::AssetKind::kMeter || kind == storage::AssetKind::kSensor) {
    return ForEachMeterCell(view, asset, from, to, visit, deadline, layer);
  }
  if (layer == query::Layer::kRaw) {
    return ForEachStoredCell(view, asset, from, to, 0, visit, deadline);
  }
  // Deltas are sparse (where VEE changed something): gathered first, then added to the raw
  // cells as they stream by; a delta where no raw cell is (an estimate filling a gap) comes in
  // its time order.
  std::map<int64_t, storage::RollupCell> deltas;
  GL_RETURN_IF_ERROR(ForEachStoredCell(
      view, asset, from, to, storage::kValidatedDeltaWindowBit,
      [&](int64_t t, const storage::RollupCell& c) { deltas[t].Add(c); }, deadline));
  if (deltas.empty()) return ForEachStoredCell(view, asset, from, to, 0, visit, deadline);
  auto next = deltas.begin();
  GL_RETURN_IF_ERROR(ForEachStoredCell(
      view, asset, from, to, 0,
      [&](int64_t t, const storage::RollupCell& c) {
        for (; next != deltas.end() && next->first < t; ++next) visit(next->first, next->second);
        storage::RollupCell cell = c;
        if (next != deltas.end() && next->first == t) {
          cell.Add(next->second);
          ++next;
        }
        if (!cell.zero()) visit(t, cell);
      },
      deadline));
  for (; next != deltas.end(); ++next) visit(next->first, next->second);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<RollupRow>> ReadRollup(const storage::ReadView& view,
                                                  storage::AssetId asset, int64_t from, int64_t to,
                                                  const Step& step, const TimeZone& zone,
                                                  size_t max_rows, const Deadline& deadline,
                                                  query::Layer layer) {
  auto bounds = query::BucketBounds(from, to, step, zone, max_rows);
  if (!bounds.ok()) return bounds.status();
  const std::vector<int64_t>& b = *bounds;
  std::vector<RollupRow> rows(b.size() - 1);
  for (size_t i = 0; i + 1 < b.size(); ++i) rows[i].start = b[i];
  // Each cell fits int64 (readings are bounded, contribution.h), but a step of many cells may
  // not: sums are kept in 128 bits and checked once per step.
  struct Sums {
    ExactSum delivered, received, estimated;
  };
  std::vector<Sums> sums(rows.size());
  size_t k = 0;
  absl::Status s = ForEachRollupCell(
      view, asset, from, to,
      [&](int64_t t, const storage::RollupCell& c) {
        while (k + 1 < rows.size() && t >= b[k + 1]) ++k;
        RollupRow& r = rows[k];
        r.empty = false;
        sums[k].delivered.Add(c.delivered_wh);
        sums[k].received.Add(c.received_wh);
        sums[k].estimated.Add(c.estimated);
        r.meters = std::max(r.meters, c.meters);
      },
      deadline, layer);
  if (!s.ok()) return s;
  for (size_t i = 0; i < rows.size(); ++i) {
    RollupRow& r = rows[i];
    ExactSum net = sums[i].delivered;
    int64_t net_wh;
    const bool fits = sums[i].delivered.ToInt64(&r.delivered_wh) &&
                      sums[i].received.ToInt64(&r.received_wh) &&
                      sums[i].estimated.ToInt64(&r.estimated);
    net.Subtract(r.received_wh);
    if (!fits || !net.ToInt64(&net_wh)) {
      return absl::OutOfRangeError(fmt::format(
          "the roll-up of asset {} in the step starting {} is about {:.4g} kWh delivered and "
          "{:.4g} kWh received, beyond the int64 range of a sum in Wh; narrow the step",
          asset, FormatIsoUtc(r.start), sums[i].delivered.ToDouble() / 1000,
          sums[i].received.ToDouble() / 1000));
    }
  }
  return rows;
}

}  // namespace gridline::rollup
