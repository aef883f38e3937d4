// meter_body.cc: one meter's readings body, CSV or JSON (meter_body.h).
#include "ingest/meter_body.h"

#include "ingest/json/json_readings.h"

namespace gridline::ingest {

bool LooksLikeJson(std::string_view body) {
  const size_t first = body.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && (body[first] == '{' || body[first] == '[');
}

absl::Status ReadMeterBody(std::string_view body, bool json, MeterBody* out,
                           int64_t* error_offset) {
  if (error_offset != nullptr) *error_offset = -1;
  out->json = json;
  if (json) {
    absl::StatusOr<JsonReadings> parsed = JsonReadingsToCsv(body, error_offset);
    if (!parsed.ok()) return parsed.status();
    out->converted = std::move(parsed->csv);
    out->rejected = std::move(parsed->errors);
    out->csv = out->converted;
  } else {
    out->csv = body;
  }
  if (out->csv.empty()) {
    return absl::InvalidArgumentError(
        "empty body: send `timestamp,kwh[,quality]` lines after "
        "that header, or JSON {\"readings\": [...]}");
  }
  return absl::OkStatus();
}

}  // namespace gridline::ingest
