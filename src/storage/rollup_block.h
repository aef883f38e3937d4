// rollup_block.h: the roll-up of one asset over one window of roll-up slots, as the `rollups`
// column family stores it (docs/rollups.md). A roll-up slot is kRollupSlotSeconds (15 minutes,
// UTC-aligned); a window is kWindowSlots of them, as for chunks. Each present cell holds four
// sums over the meters that belong to the asset at the cell's time:
//   delivered_wh, received_wh  energy of the kWh-delivered and kWh-received channels
//   meters                     meters with a kWh-delivered reading starting in the slot
//   estimated                  readings (either channel) whose quality is `estimated`
// Write operands hold deltas of these sums for the cells a write changed; merging adds them, and
// a cell whose four sums reach zero is dropped (no meter contributes to it any more).
//
// Encoding: u8 format (1), varint cell count n, then, when n > 0, the offsets as varint deltas
// (the first from 0), four value columns through the chunk codecs (storage/codec/codec.h), and a
// fixed32 checksum (low 32 bits of XXH3) of everything before it.
#ifndef GRIDLINE_STORAGE_ROLLUP_BLOCK_H_
#define GRIDLINE_STORAGE_ROLLUP_BLOCK_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "storage/chunk.h"

namespace gridline::storage {

inline constexpr int64_t kRollupSlotSeconds = 900;

// Roll-up windows with this bit set hold the validated layer's deltas (validated minus raw, per
// cell) of the window without it; the validated roll-up is their sum (docs/rollups.md
// "Layers"). Raw windows never reach it: 2^31 windows of 4096 quarter-hours is 3.8e8 years.
inline constexpr uint32_t kValidatedDeltaWindowBit = uint32_t{1} << 31;

struct RollupCell {
  int64_t delivered_wh = 0;
  int64_t received_wh = 0;
  int64_t meters = 0;
  int64_t estimated = 0;

  void Add(const RollupCell& o) {
    delivered_wh += o.delivered_wh;
    received_wh += o.received_wh;
    meters += o.meters;
    estimated += o.estimated;
  }
  void Subtract(const RollupCell& o) {
    delivered_wh -= o.delivered_wh;
    received_wh -= o.received_wh;
    meters -= o.meters;
    estimated -= o.estimated;
  }
  // Add, unless a field would pass the int64 range: then false, and *this is unchanged. For
  // sums whose terms the channel bounds do not cover (values stored before the bounds).
  [[nodiscard]] bool TryAdd(const RollupCell& o) {
    RollupCell r;
    if (__builtin_add_overflow(delivered_wh, o.delivered_wh, &r.delivered_wh) ||
        __builtin_add_overflow(received_wh, o.received_wh, &r.received_wh) ||
        __builtin_add_overflow(meters, o.meters, &r.meters) ||
        __builtin_add_overflow(estimated, o.estimated, &r.estimated)) {
      return false;
    }
    *this = r;
    return true;
  }
  bool operator==(const RollupCell&) const = default;
  bool zero() const {
    return delivered_wh == 0 && received_wh == 0 && meters == 0 && estimated == 0;
  }
};

// Cells in offset order.
struct RollupBlock {
  std::vector<uint16_t> offsets;
  std::vector<RollupCell> cells;

  size_t size() const { return offsets.size(); }
  bool empty() const { return offsets.empty(); }
  void clear() {
    offsets.clear();
    cells.clear();
  }
};

// A dense accumulator of one window: add blocks or single cells, then take the non-zero cells.
class RollupAccumulator {
 public:
  RollupAccumulator();
  void Add(uint16_t offset, const RollupCell& cell);
  void Add(const RollupBlock& block);
  // Moves the non-zero cells into *out (cleared first) and resets the accumulator.
  void Take(RollupBlock* out);
  bool empty() const { return touched_.empty(); }

 private:
  std::vector<RollupCell> cells_;
  std::vector<uint8_t> seen_;
  std::vector<uint16_t> touched_;
};

// kFast encodes columns with one quick codec (write operands, folded later); kBest tries them
// all (merged blocks).
enum class RollupEncoding : uint8_t { kFast, kBest };

// REQUIRES: offsets strictly increasing.
void EncodeRollupBlock(const RollupBlock& block, RollupEncoding encoding, std::string* out);
// DataLoss on a malformed or corrupt block.
absl::Status DecodeRollupBlock(std::string_view bytes, RollupBlock* out);

// rollups key: asset u32 | window u32, big-endian.
std::string RollupKey(uint32_t asset, uint32_t window);
bool ParseRollupKey(std::string_view key, uint32_t* asset, uint32_t* window);

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_ROLLUP_BLOCK_H_
