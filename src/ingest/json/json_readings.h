// json_readings.h: the readings of one meter in JSON, as the HTTP API takes them
// (`POST /api/v1/meters/{id}/readings`, docs/api.md):
//
//   {"readings": [{"timestamp": "2026-07-01T00:00:00Z", "kwh": "0.219", "quality": "actual"}, ...]}
//
// (or the bare array). `kwh` (or `value`, for a channel that is not energy) is a JSON number or a
// decimal string, read exactly from its text, never through a binary double; `quality` is
// optional. Other members are ignored, so the JSON that `GET .../readings` answers can be sent
// back as it is.
//
// The readings are turned into CSV text (`timestamp,kwh,quality`) for the CSV pipeline
// (ingest/importer.h with CsvOptions::meter_id), so timestamps, values, qualities, rounding and
// placement follow exactly the rules of `gridline import csv`. Reading i (0-based) becomes CSV
// line i + 2; a reading whose JSON shape is wrong (not an object, a member missing or of the
// wrong type, a line break or comma inside a text) is rejected here with a RowError on that
// line and left blank in the CSV, which the parser skips. kLineOfFirstReading converts back.
#ifndef GRIDLINE_INGEST_JSON_JSON_READINGS_H_
#define GRIDLINE_INGEST_JSON_JSON_READINGS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest/row_error.h"

namespace gridline::ingest {

inline constexpr uint64_t kLineOfFirstReading = 2;
// Readings in one body (a 64 MiB body holds about a million).
inline constexpr size_t kMaxJsonReadings = 1'000'000;

struct JsonReadings {
  std::string csv;               // header and one line per reading
  std::vector<RowError> errors;  // readings rejected for their JSON shape (line = index + 2)
  uint64_t readings = 0;         // elements of the readings array
};

// InvalidArgument when `body` is not JSON (the message and *error_offset, when given, say at
// which byte), crosses a bound of common/json_bounds.h (arrays and objects nested deeper than 64
// levels, a string over 4 KiB, more values than kMaxJsonReadings readings need), has no
// readings array, or has more than kMaxJsonReadings readings.
absl::StatusOr<JsonReadings> JsonReadingsToCsv(std::string_view body,
                                               int64_t* error_offset = nullptr);

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_JSON_JSON_READINGS_H_
