// rice_stream.h: adaptive Rice coding of a run of unsigned residuals, the entropy coder that
// the DeltaRice, DeltaOfDeltaRice and SparseDeltaRice codecs share.
//
// Residuals are cut into blocks of kRiceBlock; each block gets its own Rice parameter k (or is
// marked all-zero), so quiet nights and busy evenings of one chunk are each coded with the
// parameter that suits them. A residual u is split into a quotient q = u >> k, written in unary,
// and k low bits, written verbatim. Unary codes and low bits live in two separate sections so
// that the decoder finds every value's low bits at a fixed offset (block start + i * k) and
// walks the unary section one set bit at a time; both loops are short and branch-light.
//
// Byte layout (docs/codecs.md, "Rice stream"):
//   varint  U                 byte length of the unary section
//   U bytes unary section     per block: unary(zigzag(sym - previous sym)), then, unless the
//                             block is all-zero, per residual unary(min(q, kRiceEscape)) and,
//                             when q >= kRiceEscape, unary(e) where e + 1 is the bit length of
//                             q - kRiceEscape + 1
//   ...     low section       per non-zero block: n fields of k bits (the residuals' low bits),
//                             then per escape in the block the e bits of q - kRiceEscape + 1
//                             below its leading one; zero-padded to a whole byte
// sym is 0 for an all-zero block and k + 1 otherwise (k in [0, 63]); the first block's previous
// sym is 0. Bits are LSB-first (bit_writer.h). The residual count is not stored: the caller
// knows it. The stream ends after its low section, so streams can follow one another.
#ifndef GRIDLINE_STORAGE_CODEC_RICE_STREAM_H_
#define GRIDLINE_STORAGE_CODEC_RICE_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/varint.h"
#include "storage/codec/bit_reader.h"

namespace gridline::storage::codec_internal {

// Residuals per block. 16 measured best on LCL and synthetic 15-minute data (32 costs ~1% more,
// 8 pays more for parameters than it wins in adaptivity); see docs/codecs.md.
inline constexpr size_t kRiceBlock = 16;
// Quotients from this value on are escaped: a 7 kW appliance step in a quiet block would
// otherwise cost hundreds of unary bits.
inline constexpr uint64_t kRiceEscape = 8;

// The parameters chosen for one run of residuals and the exact size they give.
struct RicePlan {
  std::vector<uint8_t> syms;  // per block: 0 = all zero, else k + 1
  uint64_t unary_bits = 0;
  uint64_t low_bits = 0;
  // Encoded size in bytes, varint header included.
  size_t bytes() const;
};

// Chooses a parameter per block (greedy, counting the parameter's own cost) for `u`.
RicePlan PlanRice(std::span<const uint64_t> u);

// Appends the stream for `u` as planned by PlanRice(u).
void WriteRice(std::span<const uint64_t> u, const RicePlan& plan, std::string* out);

// Walks the unary section one set bit at a time. Out-of-data is reported lazily: past the end it
// yields far-away positions, so the quotient becomes too large and the caller's escape path,
// which checks failed(), turns it into DataLoss. Every call advances, so no loop is endless.
class UnaryCursor {
 public:
  UnaryCursor(const char* begin, const char* end) : p_(begin), end_(end) {}

  // Absolute bit position of the next one bit.
  uint64_t NextOne() {
    while (word_ == 0) Refill();
    uint64_t pos = base_ + static_cast<uint64_t>(__builtin_ctzll(word_));
    word_ &= word_ - 1;
    return pos;
  }
  bool failed() const { return failed_; }

 private:
  void Refill() {
    base_ += 64;
    size_t left = static_cast<size_t>(end_ - p_);
    if (left >= 8) {
      word_ = LoadLe64(p_);
      p_ += 8;
    } else if (left > 0) {
      word_ = LoadLe64Partial(p_, left);
      p_ = end_;
    } else {
      failed_ = true;
      base_ += uint64_t{1} << 32;
      word_ = 1;
    }
  }

