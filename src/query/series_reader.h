// series_reader.h: the readings of one series over a time range, in time order, from a
// consistent snapshot of the store.
#ifndef GRIDLINE_QUERY_SERIES_READER_H_
#define GRIDLINE_QUERY_SERIES_READER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "common/deadline.h"
#include "common/quality.h"
#include "storage/store.h"

namespace gridline::query {

struct ReadingRow {
  int64_t time = 0;   // UTC seconds of the interval start
  int64_t value = 0;  // 0 when quality is kMissing (a processed slot nothing could fill)
  Quality quality = Quality::kActual;
  storage::BatchId batch = 0;  // arrival batch of the raw value, 0 when the slot has none
  uint32_t origin = 0;         // validated layer: origin id (storage/validated_layer.h), 0 = raw
};

// Which layer a read sees (docs/validated_layer.md): the raw values as received (the latest
// version of each slot), or the validated layer (VEE's and users' values over the raw ones).
enum class Layer : uint8_t { kRaw, kValidated };
// `raw` or `validated`; nullopt otherwise.
std::optional<Layer> LayerFromName(std::string_view name);
std::string_view LayerName(Layer layer);

// The first slot whose start lies at or after `t`.
inline int64_t SlotAtOrAfter(int64_t t, int64_t interval_s) {
  return t <= 0 ? 0 : (t + interval_s - 1) / interval_s;
}

// Calls visit(row) for every stored reading of `series` whose interval starts in [from_s, to_s),
// in time order: on the raw layer the latest raw version of each slot, on the validated layer
// each processed slot's validated value (`missing` rows included) and every other slot's raw
// value. DeadlineExceeded once `deadline` passed (checked every 16 windows: visit may have seen
// part of the range).
absl::Status ReadSeriesRange(const storage::ReadView& view, storage::SeriesId series,
                             const storage::SeriesInfo& info, int64_t from_s, int64_t to_s,
                             const std::function<void(const ReadingRow&)>& visit,
                             const Deadline& deadline = Deadline(), Layer layer = Layer::kRaw);

}  // namespace gridline::query

#endif  // GRIDLINE_QUERY_SERIES_READER_H_
