#include "query/series_reader.h"

namespace gridline::query {

absl::Status ReadSeriesRange(const storage::ReadView& view, storage::SeriesId series,
                             const storage::SeriesInfo& info, int64_t from_s, int64_t to_s,
                             const std::function<void(const ReadingRow&)>& visit) {
  if (from_s >= to_s) return absl::OkStatus();
  const int64_t interval = info.interval_s;
  const int64_t from_slot = SlotAtOrAfter(from_s, interval);
  const int64_t to_slot = SlotAtOrAfter(to_s, interval);
  return view.ForEachChunk(
      series, from_slot, to_slot, [&](uint32_t window, const storage::Chunk& c) {
        const int64_t base = storage::FirstSlotOfWindow(window);
        for (size_t i = 0; i < c.size(); ++i) {
          const int64_t slot = base + c.offsets[i];
          if (slot < from_slot) continue;
          if (slot >= to_slot) break;
          visit(ReadingRow{slot * interval, c.values[i], c.qualities[i], c.batches[i]});
        }
      });
}

}  // namespace gridline::query