  const char* p_;
  const char* end_;
  uint64_t word_ = 0;
  uint64_t base_ = ~uint64_t{63};  // -64: the first Refill makes it 0
  bool failed_ = false;
};

inline absl::Status RiceCorrupt(const char* what) {
  return absl::DataLossError(std::string("rice stream: ") + what);
}

// Reads n bits (n <= 64) at bit offset `off` of [base, limit), or fails.
inline bool ReadBitsChecked(const char* base, const char* limit, uint64_t off, int n,
                            uint64_t* v) {
  BitReader r(base, limit);
  return r.Seek(off) && r.Read(n, v);
}

// Decodes `n` residuals from the stream at *p (not past `limit`) and hands them to `sink`,
// advancing *p past the stream. Sink needs `void operator()(uint64_t u)` (one residual) and
// `void Zeros(size_t n)` (n zero residuals), called in order.
template <typename Sink>
absl::Status DecodeRice(const char** p, const char* limit, size_t n, Sink& sink) {
  uint64_t unary_bytes;
  if (!GetVarint64(p, limit, &unary_bytes)) return RiceCorrupt("bad unary length");
  if (unary_bytes > static_cast<uint64_t>(limit - *p)) return RiceCorrupt("unary past end");
  UnaryCursor unary(*p, *p + unary_bytes);
  const char* low = *p + unary_bytes;
  const uint64_t low_limit_bits = static_cast<uint64_t>(limit - low) * 8;
  uint64_t last = ~uint64_t{0};  // position of the previous one bit; -1 before the first
  uint64_t off = 0;              // bit offset of the current block in the low section
  uint64_t sym = 0;
  for (size_t start = 0; start < n; start += kRiceBlock) {
    const size_t bn = n - start < kRiceBlock ? n - start : kRiceBlock;
    uint64_t pos = unary.NextOne();
    sym += static_cast<uint64_t>(ZigZagDecode(pos - last - 1));
    last = pos;
    if (sym > 64 || unary.failed()) return RiceCorrupt("bad block parameter");
    if (sym == 0) {
      sink.Zeros(bn);
      continue;
    }
    const int k = static_cast<int>(sym) - 1;
    const uint64_t mask = LowMask(k);
    uint64_t esc = off + bn * static_cast<uint64_t>(k);  // where this block's escape bits start
    if (esc > low_limit_bits) return RiceCorrupt("low bits past end");
    // Fast path: every field is one 8-byte load inside [low, limit).
    const bool fast = k <= 56 && esc / 8 + 8 <= low_limit_bits / 8;
    for (size_t i = 0; i < bn; ++i) {
      pos = unary.NextOne();
      uint64_t q = pos - last - 1;
      last = pos;
      if (q >= kRiceEscape) [[unlikely]] {
        if (q > kRiceEscape || unary.failed()) return RiceCorrupt("bad quotient");
        pos = unary.NextOne();
        uint64_t e = pos - last - 1;
        last = pos;
        uint64_t raw;
        if (e > 63 || !ReadBitsChecked(low, limit, esc, static_cast<int>(e), &raw)) {
          return RiceCorrupt("bad escape");
        }
        esc += e;
        q = kRiceEscape + (((uint64_t{1} << e) | raw) - 1);
      }
      const uint64_t bit = off + i * static_cast<uint64_t>(k);
      uint64_t lo;
      if (fast) [[likely]] {
        lo = (LoadLe64(low + bit / 8) >> (bit % 8)) & mask;
      } else if (!ReadBitsChecked(low, limit, bit, k, &lo)) {
        return RiceCorrupt("low bits past end");
      }
      sink((q << k) | lo);
    }
    off = esc;
  }
  if (unary.failed()) return RiceCorrupt("unary section too short");
  *p = low + (off + 7) / 8;
  return absl::OkStatus();
}

}  // namespace gridline::storage::codec_internal

#endif  // GRIDLINE_STORAGE_CODEC_RICE_STREAM_H_
