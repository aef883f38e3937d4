// espi_reading_type.h: what a Green Button (NAESB ESPI) ReadingType means for gridline: the
// channel its IntervalReadings land on, how their integer `value` becomes the channel's stored
// integer, and what an ESPI ReadingQuality code means (docs/import.md "Green Button").
//
// ESPI: real value = value x 10^powerOfTenMultiplier in `uom`; `cost` is in hundred-thousandths
// of `currency`. One table (kUomRules in the .cc) maps (uom, flowDirection,
// accumulationBehaviour) to a channel and a decimal shift: Wh (72) to kWh at scale 3 is no shift,
// V (29) to V at scale 3 is a shift of 3.
#ifndef GRIDLINE_INGEST_GREENBUTTON_ESPI_READING_TYPE_H_
#define GRIDLINE_INGEST_GREENBUTTON_ESPI_READING_TYPE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "common/channel.h"
#include "common/quality.h"

namespace gridline::ingest {

// ESPI codes (espi.xsd enumerations) gridline reads.
inline constexpr int kEspiUomWh = 72;
inline constexpr int kEspiFlowForward = 1;   // delivered to the premise
inline constexpr int kEspiFlowReverse = 19;  // received from the premise
inline constexpr int kEspiFlowNet = 4;
inline constexpr int kEspiAccumulationBulk = 1;        // bulkQuantity: a register read
inline constexpr int kEspiAccumulationCumulative = 3;  // also a register read
inline constexpr int kEspiAccumulationDelta = 4;       // deltaData: interval usage
inline constexpr int kEspiCurrencyUsd = 840;

// The ReadingType fields that matter here, with ESPI's defaults for absent elements (a ReadingType
// that says only `<uom>72</uom>` is interval energy delivered, in Wh).
struct EspiReadingType {
  int uom = kEspiUomWh;
  int power_of_ten = 0;  // powerOfTenMultiplier
  int flow = kEspiFlowForward;
  int accumulation = kEspiAccumulationDelta;
  int kind = 12;           // energy
  int64_t interval_s = 0;  // intervalLength, 0 when absent
  int currency = kEspiCurrencyUsd;
};

// Where readings of a ReadingType land: stored = value x 10^shift (shift may be negative).
struct EspiChannel {
  ChannelKind channel = ChannelKind::kKwhDelivered;
  int shift = 0;
};

// The channel of `rt`. InvalidArgument naming the uom, flow and accumulation when none fits (gas
// in therms, reverse reactive energy, a total flow).
absl::StatusOr<EspiChannel> ChannelOfReadingType(const EspiReadingType& rt);

// The ReadingType an export writes for `channel` (the same table read backwards, so the import
// reads the export to the same channel and values); nullopt for a channel ESPI has no unit for
// here (cost, which is written as <cost>; price, temperature, power factor, watts).
std::optional<EspiReadingType> ReadingTypeOfChannel(ChannelKind channel);

// value x 10^shift into *out. False when it has more decimals than the channel keeps (a shift
// below 0 that does not divide it evenly) or does not fit in int64.
bool ScaleEspiValue(int64_t value, int shift, int64_t* out);

// The quality of ESPI ReadingQuality code `code` (DOMAIN: 0 valid, 7 edited, 8/9 estimated, 10
// questionable, ... 17 validated, 19 revenue quality); nullopt for a code ESPI does not define.
std::optional<Quality> QualityFromEspi(int code);

// The more doubtful of two qualities (an IntervalReading may carry several ReadingQuality codes):
// missing, then suspect, estimated, edited, actual.
Quality WorseQuality(Quality a, Quality b);

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_GREENBUTTON_ESPI_READING_TYPE_H_
