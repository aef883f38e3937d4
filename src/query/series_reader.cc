// series_reader.cc: ReadSeriesRange (series_reader.h).
#include "query/series_reader.h"

#include <algorithm>

#include "common/status_macros.h"
#include "fmt/format.h"

namespace gridline::query {

namespace {

// With a deadline, the range is read a slice of windows at a time and the deadline checked
// between slices (ForEachChunk cannot be stopped from inside): 16 windows of 4096 slots, under
// two years of quarter-hours or 18 hours of seconds, some 65,000 readings (tens of milliseconds
// for the slowest visitor, a meter's own roll-up cells), for one more Seek each.
constexpr int64_t kSliceSlots = int64_t{16} * storage::kWindowSlots;
constexpr int64_t kMaxSliceSlots = int64_t{1} << 40;

}  // namespace

std::optional<Layer> LayerFromName(std::string_view name) {
  if (name == "raw") return Layer::kRaw;
  if (name == "validated") return Layer::kValidated;
  return std::nullopt;
}

std::string_view LayerName(Layer layer) { return layer == Layer::kRaw ? "raw" : "validated"; }

absl::Status ReadSeriesRange(const storage::ReadView& view, storage::SeriesId series,
                             const storage::SeriesInfo& info, int64_t from_s, int64_t to_s,
                             const std::function<void(const ReadingRow&)>& visit,
                             const Deadline& deadline, Layer layer) {
  if (from_s >= to_s) return absl::OkStatus();
  const int64_t interval = info.interval_s;
  const int64_t from_slot = SlotAtOrAfter(from_s, interval);
  const int64_t to_slot = SlotAtOrAfter(to_s, interval);
  auto visit_chunk = [&](uint32_t window, const storage::Chunk& c,
                         std::span<const uint32_t> origins) {
    const int64_t base = storage::FirstSlotOfWindow(window);
    for (size_t i = 0; i < c.size(); ++i) {
      const int64_t slot = base + c.offsets[i];
      if (slot < from_slot) continue;
      if (slot >= to_slot) break;
      visit(ReadingRow{slot * interval, c.values[i], c.qualities[i], c.batches[i],
                       origins.empty() ? 0 : origins[i]});
    }
  };
  auto read = [&](int64_t from, int64_t to, bool* any) -> absl::Status {
    if (layer == Layer::kValidated) {
      return view.ForEachValidatedChunk(
          series, from, to,
          [&](uint32_t window, const storage::Chunk& c, std::span<const uint32_t> origins) {
            *any = true;
            visit_chunk(window, c, origins);
          });
    }
    return view.ForEachChunk(series, from, to, [&](uint32_t window, const storage::Chunk& c) {
      *any = true;
      visit_chunk(window, c, {});
    });
  };
  bool any = false;
  if (!deadline.is_set()) return read(from_slot, to_slot, &any);
  int64_t slice = kSliceSlots;
  for (int64_t slot = from_slot; slot < to_slot;) {
    GL_RETURN_IF_ERROR(deadline.Check(fmt::format("reading series {}", series)));
    // Slices end on window boundaries, so no chunk is visited twice. A slice that held no chunk
    // doubles the next: a sparse range (a one-second series over centuries) costs a few dozen
    // seeks, not one per slice.
    const int64_t end =
        std::min(to_slot, slot / storage::kWindowSlots * storage::kWindowSlots + slice);
    any = false;
    GL_RETURN_IF_ERROR(read(slot, end, &any));
    slice = any ? kSliceSlots : std::min(slice * 2, kMaxSliceSlots);
    slot = end;
  }
  return absl::OkStatus();
}

}  // namespace gridline::query
