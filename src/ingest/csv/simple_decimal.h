// simple_decimal.h: the fast path for the values of CSV rows. Nearly every value in a meter file
// is a short plain decimal (`0.219`, `12`, `-0.5`); this reads those in one pass with no
// trimming, exponent or rounding logic, and leaves everything else (and every error) to
// ParseScaledDecimal (common/decimal.h), which defines what is accepted. Both give the same
// result wherever the fast path answers (csv_values_test.cc checks them side by side).
#ifndef GRIDLINE_INGEST_CSV_SIMPLE_DECIMAL_H_
#define GRIDLINE_INGEST_CSV_SIMPLE_DECIMAL_H_

#include <cstdint>
#include <string_view>

namespace gridline::ingest {

// Reads `-?D*(.D*)?` with at least one digit, at most `scale` decimals and at most 18 digits in
// all once scaled, as value * 10^scale. Returns false when the text is anything else.
// REQUIRES: 0 <= scale <= 18.
inline bool ParseSimpleDecimal(std::string_view text, int scale, int64_t* out) {
  static constexpr int64_t kPow10[] = {1,
                                       10,
                                       100,
                                       1000,
                                       10000,
                                       100000,
                                       1000000,
                                       10000000,
                                       100000000,
                                       1000000000,
                                       10000000000,
                                       100000000000,
                                       1000000000000,
                                       10000000000000,
                                       100000000000000,
                                       1000000000000000,
                                       10000000000000000,
                                       100000000000000000,
                                       1000000000000000000};
  const char* p = text.data();
  const char* end = p + text.size();
  const bool negative = p < end && *p == '-';
  p += negative;
  const char* digits_begin = p;
  uint64_t v = 0;  // unsigned: wrapping on absurdly long digit strings is defined
  unsigned d;
  while (p < end && (d = static_cast<unsigned char>(*p) - '0') <= 9) {
    v = v * 10 + d;
    ++p;
  }
  int int_digits = static_cast<int>(p - digits_begin);
  int frac_digits = 0;
  if (p < end && *p == '.') {
    ++p;
    const char* frac_begin = p;
    while (p < end && (d = static_cast<unsigned char>(*p) - '0') <= 9) {
      v = v * 10 + d;
      ++p;
    }
    frac_digits = static_cast<int>(p - frac_begin);
  }
  // 18 digits always fit in int64; for longer text v may have wrapped, but then this test fails
  // and v is discarded.
  if (p != end || int_digits + frac_digits == 0 || frac_digits > scale || int_digits + scale > 18) {
    return false;
  }
  v *= static_cast<uint64_t>(kPow10[scale - frac_digits]);
  *out = negative ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
  return true;
}

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_CSV_SIMPLE_DECIMAL_H_
