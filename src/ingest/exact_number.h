// exact_number.h: decimal numbers of interchange formats (CMEP, NEM12) read exactly, then scaled
// by a constant (a CMEP calculation constant, a NEM12 unit such as MWh) to a channel's resolution
// with integer arithmetic only. A result with more decimals than the resolution holds is refused
// unless the caller asks to round (half to even), as common/decimal.h does for CSV.
#ifndef GRIDLINE_INGEST_EXACT_NUMBER_H_
#define GRIDLINE_INGEST_EXACT_NUMBER_H_

#include <cstdint>
#include <string_view>

#include "common/decimal.h"

namespace gridline::ingest {

// mantissa * 10^-decimals. At most 18 significant digits, so mantissa fits in int64.
struct ExactNumber {
  int64_t mantissa = 0;
  int decimals = 0;  // may be negative (1E3 is {1, -3})
};

struct NumberSyntax {
  bool hex = false;            // CMEP: `H1F` is 31
  bool d_exponent = false;     // CMEP: `1.5D3` as well as `1.5E3`
  bool empty_is_zero = false;  // CMEP: "Empty numeric fields are interpreted as the value zero"
};

// Parses `text` (no surrounding spaces): [sign] digits [. digits] [(E|e) [sign] digits], and
// what `syntax` adds. kEmpty, kSyntax, or kOutOfRange (over 18 significant digits, an exponent
// past +-30).
DecimalStatus ParseExactNumber(std::string_view text, NumberSyntax syntax, ExactNumber* out);

// value * factor as an integer count of 10^-scale: kTooPrecise when decimals would be dropped and
// `round` is false (with `round`, half to even, *rounded says whether it changed), kOutOfRange when
// it does not fit in int64.
DecimalStatus ScaleExact(ExactNumber value, ExactNumber factor, int scale, bool round, int64_t* out,
                         bool* rounded);

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_EXACT_NUMBER_H_
