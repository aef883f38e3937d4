// meter_body.h: one meter's readings as a body, the way `POST /api/v1/meters/{id}/readings` and
// the MQTT feed (server/mqtt/mqtt_feed.h) take them: CSV `timestamp,kwh[,quality]` lines after
// that header, or JSON `{"readings":[{"timestamp":...,"kwh":...}]}` (json/json_readings.h),
// which becomes the same CSV. Either way the importer (importer.h) then reads it as CSV with the
// meter fixed (CsvOptions::meter_id), so both paths store readings by the same rules.
#ifndef GRIDLINE_INGEST_METER_BODY_H_
#define GRIDLINE_INGEST_METER_BODY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest/row_error.h"

namespace gridline::ingest {

struct MeterBody {
  std::string converted;           // the CSV made from a JSON body
  std::string_view csv;            // what to import: `converted`, or the body itself
  std::vector<RowError> rejected;  // readings a JSON body shaped wrongly (line = index + 2)
  bool json = false;               // row errors name JSON indexes, not CSV lines
};

// Whether a body with no declared type is JSON: its first byte that is not white space is `{`
// or `[` (a CSV body starts with its header).
bool LooksLikeJson(std::string_view body);

// The body as CSV for the importer. `*out` must not be moved while `out->csv` is in use (it may
// view `out->converted`); `body` must outlive it otherwise. InvalidArgument for a JSON body that
// is not JSON or not readings (*error_offset, when given, says at which byte, -1 when none) and
// for an empty body.
absl::Status ReadMeterBody(std::string_view body, bool json, MeterBody* out,
                           int64_t* error_offset = nullptr);

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_METER_BODY_H_
