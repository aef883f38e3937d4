// mqtt_topic.h: what `serve --mqtt URL --mqtt-topic FILTER` means: the broker's address
// (`mqtt://HOST[:PORT]`, port 1883 by default) and the topic filter whose `+` level names the
// meter (OASIS MQTT 3.1.1 section 4.7, "Topic Names and Topic Filters": `+` matches one level,
// `#` the rest, as the last level).
#ifndef GRIDLINE_SERVER_MQTT_MQTT_TOPIC_H_
#define GRIDLINE_SERVER_MQTT_MQTT_TOPIC_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace gridline::server::mqtt {

struct BrokerAddress {
  std::string host;
  uint16_t port = 1883;
};

// `mqtt://HOST[:PORT]` or `mqtt://[V6]:PORT`. InvalidArgument, saying why, for another scheme
// (mqtts:// included: TLS is not spoken), credentials or a path in the URL, an empty host or a
// port outside 1..65535.
absl::StatusOr<BrokerAddress> ParseBrokerUrl(std::string_view url);

// A filter for the feed: levels split by `/`, `+` and `#` each alone in their level, `#` only
// last, and exactly one `+` (the meter's level). InvalidArgument saying which rule it breaks.
absl::Status CheckMeterFilter(std::string_view filter);

// Whether `topic` matches `filter` (section 4.7: a filter starting with a wildcard does not match
// a topic that starts with `$`).
bool TopicMatches(std::string_view filter, std::string_view topic);

// The topic level the filter's first `+` matched; nullopt when the topic does not match.
std::optional<std::string_view> MeterLevel(std::string_view filter, std::string_view topic);

}  // namespace gridline::server::mqtt

#endif  // GRIDLINE_SERVER_MQTT_MQTT_TOPIC_H_
