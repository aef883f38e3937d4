// rice_stream.cc: choosing the Rice parameters of a residual run and writing the stream. The
// layout is in rice_stream.h and docs/codecs.md.
#include "storage/codec/rice_stream.h"

#include <algorithm>

#include "common/status_macros.h"
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

// Extra bits of an escaped quotient q >= kRiceEscape beyond min(q, kRiceEscape): unary(e) and
// e raw bits.
inline void AddEscape(uint64_t q, BlockBits* b) {
  const int e = EscapeWidth(q);
  b->unary += UnaryBits(static_cast<uint64_t>(e));
  b->low += static_cast<uint64_t>(e);
}

// Costs of a block with parameters k, k + 1 and k + 2 in one pass over it (the planner needs
// about three neighbouring costs per block). kN is the block length when known at compile time
// (full blocks, unrolled), else 0 and n is used.
template <size_t kN>
void CostWith3K(const uint64_t* u, size_t n, int k, BlockBits out[3]) {
  const size_t count = kN != 0 ? kN : n;
  uint64_t q0 = 0, q1 = 0, q2 = 0;
  uint64_t escaped = 0;
#pragma GCC unroll 16
  for (size_t i = 0; i < count; ++i) {
    const uint64_t a = u[i] >> k;
    q0 += std::min(a, kRiceEscape);
    q1 += std::min(a >> 1, kRiceEscape);
    q2 += std::min(a >> 2, kRiceEscape);
    escaped |= a;
  }
  for (int j = 0; j < 3; ++j) {
    const uint64_t kj = static_cast<uint64_t>(k + j);
    out[j].unary = count + (j == 0 ? q0 : j == 1 ? q1 : q2);
    out[j].low = count * (kj > 63 ? 63 : kj);
  }
  if (escaped >= kRiceEscape) {  // rare: some quotient needs an escape at parameter k
    for (size_t i = 0; i < count; ++i) {
      const uint64_t a = u[i] >> k;
      for (int j = 0; j < 3; ++j) {
        if ((a >> j) >= kRiceEscape) AddEscape(a >> j, &out[j]);
      }
    }
  }
}

// Unary bits of the code for moving from parameter symbol `prev` to `sym`.
inline uint64_t SymBits(uint64_t prev, uint64_t sym) {
  return UnaryBits(ZigZagEncode(static_cast<int64_t>(sym - prev)));
}

// Lower bound on the bits of one block (see RiceLowerBoundBytes).
inline uint64_t BlockLowerBound(const uint64_t* u, size_t n) {
  uint64_t bits = 0;
  uint64_t any = 0;
  for (size_t i = 0; i < n; ++i) {
    // 1 + bit_width(u), branch-free: 65 - clz(u | 1) - (u == 0).
    bits += 65 - static_cast<uint64_t>(__builtin_clzll(u[i] | 1)) - (u[i] == 0);
    any |= u[i];
  }
  return any != 0 ? bits : 0;
}

