// mqtt_message.h: one MQTT message of the feed as readings: the meter is the topic level the
// filter's `+` matched, the payload is the body `POST /api/v1/meters/{id}/readings` takes (JSON
// when it starts with `{` or `[`, CSV `timestamp,kwh[,quality]` lines otherwise;
// ingest/meter_body.h). No I/O: the feed (mqtt_feed.h) imports what this returns, and the
// mqtt_payload fuzz target runs it on hostile bytes.
#ifndef GRIDLINE_SERVER_MQTT_MQTT_MESSAGE_H_
#define GRIDLINE_SERVER_MQTT_MQTT_MESSAGE_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "ingest/meter_body.h"

namespace gridline::server::mqtt {

struct MessageReadings {
  std::string meter;
  ingest::MeterBody body;  // REQUIRES while in use: the payload it was read from is alive
};

// InvalidArgument (the message says why, input text shown safely) when the topic does not match
// the filter, its `+` level is not a valid meter id (ingest::MeterIdProblem), or the payload is
// empty or JSON that is not readings. The readings themselves are checked by the importer.
absl::Status ReadMessage(std::string_view filter, std::string_view topic, std::string_view payload,
                         MessageReadings* out);

}  // namespace gridline::server::mqtt

#endif  // GRIDLINE_SERVER_MQTT_MQTT_MESSAGE_H_
