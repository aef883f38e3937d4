// mqtt_payload_fuzzer: MQTT feed messages (server/mqtt/mqtt_message.h): the input's first line is
// the topic, the rest the payload. Checks that a message is either refused with a short reason
// or names a valid meter (the filter's `+` level) and CSV text whose header the readings parser
// takes, with no more readings parsed than the payload holds lines. Accepted: every reading of
// the message parses.
#include <algorithm>
#include <cstdlib>
#include <string_view>

#include "common/strings.h"
#include "ingest/csv/csv_parser.h"
#include "ingest/csv/meter_table.h"
#include "server/mqtt/mqtt_message.h"
#include "test/fuzz/fuzz_targets.h"

namespace gridline::fuzz {

bool FuzzMqttPayload(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nl = input.find('\n');
  if (nl == std::string_view::npos) return false;
  const std::string_view topic = input.substr(0, nl);
  const std::string_view payload = input.substr(nl + 1);
  server::mqtt::MessageReadings m;
  const absl::Status s = server::mqtt::ReadMessage("ami/+/reads", topic, payload, &m);
  if (!s.ok()) {
    if (s.code() != absl::StatusCode::kInvalidArgument || s.message().empty() ||
        s.message().size() > 1024) {
      std::abort();
    }
    return false;
  }
  if (!ingest::MeterIdProblem(m.meter).empty()) std::abort();
  const std::string_view csv = m.body.csv;
  const size_t header_end = std::min(csv.find('\n'), csv.size());
  ingest::CsvOptions options;
  options.meter_id = m.meter;
  if (csv.substr(0, header_end) == "timestamp,value,quality") {
    options.channel = ChannelKind::kVoltage;
  }
  absl::StatusOr<ingest::CsvLayout> layout =
      ingest::ParseCsvHeader(csv.substr(0, header_end), options);
  if (!layout.ok()) {
    if (m.body.json) std::abort();  // a JSON payload always becomes a header the parser takes
    return false;
  }
  ingest::CsvBlockParser parser(*layout, options);
  ingest::ParsedBlock block;
  parser.Parse(header_end < csv.size() ? csv.substr(header_end + 1) : std::string_view(), &block);
  const size_t lines = static_cast<size_t>(std::count(csv.begin(), csv.end(), '\n')) + 1;
  if (block.rows.size() > lines) std::abort();
  return m.body.rejected.empty() && block.errors.empty() && !block.rows.empty();
}

}  // namespace gridline::fuzz

#if defined(GL_FUZZER_mqtt_payload)
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gridline::fuzz::FuzzMqttPayload(data, size);
  return 0;
}
#endif
