// parsed_block.h: what a parser hands to the importer for one block of input lines. Readings
// are not yet on a series' slot grid: the importer places them (it knows each series' interval,
// learns it for new series, and applies `--label end`).
#ifndef GRIDLINE_INGEST_PARSED_BLOCK_H_
#define GRIDLINE_INGEST_PARSED_BLOCK_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/channel.h"
#include "common/quality.h"
#include "ingest/row_error.h"

namespace gridline::ingest {

inline constexpr int64_t kNoLocalEnd = INT64_MIN;

// Readings of every format must lie in [kMinTime, kMaxTime): 1970-01-01T00:00:00Z to
// 2200-01-01T00:00:00Z.
inline constexpr int64_t kMinTime = 0;
inline constexpr int64_t kMaxTime = 7'258'118'400;

struct ParsedRow {
  int64_t time = 0;   // UTC seconds of the timestamp as written (interval start unless --label end)
  int64_t value = 0;  // integer count of the channel's resolution (Wh for kWh)
  // With --label end, a naive timestamp in a zone that is not UTC: its wall-clock seconds, and
  // `time` only an approximation for interval learning. The placer subtracts the interval on the
  // wall clock and then resolves the zone (an hour-ending file's `2:00` on the day DST starts
  // ends the hour that starts at 01:00). kNoLocalEnd otherwise.
  int64_t local_end = kNoLocalEnd;
  uint32_t meter = 0;  // index into ParsedBlock::meters
  uint32_t line = 0;   // 0-based line offset from the first line of the block
  // > 0 when a naive local timestamp fell in the hour repeated as DST ends: `time` is its first
  // occurrence and `time + ambiguous_s` the second; the importer picks by the series' order.
  // (16 bits: DST moves clocks by at most 2 hours; the row stays 40 bytes.)
  int16_t ambiguous_s = 0;
  // The header column of the value, for row errors the placer finds (a wide row has many).
  uint16_t column = 0;
  ChannelKind channel = ChannelKind::kKwhDelivered;
  Quality quality = Quality::kActual;
  // A value whose conversion needs the series' interval (--unit kw into a kWh channel,
  // value_unit.h): `value` is the text's digits, `decimals` their decimals, and `unit` (a
  // ValueUnit) the unit they are in; the placer converts once it knows the interval. 0: `value`
  // is final.
  uint8_t unit = 0;
  uint8_t decimals = 0;
};

// Blocks hold millions of rows: keep them small.
static_assert(sizeof(ParsedRow) == 40);

struct ParsedBlock {
  std::vector<std::string> meters;  // distinct meter ids seen in this block
  std::vector<ParsedRow> rows;      // in input order
  std::vector<RowError> errors;     // `line` relative to the block (0 = its first line); no file
  uint32_t line_count = 0;          // lines consumed, blank ones included
  uint64_t rejected_readings = 0;   // readings refused (a wide row may refuse several)
  uint64_t rounded = 0;             // values changed by --round
  uint64_t naive_times = 0;         // timestamps without an offset, read in the --tz zone

  // A row error at `line` (relative to the block) that refuses `readings` readings.
  void Reject(uint32_t line, std::string field, std::string reason, uint64_t readings = 1) {
    errors.push_back(
        RowError{.file = {}, .line = line, .field = std::move(field), .reason = std::move(reason)});
    rejected_readings += readings;
  }

  void Clear() {
    meters.clear();
    rows.clear();
    errors.clear();
    line_count = 0;
    rejected_readings = rounded = naive_times = 0;
  }
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_PARSED_BLOCK_H_
