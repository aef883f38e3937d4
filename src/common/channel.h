// channel.h: the kinds of channel a series can have, with unit and resolution. A series is
// (asset, channel); its values are int64 counts of the channel's resolution (10^-scale units):
// kWh at scale 3 is Wh, V at scale 3 is mV, $/MWh at scale 5 is 1/100000 $/MWh (docs/design.md).
#ifndef GRIDLINE_COMMON_CHANNEL_H_
#define GRIDLINE_COMMON_CHANNEL_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace gridline {

// Stored on disk: never renumber.
enum class ChannelKind : uint8_t {
  kKwhDelivered = 1,  // energy from grid to premise in the interval
  kKwhReceived = 2,   // energy from premise to grid (rooftop PV export)
  kKwhNet = 3,        // delivered - received, may be negative
  kKwhRegister = 4,   // cumulative register (dial) read
  kKwDemand = 5,      // max or average kW over the interval
  kKvarh = 6,         // reactive energy
  kVoltage = 7,
  kCurrent = 8,
  kPowerFactor = 9,
  kTemperature = 10,  // degrees Celsius
  kPrice = 11,        // $/MWh
  kWatts = 12,        // average power over the interval (sub-metering circuits)
  kCost = 13,         // what the interval's energy cost (Green Button <cost>), in currency units
};

struct ChannelSpec {
  ChannelKind kind;
  std::string_view name;  // canonical name used in files and on the command line
  std::string_view unit;  // unit of the printed decimal value
  int scale;              // decimals kept: stored integer = value * 10^scale
  // The plausible range of one reading, in stored units (docs/import.md "Plausible ranges"). For
  // a quantity accumulated over the interval (energy) it is per hour of interval and grows with
  // it (`per_hour`): a 15-minute kWh reading may be a quarter of the hourly bound. The bounds
  // are what the largest real sources produce (a 1 GW substation transformer, a 1 MV line) and
  // keep every sum of readings far from the int64 limit (docs/rollups.md "Exact sums").
  int64_t min_value;
  int64_t max_value;
  bool per_hour;
};

// The range a reading of `kind` must lie in, in a series of `interval_s` seconds, inclusive.
struct ValueRange {
  int64_t min = 0;
  int64_t max = 0;
  bool Contains(int64_t v) const { return v >= min && v <= max; }
};
ValueRange PlausibleRange(ChannelKind kind, int64_t interval_s);

// Why `value` is outside PlausibleRange(kind, interval_s), naming the bound:
// "99999999.000 kWh is outside the plausible range of kwh_delivered for a 15m interval:
// -250000.000 .. 250000.000 kWh (1000000.000 kWh per hour)".
std::string OutOfRangeReason(ChannelKind kind, int64_t interval_s, int64_t value);

// All channel kinds, in enum order.
std::span<const ChannelSpec> AllChannels();

// The spec of `kind`. REQUIRES: kind is a valid enumerator.
const ChannelSpec& GetChannelSpec(ChannelKind kind);

// Looks a channel up by its name or an accepted alias (case-insensitive): `kwh` is
// kwh_delivered, `kw` kw_demand, `v` voltage, `a` current, `pf` power_factor, `w` watts.
std::optional<ChannelKind> ChannelFromName(std::string_view name);

// A stored channel byte read back from disk; nullopt when it names no channel.
std::optional<ChannelKind> ChannelFromByte(uint8_t b);

}  // namespace gridline

#endif  // GRIDLINE_COMMON_CHANNEL_H_
