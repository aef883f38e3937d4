#include "common/channel.h"

#include "common/decimal.h"
#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"

namespace gridline {

namespace {

// Energy per hour: 1 GW for an hour is 1,000,000 kWh = 10^9 Wh, the largest substation
// transformers. A 15-minute roll-up cell then gets at most 2.4 * 10^10 Wh per meter (a daily
// reading, all in its first slot), so a cell of 3.8 * 10^8 meters still fits in int64
// (docs/rollups.md "Exact sums"): roll-up cells add without a check, so this bound is what keeps
// them exact. A grid operator's zone load (PJM's AEP zone peaks at 26 GW) is not a meter's energy:
// it is imported as demand (kw_demand, average kW over the interval), which no roll-up sums.
constexpr int64_t kGwhWh = 1'000'000'000;
// Demand: 1 TW, a whole interconnection (the eastern US peaks near 0.5 TW).
constexpr int64_t kTwW = 1'000'000'000'000;

constexpr ChannelSpec kChannels[] = {
    // kind, name, unit, scale, min, max, per hour
    {ChannelKind::kKwhDelivered, "kwh_delivered", "kWh", 3, -kGwhWh, kGwhWh, true},
    {ChannelKind::kKwhReceived, "kwh_received", "kWh", 3, -kGwhWh, kGwhWh, true},
    {ChannelKind::kKwhNet, "kwh_net", "kWh", 3, -kGwhWh, kGwhWh, true},
    // A register reads cumulative energy: 12 integer digits of kWh are more than any dial has.
    {ChannelKind::kKwhRegister, "kwh_register", "kWh", 3, -1'000'000'000'000'000,
     1'000'000'000'000'000, false},
    {ChannelKind::kKwDemand, "kw_demand", "kW", 3, -kTwW, kTwW, false},  // 1 TW
    {ChannelKind::kKvarh, "kvarh", "kVArh", 3, -kGwhWh, kGwhWh, true},   // 1 GVAr
    // 1 MV is above the highest transmission voltage in service (1,100 kV DC lines excepted,
    // which no interval meter sits on).
    {ChannelKind::kVoltage, "voltage", "V", 3, -1'000'000'000, 1'000'000'000, false},
    {ChannelKind::kCurrent, "current", "A", 3, -100'000'000, 100'000'000, false},  // 100 kA
    {ChannelKind::kPowerFactor, "power_factor", "", 3, -1000, 1000, false},
    // Air, soil and transformer oil: -100 to 200 degC.
    {ChannelKind::kTemperature, "temperature", "degC", 2, -10'000, 20'000, false},
    // Market prices: caps are in the thousands of $/MWh; a million is out of any market.
    {ChannelKind::kPrice, "price", "$/MWh", 5, -100'000'000'000, 100'000'000'000, false},
    {ChannelKind::kWatts, "watts", "W", 3, -1'000'000'000'000, 1'000'000'000'000, false},  // 1 GW
    // Scale 5 is ESPI's hundred-thousandths of the currency (USD unless the feed says otherwise).
    // $1 M for an hour of one meter's energy is past any tariff (1 GW at $1/kWh); credits for
    // exported energy are negative.
    {ChannelKind::kCost, "cost", "USD", 5, -100'000'000'000, 100'000'000'000, true},
};

struct Alias {
  std::string_view name;
  ChannelKind kind;
};
constexpr Alias kAliases[] = {
    {"kwh", ChannelKind::kKwhDelivered},
    {"delivered", ChannelKind::kKwhDelivered},
    {"received", ChannelKind::kKwhReceived},
    {"net", ChannelKind::kKwhNet},
    {"register", ChannelKind::kKwhRegister},
    {"kw", ChannelKind::kKwDemand},
    {"v", ChannelKind::kVoltage},
    {"a", ChannelKind::kCurrent},
    {"pf", ChannelKind::kPowerFactor},
    {"w", ChannelKind::kWatts},
    {"temp", ChannelKind::kTemperature},
    {"lmp", ChannelKind::kPrice},
};

}  // namespace

std::span<const ChannelSpec> AllChannels() { return kChannels; }

const ChannelSpec& GetChannelSpec(ChannelKind kind) {
  return kChannels[static_cast<int>(kind) - 1];
}

std::optional<ChannelKind> ChannelFromName(std::string_view name) {
  for (const ChannelSpec& c : kChannels) {
    if (EqualsIgnoreCase(c.name, name)) return c.kind;
  }
  for (const Alias& a : kAliases) {
    if (EqualsIgnoreCase(a.name, name)) return a.kind;
  }
  return std::nullopt;
}

ValueRange PlausibleRange(ChannelKind kind, int64_t interval_s) {
  const ChannelSpec& c = GetChannelSpec(kind);
  if (!c.per_hour) return ValueRange{c.min_value, c.max_value};
  // Exact in 128 bits; rounded toward zero, so the bound is never above the hourly rate.
  auto scale = [interval_s](int64_t v) {
    return static_cast<int64_t>(static_cast<__int128>(v) * interval_s / 3600);
  };
  return ValueRange{scale(c.min_value), scale(c.max_value)};
}

std::string OutOfRangeReason(ChannelKind kind, int64_t interval_s, int64_t value) {
  const ChannelSpec& c = GetChannelSpec(kind);
  const ValueRange r = PlausibleRange(kind, interval_s);
  const std::string unit = c.unit.empty() ? std::string() : " " + std::string(c.unit);
  std::string reason = fmt::format("{}{} is outside the plausible range of {}",
                                   FormatScaledDecimal(value, c.scale), unit, c.name);
  if (c.per_hour) reason += fmt::format(" for a {} interval", FormatDuration(interval_s));
  reason += fmt::format(": {} .. {}{}", FormatScaledDecimal(r.min, c.scale),
                        FormatScaledDecimal(r.max, c.scale), unit);
  if (c.per_hour) {
    reason += fmt::format(" ({}{} per hour)", FormatScaledDecimal(c.max_value, c.scale), unit);
  }
  return reason;
}

std::optional<ChannelKind> ChannelFromByte(uint8_t b) {
  if (b < 1 || b > static_cast<uint8_t>(ChannelKind::kCost)) return std::nullopt;
  return static_cast<ChannelKind>(b);
}

}  // namespace gridline
