#include "ingest/value_unit.h"

#include <limits>

#include "common/decimal.h"
#include "common/strings.h"

namespace gridline::ingest {

namespace {

constexpr ValueUnitSpec kUnits[] = {
    {ValueUnit::kNative, "", "", false, 0},    {ValueUnit::kWh, "wh", "Wh", false, 0},
    {ValueUnit::kKwh, "kwh", "kWh", false, 3}, {ValueUnit::kMwh, "mwh", "MWh", false, 6},
    {ValueUnit::kW, "w", "W", true, 0},        {ValueUnit::kKw, "kw", "kW", true, 3},
    {ValueUnit::kMw, "mw", "MW", true, 6},
};

// Header spellings seen in real exports (Emporia: `(kWatts)`, `(kWhs)`).
struct Alias {
  std::string_view name;
  ValueUnit unit;
};
constexpr Alias kAliases[] = {{"kwatts", ValueUnit::kKw},
                              {"watts", ValueUnit::kW},
                              {"kwhs", ValueUnit::kKwh},
                              {"mwatts", ValueUnit::kMw},
                              {"whs", ValueUnit::kWh}};

__int128 Pow10(int n) {
  __int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

}  // namespace

std::optional<ValueUnit> ValueUnitFromName(std::string_view name) {
  for (const ValueUnitSpec& u : kUnits) {
    if (u.unit != ValueUnit::kNative && EqualsIgnoreCase(u.name, name)) return u.unit;
  }
  for (const Alias& a : kAliases) {
    if (EqualsIgnoreCase(a.name, name)) return a.unit;
  }
  return std::nullopt;
}

const ValueUnitSpec& GetValueUnitSpec(ValueUnit unit) { return kUnits[static_cast<int>(unit)]; }

std::optional<UnitConversion> ConversionFor(ValueUnit unit, ChannelKind channel) {
  const ChannelSpec& c = GetChannelSpec(channel);
  // The channel's unit as a power of ten of W or Wh, and whether it is energy.
  bool channel_energy;
  int channel_pow10;
  if (c.unit == "kWh") {
    channel_energy = true;
    channel_pow10 = 3;
  } else if (c.unit == "kW") {
    channel_energy = false;
    channel_pow10 = 3;
  } else if (c.unit == "W") {
    channel_energy = false;
    channel_pow10 = 0;
  } else {
    return std::nullopt;
  }
  const ValueUnitSpec& u = GetValueUnitSpec(unit);
  UnitConversion conv;
  conv.pow10 = u.pow10 - channel_pow10 + c.scale;
  if (u.power && channel_energy) conv.interval = UnitConversion::Interval::kTimesHours;
  if (!u.power && !channel_energy) conv.interval = UnitConversion::Interval::kPerHour;
  return conv;
}

ConvertStatus ConvertValue(int64_t digits, int decimals, const UnitConversion& c,
                           int64_t interval_s, bool round, int64_t* out, bool* rounded) {
  *rounded = false;
  // |digits| < 2^63 and every factor below is at most 10^18 x 86400 or 10^12: the products stay
  // far inside 128 bits.
  const int p = c.pow10 - decimals;
  if (p > 12) {
    if (digits == 0) {
      *out = 0;
      return ConvertStatus::kOk;
    }
    return ConvertStatus::kOutOfRange;
  }
  __int128 num = digits;
  __int128 den = 1;
  if (p >= 0) {
    num *= Pow10(p);
  } else {
    den = Pow10(-p);
  }
  switch (c.interval) {
    case UnitConversion::Interval::kNone:
      break;
    case UnitConversion::Interval::kTimesHours:
      num *= interval_s;
      den *= 3600;
      break;
    case UnitConversion::Interval::kPerHour:
      num *= 3600;
      den *= interval_s;
      break;
  }
  __int128 q = num / den;
  const __int128 r = num % den;
  if (r != 0) {
    if (!round) return ConvertStatus::kInexact;
    // Half to even: |r| against den / 2, ties to the even quotient (den > 0, r has num's sign).
    const __int128 twice = (r < 0 ? -r : r) * 2;
    if (twice > den || (twice == den && q % 2 != 0)) q += r < 0 ? -1 : 1;
    *rounded = true;
  }
  if (q > std::numeric_limits<int64_t>::max() || q < std::numeric_limits<int64_t>::min()) {
    return ConvertStatus::kOutOfRange;
  }
  *out = static_cast<int64_t>(q);
  return ConvertStatus::kOk;
}

bool ReadDecimalDigits(std::string_view text, int64_t* digits, int* decimals) {
  // The decimals the text has (before an exponent, if any), then an exact parse at that scale;
  // an exponent shifts them, so the next scales are tried (at most 18 more parses, only for
  // such rare text).
  const std::string_view t = StripSpaces(text);
  const size_t point = t.find('.');
  int guess = 0;
  if (point != std::string_view::npos) {
    size_t end = point + 1;
    while (end < t.size() && t[end] >= '0' && t[end] <= '9') ++end;
    guess = static_cast<int>(end - point - 1);
  }
  for (int scale = guess > 18 ? 18 : guess; scale <= 18; ++scale) {
    bool rounded = false;
    const DecimalStatus s = ParseScaledDecimal(t, scale, /*round=*/false, digits, &rounded);
    if (s == DecimalStatus::kOk) {
      *decimals = scale;
      return true;
    }
    if (s != DecimalStatus::kTooPrecise) return false;
  }
  return false;
}

}  // namespace gridline::ingest
