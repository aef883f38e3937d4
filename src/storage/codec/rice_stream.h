// rice_stream.h: adaptive Rice coding of a run of unsigned residuals, the entropy coder that
// the DeltaRice, DeltaOfDeltaRice, SparseDeltaRice, RunLengthRice and FrameRice codecs share.
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
//   U bytes unary section     per block: unary(zigzag(sym - previous sym)); unless the block
//                             is all-zero, per residual unary(min(q, kRiceEscape)), then per
//                             escaped residual (q >= kRiceEscape) of the block, in order,
//                             unary(e) where e + 1 is the bit length of q - kRiceEscape + 1
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
#include "common/status_macros.h"
#include "common/varint.h"
#include "storage/codec/bit_reader.h"

namespace gridline::storage::codec_internal {

// Residuals per block. 16 measured best on LCL and synthetic 15-minute data (32 costs ~1% more,
// 8 pays more for parameters than it wins in adaptivity); see docs/codecs.md.
inline constexpr size_t kRiceBlock = 16;
// Quotients from this value on are escaped: a 7 kW appliance step in a quiet block would
// otherwise cost hundreds of unary bits. 8 is 0.1% smaller but sends many more blocks off the
// decoder's fast path. A power of two, so one OR of the quotients detects an escape.
inline constexpr uint64_t kRiceEscape = 16;

// The parameters chosen for one run of residuals and the exact size they give.
struct RicePlan {
  std::vector<uint8_t> syms;  // per block: 0 = all zero, else k + 1
  uint64_t unary_bits = 0;
  uint64_t low_bits = 0;
  bool aborted = false;  // the budget was reached: nothing can be written from this plan
  // Encoded size in bytes, varint header included; SIZE_MAX if aborted.
  size_t bytes() const;
};

// Chooses a parameter per block (greedy, counting the parameter's own cost) for `u`. Gives up
// (aborted, bytes() == SIZE_MAX) as soon as the size is known to be >= `budget` bytes, which
// lets EncodeValues drop a losing candidate early without changing its choice.
RicePlan PlanRice(std::span<const uint64_t> u, size_t budget = SIZE_MAX);

// Plans two streams that follow a `header`-byte prefix, for a payload of at most `budget`
// bytes; returns the total size, or SIZE_MAX when it would reach the budget. Each stream is
// planned against what the budget leaves after the other's lower bound (or actual size).
size_t PlanRicePair(std::span<const uint64_t> a, std::span<const uint64_t> b, size_t header,
                    size_t budget, RicePlan* plan_a, RicePlan* plan_b);

// A lower bound on PlanRice(u).bytes(), in one cheap pass: every residual of a block that is not
// all zero costs at least 1 + bit_width(u) bits (k + (u >> k) >= bit_width(u) for any k; an
// escape costs more). Lets EncodeValues skip planning candidates that cannot win.
size_t RiceLowerBoundBytes(std::span<const uint64_t> u);

// Appends the stream for `u` as planned by PlanRice(u).
void WriteRice(std::span<const uint64_t> u, const RicePlan& plan, std::string* out);

// Index of the lowest set bit of w != 0. On x86-64 this is TZCNT written out, because the
// builtin (without -mbmi) adds a sign extension and a dependency-breaking xor to the hot loop;
// TZCNT's encoding runs as BSF on CPUs without BMI1, which gives the same result for w != 0.
inline uint64_t CountTrailingZeros(uint64_t w) {
#if defined(__x86_64__)
  uint64_t tz;
  asm("tzcnt %1, %0" : "=r"(tz) : "r"(w) : "cc");
  return tz;
#else
  return static_cast<unsigned>(__builtin_ctzll(w));
#endif
}

// Reads unary codes from the unary section: each call consumes the zeros up to and including
// the next one bit. Works a word at a time: the next code ends at the lowest set bit of the
// current word, which is then cleared, so consecutive codes cost a count-trailing-zeros and a
// clear-lowest-bit each, with no shifting of a bit buffer.
// Running out of data is reported lazily: past the end the cursor yields huge codes, so the
// caller's escape path, which checks failed(), turns them into DataLoss. Every call advances,
// so no loop is endless. Small and inline so that its state lives in registers.
class UnaryCursor {
 public:
  UnaryCursor(const char* begin, const char* end) : p_(begin), end_(end) {}