// Chooses the parameter of one block (not all zero) given the previous block's symbol; returns
// its symbol and sets *bits.
template <size_t kN>
uint64_t ChooseK(const uint64_t* b, size_t n, uint64_t prev, uint64_t max, uint64_t sum,
                 BlockBits* bits) {
  const size_t count = kN != 0 ? kN : n;
  // The best k sits near log2 of the typical residual. Leaving the largest residual out of
  // the mean keeps one appliance step from pulling k up; it will be escaped instead. Exact
  // costs of guess - 1 .. guess + 1 decide, and the walk goes on while the edge keeps winning
  // (the cost is close to convex in k).
  constexpr uint64_t kClamp = uint64_t{1} << 58;
  const uint64_t typical = count > 1 ? (sum - std::min(max, kClamp)) / (count - 1) : sum;
  const int guess = typical == 0 ? 0 : 63 - __builtin_clzll(typical);
  int lo = std::max(0, std::min(guess - 1, 61));
  BlockBits c[3];
  CostWith3K<kN>(b, count, lo, c);
  auto total = [&](int j) {
    return c[j].total() + SymBits(prev, static_cast<uint64_t>(lo + j) + 1);
  };
  int best_j = 0;
  for (int j = 1; j < 3; ++j) {
    if (total(j) < total(best_j)) best_j = j;
  }
  int best_k = lo + best_j;
  uint64_t best_cost = total(best_j);
  *bits = c[best_j];
  // Walk on past an edge that won.
  const int dir = best_j == 0 && lo > 0 ? -1 : best_j == 2 && lo + 2 < 63 ? 1 : 0;
  for (int k = best_k + dir; dir != 0 && k >= 0 && k <= 63; k += dir) {
    BlockBits one[3];
    CostWith3K<kN>(b, count, k, one);
    const uint64_t cost = one[0].total() + SymBits(prev, static_cast<uint64_t>(k) + 1);
    if (cost >= best_cost) break;
    best_k = k;
    best_cost = cost;
    *bits = one[0];
  }
  return static_cast<uint64_t>(best_k) + 1;
}

}  // namespace

size_t RicePlan::bytes() const {
  if (aborted) return SIZE_MAX;
  uint64_t unary_bytes = (unary_bits + 7) / 8;
  size_t header = 1;
  for (uint64_t v = unary_bytes; v >= 0x80; v >>= 7) ++header;
  return header + static_cast<size_t>(unary_bytes + (low_bits + 7) / 8);
}

size_t RiceLowerBoundBytes(std::span<const uint64_t> u) {
  uint64_t bits = 0;
  for (size_t start = 0; start < u.size(); start += kRiceBlock) {
    bits += BlockLowerBound(u.data() + start, std::min(kRiceBlock, u.size() - start));
  }
  // The varint header is at least one byte; ceil(a/8) + ceil(b/8) >= ceil((a+b)/8).
  return 1 + static_cast<size_t>((bits + 7) / 8);
}

RicePlan PlanRice(std::span<const uint64_t> u, size_t budget) {
  RicePlan plan;
  const size_t blocks = (u.size() + kRiceBlock - 1) / kRiceBlock;
  // Branch and bound: with a budget, the lower bound of the blocks not yet planned is kept,
  // and planning stops once what is planned plus that bound reaches the budget.
  std::vector<uint16_t> block_bound;  // per block, at most 16 * 65 bits
  uint64_t rest_bound = 0;
  if (budget != SIZE_MAX) {
    block_bound.resize(blocks);
    for (size_t blk = 0; blk < blocks; ++blk) {
      const size_t start = blk * kRiceBlock;
      block_bound[blk] = static_cast<uint16_t>(
          BlockLowerBound(u.data() + start, std::min(kRiceBlock, u.size() - start)));
      rest_bound += block_bound[blk];
    }
    if (1 + (rest_bound + 7) / 8 >= budget) {
      plan.aborted = true;
      return plan;
    }
  }
  plan.syms.reserve(blocks);
  uint64_t prev = 0;
  for (size_t start = 0; start < u.size(); start += kRiceBlock) {
    const size_t n = std::min(kRiceBlock, u.size() - start);
    const uint64_t* b = u.data() + start;
    // Sums are clamped so that 16 of them cannot overflow; only the magnitude matters here.
    constexpr uint64_t kClamp = uint64_t{1} << 58;
    uint64_t max = 0;
    uint64_t sum = 0;
    for (size_t i = 0; i < n; ++i) {
      max = std::max(max, b[i]);
      sum += std::min(b[i], kClamp);
    }
    uint64_t sym = 0;
    BlockBits bits;
    if (max != 0) {
      sym = n == kRiceBlock ? ChooseK<kRiceBlock>(b, n, prev, max, sum, &bits)
                            : ChooseK<0>(b, n, prev, max, sum, &bits);
    }
    plan.syms.push_back(static_cast<uint8_t>(sym));
    plan.unary_bits += bits.unary + SymBits(prev, sym);
    plan.low_bits += bits.low;
    prev = sym;
    if (budget != SIZE_MAX) {
      rest_bound -= block_bound[start / kRiceBlock];
      // bytes() >= 1 + ceil((unary + low) / 8)
      if (1 + (plan.unary_bits + plan.low_bits + rest_bound + 7) / 8 >= budget) {
        plan.aborted = true;
        return plan;
      }
    }
  }
  // The bounds above are up to two bytes short of the exact size (varint header, two
  // roundings): check the exact one.
  if (budget != SIZE_MAX && plan.bytes() >= budget) plan.aborted = true;
  return plan;
}

