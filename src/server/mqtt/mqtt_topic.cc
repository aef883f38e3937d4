// mqtt_topic.cc: broker URLs and topic filters (mqtt_topic.h).
#include "server/mqtt/mqtt_topic.h"

#include <charconv>

#include "fmt/format.h"

namespace gridline::server::mqtt {

namespace {

// The next level of `rest` (up to `/`), removed from it with its separator; `*more` says whether
// a separator followed (so an empty last level still counts).
std::string_view NextLevel(std::string_view* rest, bool* more) {
  const size_t slash = rest->find('/');
  std::string_view level = rest->substr(0, slash);
  *more = slash != std::string_view::npos;
  *rest = *more ? rest->substr(slash + 1) : std::string_view();
  return level;
}

}  // namespace

absl::StatusOr<BrokerAddress> ParseBrokerUrl(std::string_view url) {
  constexpr std::string_view kScheme = "mqtt://";
  auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(fmt::format("--mqtt '{}': {}", url, why));
  };
  if (url.substr(0, kScheme.size()) != kScheme) {
    return bad("expected mqtt://HOST[:PORT] (mqtts:// and other schemes are not spoken)");
  }
  std::string_view rest = url.substr(kScheme.size());
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find('@') != std::string_view::npos) {
    return bad("credentials in the URL are not taken (they would show in `ps`)");
  }
  if (rest.find('/') != std::string_view::npos)
    return bad(
        "the URL has no path: give the topic "
        "with --mqtt-topic");
  BrokerAddress a;
  std::string_view port_text;
  if (!rest.empty() && rest[0] == '[') {
    const size_t close = rest.find(']');
    if (close == std::string_view::npos) return bad("unclosed [ of an IPv6 address");
    a.host = std::string(rest.substr(1, close - 1));
    const std::string_view after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return bad("expected :PORT after the IPv6 address");
      port_text = after.substr(1);
    }
  } else {
    const size_t colon = rest.find(':');
    a.host = std::string(rest.substr(0, colon));
    if (colon != std::string_view::npos) port_text = rest.substr(colon + 1);
  }
  if (a.host.empty()) return bad("no host");
  if (!port_text.empty() || rest.find(':') != std::string_view::npos) {
    int port = 0;
    auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (port_text.empty() || ec != std::errc() || p != port_text.data() + port_text.size() ||
        port < 1 || port > 65535) {
      return bad("the port must be 1..65535");
    }
    a.port = static_cast<uint16_t>(port);
  }
  return a;
}

absl::Status CheckMeterFilter(std::string_view filter) {
  auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(fmt::format("--mqtt-topic '{}': {}", filter, why));
  };
  if (filter.empty()) return bad("empty");
  if (filter.size() > 65535) return bad("longer than 65535 bytes");
  if (filter.find('\0') != std::string_view::npos) return bad("holds U+0000");
  int pluses = 0;
  std::string_view rest = filter;
  bool more = true;
  while (more) {
    const std::string_view level = NextLevel(&rest, &more);
    if (level.find_first_of("+#") != std::string_view::npos && level.size() > 1) {
      return bad(fmt::format("'{}': a wildcard must be a whole level", level));
    }
    if (level == "#" && more) return bad("# must be the last level");
    if (level == "+") ++pluses;
  }
  if (pluses != 1) {
    return bad("needs exactly one + level, the meter id (e.g. ami/+/reads)");
  }
  return absl::OkStatus();
}

std::optional<std::string_view> MeterLevel(std::string_view filter, std::string_view topic) {
  if (!topic.empty() && topic[0] == '$' && !filter.empty() &&
      (filter[0] == '+' || filter[0] == '#')) {
    return std::nullopt;
  }
  std::optional<std::string_view> meter;
  std::string_view f = filter, t = topic;
  bool f_more = true, t_more = true;
  while (f_more) {
    const std::string_view fl = NextLevel(&f, &f_more);
    if (fl == "#") return meter ? meter : std::optional<std::string_view>(std::string_view());
    if (!t_more) return std::nullopt;
    const std::string_view tl = NextLevel(&t, &t_more);
    if (fl == "+") {
      if (!meter) meter = tl;
    } else if (fl != tl) {
      return std::nullopt;
    }
  }
  if (t_more) return std::nullopt;
  return meter ? meter : std::optional<std::string_view>(std::string_view());
}

bool TopicMatches(std::string_view filter, std::string_view topic) {
  return MeterLevel(filter, topic).has_value();
}

}  // namespace gridline::server::mqtt
