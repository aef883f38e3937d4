#include "storage/rollup_block.h"

#include <algorithm>

#include "common/varint.h"
#include "storage/codec/codec.h"
#include "storage/keys.h"

namespace gridline::storage {

namespace {

constexpr uint8_t kFormat = 1;

absl::Status Corrupt(std::string_view what) {
  return absl::DataLossError(std::string("corrupt roll-up block: ") + std::string(what));
}

}  // namespace

RollupAccumulator::RollupAccumulator() : cells_(kWindowSlots), seen_(kWindowSlots, 0) {}

void RollupAccumulator::Add(uint16_t offset, const RollupCell& cell) {
  if (!seen_[offset]) {
    seen_[offset] = 1;
    touched_.push_back(offset);
  }
  cells_[offset].Add(cell);
}

void RollupAccumulator::Add(const RollupBlock& block) {
  for (size_t i = 0; i < block.size(); ++i) Add(block.offsets[i], block.cells[i]);
}

void RollupAccumulator::Take(RollupBlock* out) {
  out->clear();
  // Many touched cells: a pass over the flags beats sorting them.
  if (touched_.size() > kWindowSlots / 16) {
    touched_.clear();
    for (uint16_t o = 0; o < kWindowSlots; ++o) {
      if (seen_[o]) touched_.push_back(o);
    }
  } else {
    std::sort(touched_.begin(), touched_.end());
  }
  for (uint16_t o : touched_) {
    if (!cells_[o].zero()) {
      out->offsets.push_back(o);
      out->cells.push_back(cells_[o]);
    }
    cells_[o] = RollupCell();
    seen_[o] = 0;
  }
  touched_.clear();
}

void EncodeRollupBlock(const RollupBlock& block, RollupEncoding encoding, std::string* out) {
  const size_t start = out->size();
  out->push_back(static_cast<char>(kFormat));
  PutVarint64(out, block.size());
  if (!block.empty()) {
    uint16_t prev = 0;
    for (uint16_t o : block.offsets) {
      PutVarint64(out, static_cast<uint64_t>(o - prev));
      prev = o;
    }
    std::vector<int64_t> column(block.size());
    for (int c = 0; c < 4; ++c) {
      for (size_t i = 0; i < block.size(); ++i) {
        const RollupCell& cell = block.cells[i];
        column[i] = c == 0 ? cell.delivered_wh
                    : c == 1 ? cell.received_wh
                    : c == 2 ? cell.meters
                             : cell.estimated;
      }
      if (encoding == RollupEncoding::kBest) {
        EncodeValues(column, out);
      } else {
        EncodeValuesWith(CodecId::kDeltaBitpack, column, out);
      }
    }
  }
  PutFixed32(out, ChunkChecksum(std::string_view(out->data() + start, out->size() - start)));
}

absl::Status DecodeRollupBlock(std::string_view bytes, RollupBlock* out) {
  out->clear();
  if (bytes.size() < 6) return Corrupt("too short");
  const char* limit = bytes.data() + bytes.size() - 4;
  if (DecodeFixed32(limit) != ChunkChecksum(bytes.substr(0, bytes.size() - 4))) {
    return Corrupt("checksum mismatch");
  }
  const char* p = bytes.data();
  if (static_cast<uint8_t>(*p++) != kFormat) return Corrupt("unknown format");
  uint64_t n = 0;
  if (!GetVarint64(&p, limit, &n) || n > kWindowSlots) return Corrupt("bad cell count");
  if (n == 0) return p == limit ? absl::OkStatus() : Corrupt("trailing bytes");
  out->offsets.resize(n);
  out->cells.resize(n);
  uint64_t offset = 0;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t d = 0;
    if (!GetVarint64(&p, limit, &d)) return Corrupt("bad offsets");
    offset += d;
    if ((i > 0 && d == 0) || offset >= kWindowSlots) return Corrupt("bad offsets");
    out->offsets[i] = static_cast<uint16_t>(offset);
  }
  std::vector<int64_t> column(n);
  for (int c = 0; c < 4; ++c) {
    if (absl::Status s = DecodeValues(&p, limit, n, column.data()); !s.ok()) return s;
    for (uint64_t i = 0; i < n; ++i) {
      RollupCell& cell = out->cells[i];
      (c == 0 ? cell.delivered_wh : c == 1 ? cell.received_wh : c == 2 ? cell.meters
                                                                        : cell.estimated) =
          column[i];
    }
  }
  return p == limit ? absl::OkStatus() : Corrupt("trailing bytes");
}

std::string RollupKey(uint32_t asset, uint32_t window) { return ChunkKey(asset, window); }

bool ParseRollupKey(std::string_view key, uint32_t* asset, uint32_t* window) {
  return ParseChunkKey(key, asset, window);
}

}  // namespace gridline::storage
