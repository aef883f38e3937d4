// rollup_recompute_record.h: the record `gridline repair` leaves in the meta column family for
// the roll-ups above the readings it set aside (store_check.h). Store::Repair cannot recompute
// roll-ups itself (they live above the store: rollup/rollup_recompute.h), so it writes, durably
// and before it rebuilds anything, which (series, slot range)s it sets aside and whether the
// `rollups` column family itself is rebuilt; the engine then recomputes those roll-ups and
// deletes the record in the same atomic commit (engine.h). A crash in between leaves the record,
// and the next `gridline repair` finishes the work; `gridline check` reports it.
//
// Key: kRollupRecomputePrefix + STAMP + "/" + sequence. Value: u8 format (1), u8 all (1 when
// every roll-up must be rebuilt), varint count, then per range varint series, varint from_slot,
// varint to_slot.
#ifndef GRIDLINE_STORAGE_ROLLUP_RECOMPUTE_RECORD_H_
#define GRIDLINE_STORAGE_ROLLUP_RECOMPUTE_RECORD_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "storage/catalog.h"

namespace gridline::storage {

inline constexpr std::string_view kRollupRecomputePrefix = "Rrollups/";

// Readings of `series` in slots [from_slot, to_slot) that a repair set aside.
struct SetAsideRange {
  SeriesId series = 0;
  int64_t from_slot = 0;
  int64_t to_slot = 0;
  bool operator==(const SetAsideRange&) const = default;
};

struct RollupRecompute {
  bool all = false;  // the rollups column family was rebuilt: recompute every roll-up
  std::vector<SetAsideRange> ranges;
};

std::string EncodeRollupRecompute(const RollupRecompute& r);
// DataLoss on a malformed record.
absl::Status DecodeRollupRecompute(std::string_view bytes, RollupRecompute* out);

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_ROLLUP_RECOMPUTE_RECORD_H_
