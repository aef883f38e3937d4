// contribution.h: what one reading adds to the roll-up of every asset above its meter
// (docs/rollups.md). Roll-ups have a fixed 15-minute UTC grid (storage::kRollupSlotSeconds):
//   - energy: a kWh-delivered reading adds to delivered_wh, kWh-received to received_wh, and a
//     kWh-net reading to delivered_wh when positive and received_wh when negative (so that
//     net = delivered - received holds); readings shorter than 15 minutes add into the slot that
//     holds their start; a reading of 30 minutes or an hour adds into its first slot, so roll-up
//     energy is exact at steps of at least the coarsest member interval;
//   - meters: a kWh-delivered reading counts its meter once in a slot: the reading that starts
//     the slot, or spans its start (start % 15 min < interval);
//   - estimated: a reading of any of these channels whose quality is `estimated`.
// Other channels (voltage, demand, ...) do not roll up.
#ifndef GRIDLINE_ROLLUP_CONTRIBUTION_H_
#define GRIDLINE_ROLLUP_CONTRIBUTION_H_

#include <cstdint>
#include <limits>

#include "common/channel.h"
#include "common/quality.h"
#include "storage/rollup_block.h"

namespace gridline::rollup {

inline bool RollsUp(ChannelKind c) {
  return c == ChannelKind::kKwhDelivered || c == ChannelKind::kKwhReceived ||
         c == ChannelKind::kKwhNet;
}

// The roll-up slot holding the reading at `slot` of a series with `interval_s`.
inline int64_t RollupSlotOf(int64_t slot, int32_t interval_s) {
  return slot * interval_s / storage::kRollupSlotSeconds;
}

// The cell one reading contributes. REQUIRES: RollsUp(channel).
inline storage::RollupCell ContributionOf(ChannelKind channel, int32_t interval_s, int64_t slot,
                                          int64_t value, Quality quality) {
  storage::RollupCell c;
  switch (channel) {
    case ChannelKind::kKwhDelivered:
      c.delivered_wh = value;
      c.meters = (slot * interval_s) % storage::kRollupSlotSeconds < interval_s ? 1 : 0;
      break;
    case ChannelKind::kKwhReceived:
      c.received_wh = value;
      break;
    default:  // kKwhNet. INT64_MIN has no negation: it is outside every channel's range
              // (common/channel.h), so only a value stored before the bounds can be it.
      if (value >= 0) {
        c.delivered_wh = value;
      } else {
        c.received_wh = value == std::numeric_limits<int64_t>::min()
                            ? std::numeric_limits<int64_t>::max()
                            : -value;
      }
      break;
  }
  c.estimated = quality == Quality::kEstimated ? 1 : 0;
  return c;
}

}  // namespace gridline::rollup

#endif  // GRIDLINE_ROLLUP_CONTRIBUTION_H_