  // The next unary code: the number of zeros before the next one bit.
  uint64_t Next() {
    while (word_ == 0) [[unlikely]] Refill();
    const uint64_t tz = CountTrailingZeros(word_);
    word_ &= word_ - 1;
    const uint64_t q = tz - last_ - 1;
    last_ = tz;
    return q;
  }
  bool failed() const { return failed_; }

 private:
  void Refill() {
    last_ -= 64;  // positions in the new word count from its bit 0
    size_t left = static_cast<size_t>(end_ - p_);
    if (left >= 8) [[likely]] {
      word_ = LoadLe64(p_);
      p_ += 8;
    } else if (left > 0) {
      word_ = LoadLe64Partial(p_, left);
      p_ = end_;
    } else {
      failed_ = true;
      last_ -= uint64_t{1} << 32;
      word_ = 1;
    }
  }

  const char* p_;
  const char* end_;
  uint64_t word_ = 0;
  // Bit position of the previous one bit relative to the current word; 63 before the first
  // Refill, which makes it -1.
  uint64_t last_ = 63;
  bool failed_ = false;
};

inline absl::Status RiceCorrupt(const char* what) {
  return absl::DataLossError(std::string("rice stream: ") + what);
}

// Reads n bits (n <= 64) at bit offset `off` of [base, limit), or fails.
inline bool ReadBitsChecked(const char* base, const char* limit, uint64_t off, int n, uint64_t* v) {
  BitReader r(base, limit);
  return r.Seek(off) && r.Read(n, v);
}

// Fast path for a full block: one loop reads each quotient from the unary section, the low
// bits from the low section and feeds the sink. Returns false, having fed the sink values that
// the caller must discard, when a quotient is an escape (or garbage past the end of the unary
// section); the caller then restores the sink and cursor and takes the general path.
// REQUIRES: k <= 56 (a field plus its bit offset fits one 64-bit load) and 8 readable bytes at
// low + (bit + 16 * k) / 8.
template <typename Sink>
inline bool DecodeBlockFast(int k, UnaryCursor& unary, const char* low, uint64_t bit, Sink& sink) {
  const uint64_t mask = LowMask(k);
  uint64_t any = 0;
  if (k <= 28) {
    // Two fields per load: 7 + 2 * 28 bits fit one 64-bit word (all residential parameters).
#pragma GCC unroll 4
    for (size_t i = 0; i < kRiceBlock; i += 2) {
      const uint64_t w = LoadLe64(low + bit / 8) >> (bit % 8);
      bit += 2 * static_cast<uint64_t>(k);
      const uint64_t q0 = unary.Next();
      const uint64_t q1 = unary.Next();
      any |= q0 | q1;
      sink((q0 << k) | (w & mask));
      sink((q1 << k) | ((w >> k) & mask));
    }
  } else {
#pragma GCC unroll 8
    for (size_t i = 0; i < kRiceBlock; ++i) {
      const uint64_t q = unary.Next();
      any |= q;
      const uint64_t lo = (LoadLe64(low + bit / 8) >> (bit % 8)) & mask;
      bit += static_cast<uint64_t>(k);
      sink((q << k) | lo);
    }
  }
  // Quotients below kRiceEscape (a power of two) have no bit at or above it.
  return any < kRiceEscape;
}

// General path for one block of bn residuals with parameter k, its low bits starting at bit
// `off` of the low section [low, limit). Handles escapes, partial blocks, any k and blocks near
// the end of the buffer. Sets *esc_end to the bit after the block's escape bits.
template <typename Sink>
absl::Status DecodeBlockGeneral(UnaryCursor& unary, const char* low, const char* limit,
                                uint64_t off, size_t bn, int k, Sink& sink, uint64_t* esc_end) {
  uint64_t q[kRiceBlock];
  uint64_t any = 0;
  for (size_t i = 0; i < bn; ++i) {
    q[i] = unary.Next();
    any |= q[i];
  }
  uint64_t esc = off + bn * static_cast<uint64_t>(k);
  if (any >= kRiceEscape) {
    for (size_t i = 0; i < bn; ++i) {
      if (q[i] < kRiceEscape) continue;
      if (q[i] > kRiceEscape || unary.failed()) return RiceCorrupt("bad quotient");
      const uint64_t e = unary.Next();
      uint64_t raw;
      if (e > 63 || unary.failed() ||
          !ReadBitsChecked(low, limit, esc, static_cast<int>(e), &raw)) {
        return RiceCorrupt("bad escape");
      }
      esc += e;
      q[i] = kRiceEscape + (((uint64_t{1} << e) | raw) - 1);
    }
  }
  const uint64_t low_bytes = static_cast<uint64_t>(limit - low);
  const bool fast = k <= 56 && (off + bn * static_cast<uint64_t>(k)) / 8 + 8 <= low_bytes;
  const uint64_t mask = LowMask(k);
  for (size_t i = 0; i < bn; ++i) {
    const uint64_t bit = off + i * static_cast<uint64_t>(k);
    uint64_t lo;
    if (fast) {
      lo = (LoadLe64(low + bit / 8) >> (bit % 8)) & mask;
    } else if (!ReadBitsChecked(low, limit, bit, k, &lo)) {
      return RiceCorrupt("low bits past end");
    }
    sink((q[i] << k) | lo);
  }
  *esc_end = esc;
  return absl::OkStatus();
}

// Decodes `n` residuals from the stream at *p (not past `limit`) and hands them to `sink`,
// advancing *p past the stream. Sink is a small copyable struct with
// `void operator()(uint64_t u)` (one residual) and `void Zeros(size_t n)` (n zero residuals),
// called in order, and `static constexpr bool kRedoSafe`: whether a block's worth of calls can
// be undone by restoring a copy of the sink taken before them (true unless the sink reads
// memory that its own calls overwrite). Only such sinks get the fused fast path.
template <typename Sink>
absl::Status DecodeRice(const char** p, const char* limit, size_t n, Sink& sink_out) {
  // A local copy: the low-bit loads go through char pointers, which may alias anything the
  // caller's sink points at, and would force its state through memory on every value.
  Sink sink = sink_out;
  uint64_t unary_bytes;
  if (!GetVarint64(p, limit, &unary_bytes)) return RiceCorrupt("bad unary length");
  if (unary_bytes > static_cast<uint64_t>(limit - *p)) return RiceCorrupt("unary past end");
  UnaryCursor unary(*p, *p + unary_bytes);
  const char* low = *p + unary_bytes;
  const uint64_t low_bytes = static_cast<uint64_t>(limit - low);
  uint64_t off = 0;  // bit offset of the current block in the low section
  uint64_t sym = 0;
  for (size_t start = 0; start < n; start += kRiceBlock) {
    const size_t bn = n - start < kRiceBlock ? n - start : kRiceBlock;
    sym += static_cast<uint64_t>(ZigZagDecode(unary.Next()));
    if (sym > 64 || unary.failed()) return RiceCorrupt("bad block parameter");
    if (sym == 0) {
      sink.Zeros(bn);
      continue;
    }
    const int k = static_cast<int>(sym) - 1;
    const uint64_t block_end = off + bn * static_cast<uint64_t>(k);
    if (block_end > low_bytes * 8) return RiceCorrupt("low bits past end");
    if (Sink::kRedoSafe && bn == kRiceBlock && k <= 56 && block_end / 8 + 8 <= low_bytes)
        [[likely]] {
      const Sink saved_sink = sink;
      const UnaryCursor saved_unary = unary;
      if (DecodeBlockFast(k, unary, low, off, sink)) {
        off = block_end;
        continue;
      }
      sink = saved_sink;  // an escape: redo the block on the general path
      unary = saved_unary;
    }
    GL_RETURN_IF_ERROR(DecodeBlockGeneral(unary, low, limit, off, bn, k, sink, &off));
  }
  if (unary.failed()) return RiceCorrupt("unary section too short");
  sink_out = sink;
  *p = low + (off + 7) / 8;
  return absl::OkStatus();
}

}  // namespace gridline::storage::codec_internal

#endif  // GRIDLINE_STORAGE_CODEC_RICE_STREAM_H_
