// delta_bitpack.cc: the DeltaBitpack codec: deltas, frame-of-reference bit-packed in blocks.
// It is the fastest codec to decode and wins where deltas are spread evenly over their range
// (noise-like or random data), where Rice coding pays about half a bit per value more.
//
// Payload:
//   varint(zigzag(first value))
//   per block of up to 64 deltas (delta_i = value_i - value_{i-1}, wrapping, i = 1..count-1):
//     byte    w                   bit width, 0..64
//     varint  zigzag(base)        the smallest delta of the block (as int64)
//     ceil(n * w / 8) bytes       n fields of w bits, delta - base (wrapping), LSB-first
// Each block starts on a byte boundary.
#include <algorithm>

#include "common/varint.h"
#include "storage/codec/bit_reader.h"
#include "storage/codec/bit_writer.h"
#include "storage/codec/codec_internal.h"

namespace gridline::storage::codec_internal {

namespace {

constexpr size_t kBitpackBlock = 64;

inline uint64_t Delta(std::span<const int64_t> values, size_t i) {
  return static_cast<uint64_t>(values[i]) - static_cast<uint64_t>(values[i - 1]);
}

inline int BitWidth(uint64_t v) { return v == 0 ? 0 : 64 - __builtin_clzll(v); }

// Frame of one block of deltas [begin, end) (indices into values, begin >= 1).
struct Frame {
  int64_t base;
  int width;
};

Frame BlockFrame(std::span<const int64_t> values, size_t begin, size_t end) {
  int64_t lo = static_cast<int64_t>(Delta(values, begin));
  int64_t hi = lo;
  for (size_t i = begin + 1; i < end; ++i) {
    int64_t d = static_cast<int64_t>(Delta(values, i));
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  return {lo, BitWidth(static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo))};
}

// Decodes the deltas of every block and hands each value to sink(value) in order.
template <typename Sink>
absl::Status WalkBitpack(const char** p, const char* limit, size_t count, Sink sink) {
  uint64_t first;
  if (!GetVarint64(p, limit, &first)) return Corrupt("delta-bitpack", "bad first value");
  uint64_t x = static_cast<uint64_t>(ZigZagDecode(first));
  sink(x);
  for (size_t done = 1; done < count;) {
    const size_t n = std::min(kBitpackBlock, count - done);
    if (*p >= limit) return Corrupt("delta-bitpack", "truncated block");
    const int w = static_cast<unsigned char>(**p);
    ++*p;
    uint64_t zbase;
    if (w > 64 || !GetVarint64(p, limit, &zbase)) {
      return Corrupt("delta-bitpack", "bad block header");
    }
    const uint64_t base = static_cast<uint64_t>(ZigZagDecode(zbase));
    const size_t bytes = (n * static_cast<size_t>(w) + 7) / 8;
    if (bytes > static_cast<size_t>(limit - *p)) return Corrupt("delta-bitpack", "block past end");
    const char* data = *p;
    if (w <= 56 && bytes + 8 <= static_cast<size_t>(limit - data)) {
      // Every field is one 8-byte load inside the buffer.
      const uint64_t mask = LowMask(w);
      for (size_t i = 0; i < n; ++i) {
        const size_t bit = i * static_cast<size_t>(w);
        x += base + ((LoadLe64(data + bit / 8) >> (bit % 8)) & mask);
        sink(x);
      }
    } else {
      BitReader r(data, data + bytes);
      for (size_t i = 0; i < n; ++i) {
        uint64_t v = 0;
        r.Read(w, &v);  // cannot fail: the block's bytes were checked above
        x += base + v;
        sink(x);
      }
    }
    *p += bytes;
    done += n;
  }
  return absl::OkStatus();
}

}  // namespace

size_t SizeDeltaBitpack(std::span<const int64_t> values) {
  size_t bytes = VarintLength(ZigZagEncode(values[0]));
  for (size_t begin = 1; begin < values.size(); begin += kBitpackBlock) {
    const size_t end = std::min(values.size(), begin + kBitpackBlock);
    Frame f = BlockFrame(values, begin, end);
    bytes += 1 + VarintLength(ZigZagEncode(f.base)) +
             ((end - begin) * static_cast<size_t>(f.width) + 7) / 8;
  }
  return bytes;
}

void EncodeDeltaBitpack(std::span<const int64_t> values, std::string* out) {
  PutVarint64(out, ZigZagEncode(values[0]));
  for (size_t begin = 1; begin < values.size(); begin += kBitpackBlock) {
    const size_t end = std::min(values.size(), begin + kBitpackBlock);
    Frame f = BlockFrame(values, begin, end);
    out->push_back(static_cast<char>(f.width));
    PutVarint64(out, ZigZagEncode(f.base));
    BitWriter w(out, (end - begin) * static_cast<uint64_t>(f.width));
    for (size_t i = begin; i < end; ++i) {
      w.Write(Delta(values, i) - static_cast<uint64_t>(f.base), f.width);
    }
    w.Finish();
  }
}

absl::Status DecodeDeltaBitpack(const char** p, const char* limit, size_t count, int64_t* out) {
  size_t i = 0;
  return WalkBitpack(p, limit, count,
                     [out, &i](uint64_t x) { out[i++] = static_cast<int64_t>(x); });
}

absl::Status SumDeltaBitpack(const char** p, const char* limit, size_t count, int64_t* sum) {
  uint64_t total = 0;
  GL_RETURN_IF_ERROR(WalkBitpack(p, limit, count, [&total](uint64_t x) { total += x; }));
  *sum = static_cast<int64_t>(total);
  return absl::OkStatus();
}

}  // namespace gridline::storage::codec_internal
