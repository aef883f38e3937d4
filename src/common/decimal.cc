#include "common/decimal.h"

#include <limits>

namespace gridline {

const char* DecimalStatusMessage(DecimalStatus s) {
  switch (s) {
    case DecimalStatus::kOk:
      return "ok";
    case DecimalStatus::kEmpty:
      return "empty value";
    case DecimalStatus::kSyntax:
      return "not a decimal number";
    case DecimalStatus::kTooPrecise:
      return "more decimals than the channel's resolution (use --round to round them)";
    case DecimalStatus::kOutOfRange:
      return "value out of range";
  }
  return "?";
}

namespace {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

constexpr uint64_t kPow10[] = {1ull,
                               10ull,
                               100ull,
                               1000ull,
                               10000ull,
                               100000ull,
                               1000000ull,
                               10000000ull,
                               100000000ull,
                               1000000000ull,
                               10000000000ull,
                               100000000000ull,
                               1000000000000ull,
                               10000000000000ull,
                               100000000000000ull,
                               1000000000000000ull,
                               10000000000000000ull,
                               100000000000000000ull,
                               1000000000000000000ull};

}  // namespace

DecimalStatus ParseScaledDecimal(std::string_view text, int scale, bool round, int64_t* out,
                                 bool* rounded) {
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end && (*p == ' ' || *p == '\t')) ++p;
  while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) --end;
  if (p == end) return DecimalStatus::kEmpty;

  bool negative = false;
  if (*p == '+' || *p == '-') {
    negative = *p == '-';
    ++p;
  }
  // Mantissa digits are [int_begin, int_end) and [frac_begin, frac_end).
  const char* int_begin = p;
  while (p < end && IsDigit(*p)) ++p;
  const char* int_end = p;
  const char* frac_begin = p;
  const char* frac_end = p;
  if (p < end && *p == '.') {
    ++p;
    frac_begin = p;
    while (p < end && IsDigit(*p)) ++p;
    frac_end = p;
  }
  if (int_begin == int_end && frac_begin == frac_end) return DecimalStatus::kSyntax;
  int64_t exponent = 0;
  if (p < end && (*p == 'e' || *p == 'E')) {
    ++p;
    bool exp_negative = false;
    if (p < end && (*p == '+' || *p == '-')) {
      exp_negative = *p == '-';
      ++p;
    }
    if (p == end || !IsDigit(*p)) return DecimalStatus::kSyntax;
    while (p < end && IsDigit(*p)) {
      exponent = exponent * 10 + (*p - '0');
      if (exponent > 400) return DecimalStatus::kOutOfRange;
      ++p;
    }
    if (exp_negative) exponent = -exponent;
  }
  if (p != end) return DecimalStatus::kSyntax;

  // The digit string d_0 d_1 ... (integer digits then fraction digits) has its point after
  // `point` digits. Digits before `point + scale` form the result; the next one rounds; any
  // non-zero digit after it is precision the resolution cannot hold.
  const int64_t int_digits = int_end - int_begin;
  const int64_t frac_digits = frac_end - frac_begin;
  const int64_t total = int_digits + frac_digits;
  const int64_t keep = int_digits + exponent + scale;  // number of leading digits kept
  auto digit_at = [&](int64_t i) -> int {
    return i < int_digits ? int_begin[i] - '0' : frac_begin[i - int_digits] - '0';
  };

  uint64_t magnitude = 0;
  const uint64_t limit = negative ? static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1
                                  : static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  const int64_t kept_digits = keep < 0 ? 0 : (keep < total ? keep : total);
  for (int64_t i = 0; i < kept_digits; ++i) {
    const int d = digit_at(i);
    if (magnitude > (limit - d) / 10) return DecimalStatus::kOutOfRange;
    magnitude = magnitude * 10 + d;
  }
  // Kept positions past the written digits are zeros.
  if (keep > total) {
    const int64_t zeros = keep - total;
    if (magnitude != 0) {
      if (zeros > 18 || magnitude > limit / kPow10[zeros]) return DecimalStatus::kOutOfRange;
      magnitude *= kPow10[zeros];
    }
  }
  // Rounding is half to even (IEEE 754's default, "banker's rounding"): a value exactly halfway
  // goes to the even neighbour, so rounding many 4-decimal sub-metering values to Wh does not
  // drift their total upward as half away from zero does. The first dropped digit decides above
  // or below half; when it is 5, any later non-zero digit makes it above. When keep < 0 the first
  // dropped digit lies before the written ones and is an implied zero.
  bool inexact = false;
  int first_dropped = 0;  // 0 when it is an implied zero
  bool rest_nonzero = false;
  for (int64_t i = keep < 0 ? 0 : keep; i < total; ++i) {
    const int d = digit_at(i);
    if (i == keep) {
      first_dropped = d;
    } else if (d != 0) {
      rest_nonzero = true;
    }
    if (d != 0) inexact = true;
    if (rest_nonzero) break;
  }
  if (inexact) {
    if (!round) return DecimalStatus::kTooPrecise;
    const bool round_up = first_dropped > 5 || (first_dropped == 5 && rest_nonzero) ||
                          (first_dropped == 5 && !rest_nonzero && (magnitude & 1) != 0);
    if (round_up) {
      if (magnitude + 1 > limit) return DecimalStatus::kOutOfRange;
      ++magnitude;
    }
  }
  if (rounded != nullptr) *rounded = inexact;
  *out = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return DecimalStatus::kOk;
}

void AppendInt(int64_t value, std::string* out) {
  char buf[24];
  char* e = buf + sizeof buf;
  char* q = e;
  uint64_t u = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  do {
    *--q = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (value < 0) *--q = '-';
  out->append(q, e - q);
}

void AppendScaledDecimal(int64_t value, int scale, std::string* out) {
  char buf[48];
  char* e = buf + sizeof buf;
  char* q = e;
  uint64_t u = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  for (int i = 0; i < scale; ++i) {
    *--q = static_cast<char>('0' + u % 10);
    u /= 10;
  }
  if (scale > 0) *--q = '.';
  do {
    *--q = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (value < 0) *--q = '-';
  out->append(q, e - q);
}

std::string FormatScaledDecimal(int64_t value, int scale) {
  std::string s;
  AppendScaledDecimal(value, scale, &s);
  return s;
}

}  // namespace gridline
