// rice_stream.cc: choosing the Rice parameters of a residual run and writing the stream. The
// layout is in rice_stream.h and docs/codecs.md.
#include "storage/codec/rice_stream.h"

#include <algorithm>
#include <cmath>

#include "storage/codec/bit_writer.h"

namespace gridline::storage::codec_internal {
namespace {

// Bits of unary(x): x zeros and a one.
inline uint64_t UnaryBits(uint64_t x) { return x + 1; }

// e for an escaped quotient q >= kRiceEscape: the bit length of q - kRiceEscape + 1, minus one.
inline int EscapeWidth(uint64_t q) { return 63 - __builtin_clzll(q - kRiceEscape + 1); }

// Unary and low bits of a block coded with parameter k.
struct BlockBits {
  uint64_t unary = 0;
  uint64_t low = 0;
  uint64_t total() const { return unary + low; }
};

BlockBits CostWithK(const uint64_t* u, size_t n, int k) {
  BlockBits b;
  b.unary = n;  // the terminating one of each quotient
  b.low = n * static_cast<uint64_t>(k);
  for (size_t i = 0; i < n; ++i) {
    uint64_t q = u[i] >> k;
    if (q < kRiceEscape) {
      b.unary += q;
    } else {
      int e = EscapeWidth(q);
      b.unary += kRiceEscape + UnaryBits(static_cast<uint64_t>(e));
      b.low += static_cast<uint64_t>(e);
    }
  }
  return b;
}

// Unary bits of the code for moving from parameter symbol `prev` to `sym`.
inline uint64_t SymBits(uint64_t prev, uint64_t sym) {
  return UnaryBits(ZigZagEncode(static_cast<int64_t>(sym - prev)));
}

}  // namespace

size_t RicePlan::bytes() const {
  uint64_t unary_bytes = (unary_bits + 7) / 8;
  size_t header = 1;
  for (uint64_t v = unary_bytes; v >= 0x80; v >>= 7) ++header;
  return header + static_cast<size_t>(unary_bytes + (low_bits + 7) / 8);
}

RicePlan PlanRice(std::span<const uint64_t> u) {
  RicePlan plan;
  plan.syms.reserve((u.size() + kRiceBlock - 1) / kRiceBlock);
  uint64_t prev = 0;
  for (size_t start = 0; start < u.size(); start += kRiceBlock) {
    const size_t n = std::min(kRiceBlock, u.size() - start);
    const uint64_t* b = u.data() + start;
    uint64_t max = 0;
    double sum = 0;
    for (size_t i = 0; i < n; ++i) {
      max = std::max(max, b[i]);
      sum += static_cast<double>(b[i]);
    }
    if (max == 0) {
      plan.syms.push_back(0);
      plan.unary_bits += SymBits(prev, 0);
      prev = 0;
      continue;
    }
    // The best k sits near log2 of the typical residual. Leaving the largest residual out of
    // the mean keeps one appliance step from pulling k up; it will be escaped instead. Exact
    // costs of the k around that guess decide.
    double typical = n > 1 ? (sum - static_cast<double>(max)) / static_cast<double>(n - 1) : sum;
    int guess = typical < 1 ? 0 : std::ilogb(typical);
    int lo = std::max(0, guess - 2);
    int hi = std::min(63, std::max(guess + 2, 0));
    uint64_t best_sym = 0;
    uint64_t best_cost = ~uint64_t{0};
    BlockBits best_bits;
    for (int k = lo; k <= hi; ++k) {
      BlockBits bits = CostWithK(b, n, k);
      uint64_t sym = static_cast<uint64_t>(k) + 1;
      uint64_t cost = bits.total() + SymBits(prev, sym);
      if (cost < best_cost) {
        best_cost = cost;
        best_sym = sym;
        best_bits = bits;
      }
    }
    plan.syms.push_back(static_cast<uint8_t>(best_sym));
    plan.unary_bits += best_bits.unary + SymBits(prev, best_sym);
    plan.low_bits += best_bits.low;
    prev = best_sym;
  }
  return plan;
}

void WriteRice(std::span<const uint64_t> u, const RicePlan& plan, std::string* out) {
  PutVarint64(out, (plan.unary_bits + 7) / 8);
  {
    BitWriter unary(out);
    uint64_t prev = 0;
    for (size_t blk = 0; blk < plan.syms.size(); ++blk) {
      const uint64_t sym = plan.syms[blk];
      unary.WriteUnary(ZigZagEncode(static_cast<int64_t>(sym - prev)));
      prev = sym;
      if (sym == 0) continue;
      const int k = static_cast<int>(sym) - 1;
      const size_t start = blk * kRiceBlock;
      const size_t n = std::min(kRiceBlock, u.size() - start);
      for (size_t i = start; i < start + n; ++i) {
        unary.WriteUnary(std::min(u[i] >> k, kRiceEscape));
      }
      for (size_t i = start; i < start + n; ++i) {
        const uint64_t q = u[i] >> k;
        if (q >= kRiceEscape) unary.WriteUnary(static_cast<uint64_t>(EscapeWidth(q)));
      }
    }
    unary.Finish();
  }
  BitWriter low(out);
  for (size_t blk = 0; blk < plan.syms.size(); ++blk) {
    const uint64_t sym = plan.syms[blk];
    if (sym == 0) continue;
    const int k = static_cast<int>(sym) - 1;
    const size_t start = blk * kRiceBlock;
    const size_t n = std::min(kRiceBlock, u.size() - start);
    for (size_t i = start; i < start + n; ++i) low.Write(u[i], k);
    for (size_t i = start; i < start + n; ++i) {
      uint64_t q = u[i] >> k;
      if (q >= kRiceEscape) low.Write(q - kRiceEscape + 1, EscapeWidth(q));
    }
  }
  low.Finish();
}

}  // namespace gridline::storage::codec_internal