size_t PlanRicePair(std::span<const uint64_t> a, std::span<const uint64_t> b, size_t header,
                    size_t budget, RicePlan* plan_a, RicePlan* plan_b) {
  if (budget == SIZE_MAX) {
    *plan_a = PlanRice(a);
    *plan_b = PlanRice(b);
    return header + plan_a->bytes() + plan_b->bytes();
  }
  const size_t b_bound = RiceLowerBoundBytes(b);
  if (header + b_bound >= budget) return SIZE_MAX;
  *plan_a = PlanRice(a, budget - header - b_bound);
  if (plan_a->aborted) return SIZE_MAX;
  const size_t used = header + plan_a->bytes();
  *plan_b = PlanRice(b, budget - used);
  return plan_b->aborted ? SIZE_MAX : used + plan_b->bytes();
}

void WriteRice(std::span<const uint64_t> u, const RicePlan& plan, std::string* out) {
  GL_DCHECK(!plan.aborted);
  PutVarint64(out, (plan.unary_bits + 7) / 8);
  {
    BitWriter unary(out, plan.unary_bits);
    uint64_t prev = 0;
    for (size_t blk = 0; blk < plan.syms.size(); ++blk) {
      const uint64_t sym = plan.syms[blk];
      unary.WriteUnary(ZigZagEncode(static_cast<int64_t>(sym - prev)));
      prev = sym;
      if (sym == 0) continue;
      const int k = static_cast<int>(sym) - 1;
      const size_t start = blk * kRiceBlock;
      const size_t n = std::min(kRiceBlock, u.size() - start);
      uint64_t any = 0;
      for (size_t i = start; i < start + n; ++i) {
        const uint64_t q = u[i] >> k;
        any |= q;
        const uint64_t capped = std::min(q, kRiceEscape);
        unary.WriteClean(uint64_t{1} << capped, static_cast<int>(capped) + 1);  // unary(capped)
      }
      if (any < kRiceEscape) continue;
      for (size_t i = start; i < start + n; ++i) {
        const uint64_t q = u[i] >> k;
        if (q >= kRiceEscape) unary.WriteUnary(static_cast<uint64_t>(EscapeWidth(q)));
      }
    }
    unary.Finish();
  }
  BitWriter low(out, plan.low_bits);
  for (size_t blk = 0; blk < plan.syms.size(); ++blk) {
    const uint64_t sym = plan.syms[blk];
    if (sym == 0) continue;
    const int k = static_cast<int>(sym) - 1;
    const uint64_t mask = LowMask(k);
    const size_t start = blk * kRiceBlock;
    const size_t n = std::min(kRiceBlock, u.size() - start);
    uint64_t any = 0;
    for (size_t i = start; i < start + n; ++i) {
      any |= u[i] >> k;
      low.WriteClean(u[i] & mask, k);
    }
    if (any < kRiceEscape) continue;
    for (size_t i = start; i < start + n; ++i) {
      const uint64_t q = u[i] >> k;
      if (q >= kRiceEscape) low.Write(q - kRiceEscape + 1, EscapeWidth(q));
    }
  }
  low.Finish();
}

}  // namespace gridline::storage::codec_internal
