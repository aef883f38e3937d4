#include "common/channel.h"

#include "common/strings.h"

namespace gridline {

namespace {

constexpr ChannelSpec kChannels[] = {
    {ChannelKind::kKwhDelivered, "kwh_delivered", "kWh", 3},
    {ChannelKind::kKwhReceived, "kwh_received", "kWh", 3},
    {ChannelKind::kKwhNet, "kwh_net", "kWh", 3},
    {ChannelKind::kKwhRegister, "kwh_register", "kWh", 3},
    {ChannelKind::kKwDemand, "kw_demand", "kW", 3},
    {ChannelKind::kKvarh, "kvarh", "kVArh", 3},
    {ChannelKind::kVoltage, "voltage", "V", 3},
    {ChannelKind::kCurrent, "current", "A", 3},
    {ChannelKind::kPowerFactor, "power_factor", "", 3},
    {ChannelKind::kTemperature, "temperature", "degC", 2},
    {ChannelKind::kPrice, "price", "$/MWh", 5},
    {ChannelKind::kWatts, "watts", "W", 3},
};

struct Alias {
  std::string_view name;
  ChannelKind kind;
};
constexpr Alias kAliases[] = {
    {"kwh", ChannelKind::kKwhDelivered},       {"delivered", ChannelKind::kKwhDelivered},
    {"received", ChannelKind::kKwhReceived},   {"net", ChannelKind::kKwhNet},
    {"register", ChannelKind::kKwhRegister},   {"kw", ChannelKind::kKwDemand},
    {"v", ChannelKind::kVoltage},              {"a", ChannelKind::kCurrent},
    {"pf", ChannelKind::kPowerFactor},         {"w", ChannelKind::kWatts},
    {"temp", ChannelKind::kTemperature},       {"lmp", ChannelKind::kPrice},
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

std::optional<ChannelKind> ChannelFromByte(uint8_t b) {
  if (b < 1 || b > static_cast<uint8_t>(ChannelKind::kWatts)) return std::nullopt;
  return static_cast<ChannelKind>(b);
}

}  // namespace gridline
