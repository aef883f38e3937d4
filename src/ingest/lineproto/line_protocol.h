// line_protocol.h: InfluxDB line protocol (1.x) as interval reads, for `POST /write`, `gridline
// import lineproto` and `POST /api/v1/ingest/lineproto` (docs/import.md "Line protocol").
//
//   measurement[,tag=value...] field=value[,field=value...] [timestamp]
//
// A line is one reading: its measurement names the channel (`kwh` is kWh delivered; any
// channel name or alias of common/channel.h, or a mapping given with LineProtocolMapping), the
// tag `meter` names the meter, the field `value` holds the reading, an optional tag `quality`
// its quality word; other tags and fields are ignored. The timestamp is an integer in the
// request's precision (ns by default) and labels the start of the interval; it must be a whole
// second. A line without one takes the server's clock, floored to the second. Float values are
// decimal text rounded half to even to the channel's resolution (ParsedBlock::rounded counts the
// ones that changed: floats carry artefacts such as 0.30000000000000004); integer (`12i`,
// `12u`) values are exact. Escapes (`\,`, `\=`, `\ `, `\"`, `\\`) follow the 1.x rules; `#`
// starts a comment line; blank lines are skipped.
//
// Every problem is a RowError naming the line and the field (measurement, tag or field name, or
// "timestamp"); a line longer than kMaxLineProtocolLine is refused whole.
#ifndef GRIDLINE_INGEST_LINEPROTO_LINE_PROTOCOL_H_
#define GRIDLINE_INGEST_LINEPROTO_LINE_PROTOCOL_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/channel.h"
#include "ingest/parsed_block.h"

namespace gridline::ingest {

inline constexpr size_t kMaxLineProtocolLine = 64 * 1024;

// How measurements, tags and fields map to readings (serve --lp-*; docs/import.md).
struct LineProtocolMapping {
  std::string meter_tag = "meter";
  std::string value_field = "value";
  std::string quality_tag = "quality";
  // Measurement -> channel, checked before the channel names themselves.
  std::vector<std::pair<std::string, ChannelKind>> measurements;
};

// The timestamp unit: n (ns, the default), u or us, ms, s, m, h.
struct LineProtocolPrecision {
  int64_t per_second = 1'000'000'000;  // units per second (n: 1e9); 0 when coarser than 1 s
  int64_t seconds_per_unit = 1;        // m: 60, h: 3600 (per_second is then 0)
};
absl::StatusOr<LineProtocolPrecision> ParseLineProtocolPrecision(std::string_view text);

// Parses `MEASUREMENT=CHANNEL` (a --lp-measurement flag) into the mapping.
absl::Status AddLineProtocolMeasurement(std::string_view spec, LineProtocolMapping* mapping);

struct LineProtocolOptions {
  LineProtocolMapping mapping;
  LineProtocolPrecision precision;
  // The clock for lines without a timestamp (UTC seconds); the system clock when empty.
  std::function<int64_t()> now;
};

class LineProtocolParser {
 public:
  explicit LineProtocolParser(LineProtocolOptions options);
  ~LineProtocolParser();
  LineProtocolParser(const LineProtocolParser&) = delete;
  LineProtocolParser& operator=(const LineProtocolParser&) = delete;

  // Parses the complete lines of `text` and appends readings and row errors to *out (which
  // the caller clears); `line` numbers are relative to the first line of `text` (0-based).
  void Parse(std::string_view text, ParsedBlock* out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_LINEPROTO_LINE_PROTOCOL_H_
