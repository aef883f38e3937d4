#include "ingest/greenbutton/espi_reading_type.h"

#include <optional>

#include "fmt/format.h"

namespace gridline::ingest {

namespace {

// One row per ESPI unit of measure gridline stores. The channel of each reading direction:
// forward (delivered), reverse (received), net, and a register read (accumulationBehaviour 1 or
// 3); kNone where the unit has no such channel.
constexpr ChannelKind kNone = static_cast<ChannelKind>(0);
struct UomRule {
  int uom;
  const char* name;
  int shift;  // decimal digits from the ESPI unit to the channel's resolution
  ChannelKind forward, reverse, net, reg;
};
constexpr UomRule kUomRules[] = {
    // Wh -> kWh at scale 3: the stored integer is Wh.
    {72, "Wh", 0, ChannelKind::kKwhDelivered, ChannelKind::kKwhReceived, ChannelKind::kKwhNet,
     ChannelKind::kKwhRegister},
    // VArh -> kVArh at scale 3; gridline keeps one reactive channel, the delivered one.
    {73, "VArh", 0, ChannelKind::kKvarh, kNone, kNone, kNone},
    // W (demand) -> kW at scale 3.
    {38, "W", 0, ChannelKind::kKwDemand, kNone, kNone, kNone},
    // V and A at scale 3: mV and mA.
    {29, "V", 3, ChannelKind::kVoltage, kNone, kNone, kNone},
    {5, "A", 3, ChannelKind::kCurrent, kNone, kNone, kNone},
};

// ESPI QualityOfReading codes (espi.xsd) and what gridline keeps of each.
struct QualityRule {
  int code;
  Quality quality;
};
constexpr QualityRule kQualityRules[] = {
    {0, Quality::kActual},      // valid
    {7, Quality::kEdited},      // manually edited
    {8, Quality::kEstimated},   // estimated using reference day
    {9, Quality::kEstimated},   // estimated using linear interpolation
    {10, Quality::kSuspect},    // questionable
    {11, Quality::kEstimated},  // derived
    {12, Quality::kEstimated},  // projected (forecast)
    {13, Quality::kEdited},     // mixed
    {14, Quality::kActual},     // raw
    {15, Quality::kEdited},     // normalized for weather
    {16, Quality::kSuspect},    // other
    {17, Quality::kActual},     // validated
    {18, Quality::kActual},     // verified
    {19, Quality::kActual},     // revenue-quality
};

int Severity(Quality q) {
  switch (q) {
    case Quality::kActual:
      return 0;
    case Quality::kEdited:
      return 1;
    case Quality::kEstimated:
      return 2;
    case Quality::kSuspect:
      return 3;
    case Quality::kMissing:
      return 4;
  }
  return 0;
}

}  // namespace

absl::StatusOr<EspiChannel> ChannelOfReadingType(const EspiReadingType& rt) {
  const UomRule* rule = nullptr;
  for (const UomRule& r : kUomRules) {
    if (r.uom == rt.uom) rule = &r;
  }
  if (rule == nullptr) {
    return absl::InvalidArgumentError(fmt::format(
        "uom {} is not a unit gridline stores (72 Wh, 73 VArh, 38 W, 29 V, 5 A)", rt.uom));
  }
  ChannelKind channel = kNone;
  const bool reg =
      rt.accumulation == kEspiAccumulationBulk || rt.accumulation == kEspiAccumulationCumulative;
  if (reg) {
    channel = rule->reg;
  } else if (rt.flow == kEspiFlowForward || rt.flow == 0) {
    channel = rule->forward;
  } else if (rt.flow == kEspiFlowReverse) {
    channel = rule->reverse;
  } else if (rt.flow == kEspiFlowNet) {
    channel = rule->net;
  }
  if (channel == kNone) {
    return absl::InvalidArgumentError(
        fmt::format("uom {} ({}) with flowDirection {} and accumulationBehaviour {} maps to no "
                    "channel",
                    rt.uom, rule->name, rt.flow, rt.accumulation));
  }
  return EspiChannel{channel, rule->shift + rt.power_of_ten};
}

std::optional<EspiReadingType> ReadingTypeOfChannel(ChannelKind channel) {
  for (const UomRule& r : kUomRules) {
    EspiReadingType rt;
    rt.uom = r.uom;
    rt.power_of_ten = -r.shift;
    rt.kind = r.uom == 38 ? 8 : 12;  // demand, else energy
    if (channel == r.forward) return rt;
    if (channel == r.reverse) return rt.flow = kEspiFlowReverse, rt;
    if (channel == r.net) return rt.flow = kEspiFlowNet, rt;
    if (channel == r.reg) return rt.accumulation = kEspiAccumulationBulk, rt;
  }
  return std::nullopt;
}

bool ScaleEspiValue(int64_t value, int shift, int64_t* out) {
  if (shift < -18 || shift > 18) return value == 0 ? (*out = 0, true) : false;
  int64_t v = value;
  for (int i = 0; i < shift; ++i) {
    if (__builtin_mul_overflow(v, int64_t{10}, &v)) return false;
  }
  for (int i = 0; i > shift; --i) {
    if (v % 10 != 0) return false;
    v /= 10;
  }
  *out = v;
  return true;
}

std::optional<Quality> QualityFromEspi(int code) {
  for (const QualityRule& r : kQualityRules) {
    if (r.code == code) return r.quality;
  }
  return std::nullopt;
}

Quality WorseQuality(Quality a, Quality b) { return Severity(b) > Severity(a) ? b : a; }

}  // namespace gridline::ingest
