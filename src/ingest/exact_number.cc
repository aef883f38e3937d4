#include "ingest/exact_number.h"

namespace gridline::ingest {

namespace {

constexpr int kMaxDigits = 18;
constexpr int kMaxExponent = 30;

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

DecimalStatus ParseHex(std::string_view digits, ExactNumber* out) {
  // 15 hex digits stay below 2^60.
  if (digits.empty()) return DecimalStatus::kSyntax;
  if (digits.size() > 15) return DecimalStatus::kOutOfRange;
  int64_t v = 0;
  for (char c : digits) {
    const int d = HexDigit(c);
    if (d < 0) return DecimalStatus::kSyntax;
    v = v * 16 + d;
  }
  *out = {v, 0};
  return DecimalStatus::kOk;
}

using Int128 = __int128;

Int128 Pow10(int n) {
  Int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

}  // namespace

DecimalStatus ParseExactNumber(std::string_view text, NumberSyntax syntax, ExactNumber* out) {
  if (text.empty()) {
    if (!syntax.empty_is_zero) return DecimalStatus::kEmpty;
    *out = {0, 0};
    return DecimalStatus::kOk;
  }
  if (syntax.hex && (text[0] == 'H' || text[0] == 'h')) return ParseHex(text.substr(1), out);
  size_t i = 0;
  bool negative = false;
  if (text[i] == '+' || text[i] == '-') negative = text[i++] == '-';
  int64_t mantissa = 0;
  int digits = 0;         // significant digits kept in mantissa
  int decimals = 0;       // digits after the point kept
  int pending_zeros = 0;  // fraction zeros not yet multiplied in (trailing zeros cost nothing)
  bool any = false, point = false;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    any = true;
    const int d = c - '0';
    if (point && d == 0) {
      ++pending_zeros;
      continue;
    }
    // Integer-part zeros before any significant digit do not count.
    if (!point && d == 0 && mantissa == 0) continue;
    const int add = point ? pending_zeros + 1 : 1;
    if (digits + add > kMaxDigits) return DecimalStatus::kOutOfRange;
    for (int k = 0; k < add; ++k) mantissa *= 10;
    mantissa += d;
    digits = mantissa == 0 ? 0 : digits + add;
    if (point) decimals += add;
    pending_zeros = 0;
  }
  if (!any) return DecimalStatus::kSyntax;
  if (i < text.size()) {
    const char e = text[i];
    if (!(e == 'e' || e == 'E' || (syntax.d_exponent && (e == 'd' || e == 'D')))) {
      return DecimalStatus::kSyntax;
    }
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    if (i == text.size()) return DecimalStatus::kSyntax;
    int exponent = 0;
    for (; i < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9') return DecimalStatus::kSyntax;
      exponent = exponent * 10 + (text[i] - '0');
      if (exponent > kMaxExponent) return DecimalStatus::kOutOfRange;
    }
    decimals -= exp_negative ? -exponent : exponent;
  }
  *out = {negative ? -mantissa : mantissa, mantissa == 0 ? 0 : decimals};
  return DecimalStatus::kOk;
}

DecimalStatus ScaleExact(ExactNumber value, ExactNumber factor, int scale, bool round, int64_t* out,
                         bool* rounded) {
  *rounded = false;
  Int128 m = static_cast<Int128>(value.mantissa) * factor.mantissa;  // |m| < 10^36
  const int shift = value.decimals + factor.decimals - scale;        // decimals to drop
  if (m == 0) {
    *out = 0;
    return DecimalStatus::kOk;
  }
  const Int128 limit = INT64_MAX;
  if (shift <= 0) {
    // |m| < 10^36 and int64 < 10^19: more than 19 zeros cannot fit.
    if (-shift > 19) return DecimalStatus::kOutOfRange;
    const Int128 p = Pow10(-shift);
    if (m > limit / p || m < -limit / p) return DecimalStatus::kOutOfRange;
    *out = static_cast<int64_t>(m * p);
    return DecimalStatus::kOk;
  }
  Int128 q = 0, r = m;
  Int128 p = 0;  // 10^shift, when it is below 10^38
  if (shift <= 37) {
    p = Pow10(shift);
    q = m / p;
    r = m % p;
  }
  if (r != 0) {
    if (!round) return DecimalStatus::kTooPrecise;
    // Half to even: compare 2|r| with p (p "infinite" past 10^37: |r| < 10^36 is under half).
    const Int128 twice = (r < 0 ? -r : r) * 2;
    const bool up = p != 0 && (twice > p || (twice == p && (q % 2 != 0)));
    if (up) q += m < 0 ? -1 : 1;
    *rounded = true;
  }
  if (q > limit || q < -limit) return DecimalStatus::kOutOfRange;
  *out = static_cast<int64_t>(q);
  return DecimalStatus::kOk;
}

}  // namespace gridline::ingest
