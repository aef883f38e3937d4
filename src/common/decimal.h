// decimal.h: exact decimal text <-> scaled integers. A channel stores int64 counts of its
// resolution (Wh for kWh is scale 3: "0.219" -> 219). Parsing is exact: text with more non-zero
// decimals than the scale is refused unless the caller asks to round (half to even), so
// nothing is ever rounded silently. Trailing zeros past the scale are exact and accepted.
#ifndef GRIDLINE_COMMON_DECIMAL_H_
#define GRIDLINE_COMMON_DECIMAL_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace gridline {

enum class DecimalStatus : uint8_t {
  kOk,
  kEmpty,       // nothing but spaces
  kSyntax,      // not a decimal number
  kTooPrecise,  // more decimals than the resolution holds, and rounding was not asked for
  kOutOfRange,  // does not fit in int64 at this scale
};

const char* DecimalStatusMessage(DecimalStatus s);

// Parses `text` (optional spaces, optional sign, digits with an optional point, optional exponent
// `e±n`) as value * 10^scale. REQUIRES: 0 <= scale <= 18. With `round`, excess decimals are
// rounded half to even (0.0025 -> 0.002, 0.0035 -> 0.004 at scale 3) and *rounded says whether the
// value changed.
DecimalStatus ParseScaledDecimal(std::string_view text, int scale, bool round, int64_t* out,
                                 bool* rounded);

// Appends `value` / 10^scale with exactly `scale` decimals: (219, 3) -> "0.219", (-5, 3) ->
// "-0.005".
void AppendScaledDecimal(int64_t value, int scale, std::string* out);
std::string FormatScaledDecimal(int64_t value, int scale);

// Appends a decimal integer.
void AppendInt(int64_t value, std::string* out);

}  // namespace gridline

#endif  // GRIDLINE_COMMON_DECIMAL_H_
