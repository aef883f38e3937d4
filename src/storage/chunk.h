// chunk.h: one series over one window of 4096 slots, decoded (Chunk) and encoded
// (docs/chunk_format.md). The store keeps chunks as RocksDB values and merge operands.
#ifndef GRIDLINE_STORAGE_CHUNK_H_
#define GRIDLINE_STORAGE_CHUNK_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "common/quality.h"

namespace gridline::storage {

inline constexpr int kWindowShift = 12;
inline constexpr int kWindowSlots = 1 << kWindowShift;  // 4096
inline constexpr int64_t kWindowMask = kWindowSlots - 1;

inline uint32_t WindowOfSlot(int64_t slot) { return static_cast<uint32_t>(slot >> kWindowShift); }
inline int64_t FirstSlotOfWindow(uint32_t window) {
  return static_cast<int64_t>(window) << kWindowShift;
}

// The present slots of a window as parallel arrays, in increasing offset order.
struct Chunk {
  std::vector<uint16_t> offsets;  // strictly increasing, < kWindowSlots
  std::vector<int64_t> values;    // in the channel's resolution
  std::vector<Quality> qualities;
  std::vector<uint32_t> batches;  // arrival batch of each value

  size_t size() const { return offsets.size(); }
  bool empty() const { return offsets.empty(); }
  void clear() {
    offsets.clear();
    values.clear();
    qualities.clear();
    batches.clear();
  }
  void reserve(size_t n) {
    offsets.reserve(n);
    values.reserve(n);
    qualities.reserve(n);
    batches.reserve(n);
  }
  void Append(uint16_t offset, int64_t value, Quality quality, uint32_t batch) {
    offsets.push_back(offset);
    values.push_back(value);
    qualities.push_back(quality);
    batches.push_back(batch);
  }
};

enum class ValueEncoding : uint8_t {
  kBest,  // try every codec and keep the smallest (compaction, sealed chunks)
  kFast,  // one fast codec (write-path merge operands, which compaction re-encodes)
};

// Appends the encoding of `chunk`. REQUIRES: !chunk.empty(), offsets strictly increasing.
void EncodeChunk(const Chunk& chunk, ValueEncoding encoding, std::string* out);

// Decodes `bytes` into *out (replacing its contents). DataLoss when the checksum does not match
// or any field is out of bounds.
absl::Status DecodeChunk(std::string_view bytes, Chunk* out);

// The offsets of the present slots only (the presence runs), verified like DecodeChunk but
// without decoding values: enough to tell whether a write collides with stored values.
absl::Status DecodeChunkOffsets(std::string_view bytes, std::vector<uint16_t>* offsets);

// The checksum a chunk carries in its last four bytes, over `body` (everything before them).
uint32_t ChunkChecksum(std::string_view body);

// Number of present slots and the (wrapping) sum of their values, without materialising them:
// the scan kernel. Verifies the checksum like DecodeChunk.
absl::Status SumChunk(std::string_view bytes, uint32_t* count, int64_t* sum);

// Folds `layers` (oldest first) into *out: every offset present in any layer, with the value,
// quality and batch of the newest layer that has it.
void MergeChunks(std::span<const Chunk* const> layers, Chunk* out);

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_CHUNK_H_
