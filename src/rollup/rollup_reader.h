// rollup_reader.h: roll-ups of one asset read back, at the 15-minute roll-up grid or summed into
// hours, days and months (local days and months in a time zone, as query/aggregate.h does).
// In a step of several roll-up slots, delivered, received and estimated are sums and `meters` is
// the largest number of meters reporting in any one slot of the step.
#ifndef GRIDLINE_ROLLUP_ROLLUP_READER_H_
#define GRIDLINE_ROLLUP_ROLLUP_READER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/deadline.h"
#include "common/time.h"
#include "common/time_zone.h"
#include "query/series_reader.h"
#include "storage/rollup_block.h"
#include "storage/store.h"

namespace gridline::rollup {

enum class RollupMetric : uint8_t { kDelivered, kReceived, kNet };
std::optional<RollupMetric> RollupMetricFromName(std::string_view name);

struct RollupRow {
  int64_t start = 0;  // UTC seconds, clipped to `from`
  bool empty = true;  // no cell in the step: no meter reported
  int64_t delivered_wh = 0;
  int64_t received_wh = 0;
  int64_t meters = 0;     // most meters reporting in one slot of the step
  int64_t estimated = 0;  // estimated readings in the step

  int64_t Wh(RollupMetric m) const {
    return m == RollupMetric::kDelivered  ? delivered_wh
           : m == RollupMetric::kReceived ? received_wh
                                          : delivered_wh - received_wh;
  }
};

// Calls visit(slot_start_utc_s, cell) for every non-empty roll-up cell of `asset` whose slot
// starts in [from, to), in time order. DataLoss for a corrupt block (not served). For a meter
// the cells are computed from its own readings by the same rule (contribution.h).
// DeadlineExceeded once `deadline` passed (checked per block of 4096 cells).
// On the validated layer (the default) a cell is the raw cell plus its validated delta
// (storage::kValidatedDeltaWindowBit): estimates fill gaps and are counted, suspect values are
// replaced by what VEE put in their place.
absl::Status ForEachRollupCell(
    const storage::ReadView& view, storage::AssetId asset, int64_t from, int64_t to,
    const std::function<void(int64_t, const storage::RollupCell&)>& visit,
    const Deadline& deadline = Deadline(), query::Layer layer = query::Layer::kValidated);

// One row per step in [from, to), empty steps included. InvalidArgument when that is more than
// `max_rows` rows, found before the rows are allocated (query::BucketBounds); DeadlineExceeded
// once `deadline` passed.
absl::StatusOr<std::vector<RollupRow>> ReadRollup(const storage::ReadView& view,
                                                  storage::AssetId asset, int64_t from, int64_t to,
                                                  const Step& step, const TimeZone& zone,
                                                  size_t max_rows,
                                                  const Deadline& deadline = Deadline(),
                                                  query::Layer layer = query::Layer::kValidated);

}  // namespace gridline::rollup

#endif  // GRIDLINE_ROLLUP_ROLLUP_READER_H_
