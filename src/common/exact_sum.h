// exact_sum.h: sums of int64 readings that cannot wrap. Readings are bounded per channel
// (common/channel.h), but a sum over many meters and a long span, or over values stored before
// the bounds existed, can pass the int64 limit; signed overflow is undefined behaviour and, in
// practice, turned a `_system` roll-up negative (issue 11). An ExactSum adds in 128 bits, exact
// for 2^64 terms of any int64, and says whether the result fits int64 when it is read out.
#ifndef GRIDLINE_COMMON_EXACT_SUM_H_
#define GRIDLINE_COMMON_EXACT_SUM_H_

#include <cstdint>
#include <limits>

namespace gridline {

class ExactSum {
 public:
  void Add(int64_t v) { sum_ += v; }
  void Subtract(int64_t v) { sum_ -= v; }
  void Add(const ExactSum& o) { sum_ += o.sum_; }

  // The sum when it fits int64; false (and *out untouched) when it does not.
  [[nodiscard]] bool ToInt64(int64_t* out) const {
    if (sum_ < std::numeric_limits<int64_t>::min() || sum_ > std::numeric_limits<int64_t>::max()) {
      return false;
    }
    *out = static_cast<int64_t>(sum_);
    return true;
  }
  double ToDouble() const { return static_cast<double>(sum_); }

 private:
  __int128 sum_ = 0;
};

}  // namespace gridline

#endif  // GRIDLINE_COMMON_EXACT_SUM_H_
