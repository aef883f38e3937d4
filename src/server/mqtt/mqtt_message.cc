// mqtt_message.cc: a feed message as one meter's readings (mqtt_message.h).
#include "server/mqtt/mqtt_message.h"

#include <optional>

#include "common/strings.h"
#include "fmt/format.h"
#include "ingest/csv/csv_text.h"
#include "ingest/csv/meter_table.h"
#include "server/mqtt/mqtt_topic.h"

namespace gridline::server::mqtt {

absl::Status ReadMessage(std::string_view filter, std::string_view topic, std::string_view payload,
                         MessageReadings* out) {
  const std::optional<std::string_view> meter = MeterLevel(filter, topic);
  if (!meter) {
    return absl::InvalidArgumentError(fmt::format("topic does not match '{}'", filter));
  }
  if (const std::string problem = ingest::MeterIdProblem(*meter); !problem.empty()) {
    return absl::InvalidArgumentError(
        fmt::format("meter level {}: {}", ingest::Shown(*meter), problem));
  }
  out->meter = std::string(*meter);
  if (absl::Status s = ingest::ReadMeterBody(payload, ingest::LooksLikeJson(payload), &out->body);
      !s.ok()) {
    return absl::InvalidArgumentError(fmt::format("payload: {}", StdView(s.message())));
  }
  return absl::OkStatus();
}

}  // namespace gridline::server::mqtt
