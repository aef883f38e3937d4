// value_unit.h: the unit a CSV value column is written in (`--unit kw`) and its exact conversion
// to the integer a channel stores (common/channel.h). Energy units (Wh, kWh, MWh) and average
// power over the interval (W, kW, MW) convert into each other through the interval:
//   energy channel (kWh, stored in Wh):  kW x interval_h,   kWh, Wh, MWh as they are;
//   power channel (watts in mW, kw_demand in W): kWh / interval_h,   W, kW, MW as they are.
// The conversion is done in integers: the text's digits times powers of ten and the interval,
// divided once; a result that is not a whole number of the channel's resolution is refused
// (kInexact) unless the caller rounds it, half to even. Nothing is rounded silently.
// docs/import.md "Units".
#ifndef GRIDLINE_INGEST_VALUE_UNIT_H_
#define GRIDLINE_INGEST_VALUE_UNIT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/channel.h"

namespace gridline::ingest {

// Stored in ParsedRow::unit: 0 means the value is already the channel's stored integer.
enum class ValueUnit : uint8_t { kNative = 0, kWh, kKwh, kMwh, kW, kKw, kMw };

struct ValueUnitSpec {
  ValueUnit unit;
  std::string_view name;   // as `--unit` takes it: "kwh"
  std::string_view shown;  // as messages print it: "kWh"
  bool power;              // average power over the interval (W), not energy (Wh)
  int pow10;               // 10^pow10 W or Wh: kW is 3
};

// The unit named `name` (case-insensitive): wh, kwh, mwh, w, kw, mw, and the spellings vendors
// put in headers (kWatts, kWhs, Watts).
std::optional<ValueUnit> ValueUnitFromName(std::string_view name);
const ValueUnitSpec& GetValueUnitSpec(ValueUnit unit);

// How a value in `unit` becomes the stored integer of `channel`: times 10^pow10, and times
// interval_s / 3600 (power into energy) or 3600 / interval_s (energy into power).
struct UnitConversion {
  enum class Interval : uint8_t { kNone, kTimesHours, kPerHour };
  int pow10 = 0;
  Interval interval = Interval::kNone;
};

// The conversion of `unit` into `channel`; nullopt when the channel is neither energy in kWh nor
// power in W or kW (voltage, price, ...), which take their own unit only. REQUIRES: unit is not
// kNative.
std::optional<UnitConversion> ConversionFor(ValueUnit unit, ChannelKind channel);

enum class ConvertStatus : uint8_t { kOk, kInexact, kOutOfRange };

// Converts digits x 10^-decimals (the text `0.0058` is 58 and 4) by `c` over `interval_s`
// seconds into *out. kInexact when the result is not whole and `round` is false (with `round` it
// is rounded half to even and *rounded set); kOutOfRange when it does not fit int64.
// REQUIRES: 0 <= decimals <= 18, interval_s > 0 when c.interval is not kNone.
ConvertStatus ConvertValue(int64_t digits, int decimals, const UnitConversion& c,
                           int64_t interval_s, bool round, int64_t* out, bool* rounded);

// Reads a decimal text exactly as digits x 10^-decimals (trailing zeros kept), at most 18
// significant digits and 18 decimals. False when it is not a decimal or too long.
bool ReadDecimalDigits(std::string_view text, int64_t* digits, int* decimals);

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_VALUE_UNIT_H_
