// nem12_parser.h: AEMO NEM12 interval files ("Meter Data File Format Specification NEM12 &
// NEM13") as readings (docs/import.md "NEM12").
//
// - 100 header (version NEM12), 200 NMI data details, 300 one day of interval values, 400 the
//   quality of ranges of a 300 day whose QualityMethod is V, 500 B2B details (skipped, counted),
//   900 end.
// - A 300 day holds exactly 1440 / IntervalLength values (5, 15 or 30 minutes from its 200),
//   value 1 covering 00:00 to the first interval's end; the day is NEM time, UTC+10 all year
//   (the market's time, no daylight saving), so value i starts at the IntervalDate's midnight
//   -10 h + (i - 1) x IntervalLength, in UTC.
// - The 200's UOM converts exactly to the channel's unit (Wh, kWh, MWh to kWh; kW; kVArh; V; A;
//   pf). The NMI suffix names the stream, which the market names from the network's side: E
//   (energy the customer takes from the grid, the network's "export") is kwh_delivered, B (what
//   the customer sends to the grid, the network's "import") is kwh_received, Q kvarh; its digit
//   is the meter element: the meter id is the NMI for element 1 and NMI-N for element N.
// - QualityMethod flags: A actual, E estimated (forward estimate), S estimated (substitute), F
//   edited (final substitute), N missing (null), V variable: each interval takes its 400 range's
//   flag, and the 400 ranges must cover the day.
//
// Thread-compatible; one parser reads one input in order (a 300 belongs to the 200 above it).
#ifndef GRIDLINE_INGEST_NEM12_NEM12_PARSER_H_
#define GRIDLINE_INGEST_NEM12_NEM12_PARSER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/channel.h"
#include "common/quality.h"
#include "ingest/block_meters.h"
#include "ingest/exact_number.h"
#include "ingest/line_parser_source.h"

namespace gridline::ingest::nem12 {

// NEM time: AEST, UTC+10, no daylight saving.
inline constexpr int64_t kNemOffsetS = 10 * 3600;

// The quality of a QualityMethod (`A`, `E52`, `S14`, `F`, `N`); nullopt for V (see the 400
// records) and for what is not a NEM12 flag.
std::optional<Quality> QualityFromMethod(std::string_view method);

struct Uom {
  std::string_view name;  // as the spec writes it: kWh, MVArh
  ChannelKind channel;    // for an E (import) stream
  ExactNumber factor;     // to the channel's unit
};
// The unit named `name` (case-insensitive), nullptr when gridline has no channel for it.
const Uom* FindUom(std::string_view name);

struct Nem12Options {
  bool round = false;  // --round
};

class Nem12Parser : public LineParser {
 public:
  explicit Nem12Parser(Nem12Options options) : options_(options) {}

  size_t Parse(std::string_view text, bool last, ParsedBlock* out) override;
  std::vector<std::string> Notes() const override;

 private:
  struct Stream {  // from the 200 record
    bool ok = false;
    std::string meter;
    ChannelKind channel = ChannelKind::kKwhDelivered;
    ExactNumber factor;
    int interval_min = 0;
  };
  // A 300 day whose intervals wait for their 400 ranges.
  struct Day {
    bool active = false;
    uint32_t line = 0;
    size_t offset = 0;  // of its line in the text
    int64_t start = 0;  // UTC of interval 1
    std::vector<int64_t> values;
    std::vector<uint8_t> valid;  // 0 when the value was refused
    std::vector<Quality> quality;
    int covered = 0;  // intervals 1..covered have a 400 quality
  };

  void Record(std::string_view line_text, uint32_t line, size_t offset, ParsedBlock* out);
  void Header200(uint32_t line, ParsedBlock* out);
  void Day300(uint32_t line, size_t offset, ParsedBlock* out);
  void Range400(uint32_t line, ParsedBlock* out);
  // Emits the day's readings (all of them valid and covered) and ends it.
  void FinishDay(ParsedBlock* out);

  const Nem12Options options_;
  BlockMeters meters_;
  std::vector<std::string_view> fields_;
  Stream stream_;
  Day day_;
  std::string previous_;  // record indicator of the previous record
  bool ended_ = false;    // a 900 was read
  uint64_t skipped_500_ = 0;
};

}  // namespace gridline::ingest::nem12

#endif  // GRIDLINE_INGEST_NEM12_NEM12_PARSER_H_
