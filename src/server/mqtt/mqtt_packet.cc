// mqtt_packet.cc: MQTT 3.1.1 packets (mqtt_packet.h).
#include "server/mqtt/mqtt_packet.h"

#include "fmt/format.h"

namespace gridline::server::mqtt {

namespace {

void AppendRemainingLength(std::string* out, size_t n) {
  do {
    uint8_t b = static_cast<uint8_t>(n % 128);
    n /= 128;
    if (n > 0) b |= 0x80;
    out->push_back(static_cast<char>(b));
  } while (n > 0);
}

void AppendU16(std::string* out, uint16_t v) {
  out->push_back(static_cast<char>(v >> 8));
  out->push_back(static_cast<char>(v & 0xff));
}

void AppendString(std::string* out, std::string_view s) {
  AppendU16(out, static_cast<uint16_t>(s.size()));
  out->append(s);
}

std::string Whole(uint8_t first, const std::string& body) {
  std::string out;
  out.reserve(body.size() + 5);
  out.push_back(static_cast<char>(first));
  AppendRemainingLength(&out, body.size());
  out.append(body);
  return out;
}

// Reads big-endian 16 bits at *pos of `body`; false when fewer than 2 bytes are left.
bool ReadU16(std::string_view body, size_t* pos, uint16_t* v) {
  if (body.size() - *pos < 2) return false;
  *v = static_cast<uint16_t>((static_cast<uint8_t>(body[*pos]) << 8) |
                             static_cast<uint8_t>(body[*pos + 1]));
  *pos += 2;
  return true;
}

}  // namespace

absl::StatusOr<Decoded> DecodePacket(std::string_view bytes, size_t max_remaining) {
  Decoded d;
  if (bytes.empty()) return d;
  const uint8_t first = static_cast<uint8_t>(bytes[0]);
  const uint8_t type = first >> 4;
  if (type == 0 || type == 15) {
    return absl::InvalidArgumentError(fmt::format("packet type {} is reserved", type));
  }
  size_t length = 0;
  size_t pos = 1;
  for (int i = 0;; ++i) {
    if (i == 4) {
      return absl::InvalidArgumentError("remaining length longer than 4 bytes");
    }
    if (pos >= bytes.size()) return d;  // the length itself is not all here yet
    const uint8_t b = static_cast<uint8_t>(bytes[pos++]);
    length |= static_cast<size_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) {
      if (b == 0 && i > 0) {
        return absl::InvalidArgumentError("remaining length not in its shortest form");
      }
      break;
    }
  }
  if (length > max_remaining) {
    return absl::InvalidArgumentError(
        fmt::format("packet of {} bytes is over the limit of {} bytes", length, max_remaining));
  }
  if (bytes.size() - pos < length) return d;
  d.complete = true;
  d.size = pos + length;
  d.packet.type = static_cast<PacketType>(type);
  d.packet.flags = first & 0x0f;
  d.packet.body = bytes.substr(pos, length);
  return d;
}

absl::StatusOr<Publish> ParsePublish(const Packet& packet) {
  Publish p;
  p.retain = (packet.flags & 0x01) != 0;
  p.qos = (packet.flags >> 1) & 0x03;
  p.dup = (packet.flags & 0x08) != 0;
  if (p.qos == 3) return absl::InvalidArgumentError("PUBLISH with QoS 3");
  const std::string_view body = packet.body;
  size_t pos = 0;
  uint16_t topic_size = 0;
  if (!ReadU16(body, &pos, &topic_size) || body.size() - pos < topic_size) {
    return absl::InvalidArgumentError("PUBLISH shorter than its topic");
  }
  p.topic = body.substr(pos, topic_size);
  pos += topic_size;
  if (p.topic.empty()) return absl::InvalidArgumentError("PUBLISH with an empty topic");
  if (p.topic.find_first_of(std::string_view("+#\0", 3)) != std::string_view::npos) {
    return absl::InvalidArgumentError("PUBLISH topic with a wildcard or U+0000");
  }
  if (p.qos > 0) {
    if (!ReadU16(body, &pos, &p.packet_id)) {
      return absl::InvalidArgumentError("PUBLISH without its packet id");
    }
    if (p.packet_id == 0) return absl::InvalidArgumentError("PUBLISH with packet id 0");
  }
  p.payload = body.substr(pos);
  return p;
}

absl::StatusOr<Connack> ParseConnack(const Packet& packet) {
  if (packet.type != PacketType::kConnack || packet.body.size() != 2) {
    return absl::InvalidArgumentError("expected CONNACK of 2 bytes");
  }
  Connack c;
  c.session_present = (static_cast<uint8_t>(packet.body[0]) & 0x01) != 0;
  c.return_code = static_cast<uint8_t>(packet.body[1]);
  return c;
}

std::string_view ConnackReason(uint8_t return_code) {
  static constexpr std::string_view kReasons[] = {
      "accepted",           "unacceptable protocol version", "identifier rejected",
      "server unavailable", "bad user name or password",     "not authorized",
  };
  if (return_code < std::size(kReasons)) return kReasons[return_code];
  return "unknown return code";
}

absl::StatusOr<Suback> ParseSuback(const Packet& packet) {
  Suback s;
  size_t pos = 0;
  if (packet.type != PacketType::kSuback || !ReadU16(packet.body, &pos, &s.packet_id) ||
      pos == packet.body.size()) {
    return absl::InvalidArgumentError("expected SUBACK with a packet id and return codes");
  }
  for (; pos < packet.body.size(); ++pos)
    s.granted.push_back(static_cast<uint8_t>(packet.body[pos]));
  return s;
}

std::string EncodeConnect(const ConnectOptions& options) {
  std::string body;
  AppendString(&body, "MQTT");
  body.push_back(4);  // protocol level: 3.1.1
  uint8_t flags = 0;
  if (options.clean_session) flags |= 0x02;
  if (!options.username.empty()) {
    flags |= 0x80;
    if (!options.password.empty()) flags |= 0x40;
  }
  body.push_back(static_cast<char>(flags));
  AppendU16(&body, options.keep_alive_s);
  AppendString(&body, options.client_id);
  if (!options.username.empty()) {
    AppendString(&body, options.username);
    if (!options.password.empty()) AppendString(&body, options.password);
  }
  return Whole(0x10, body);
}

std::string EncodeSubscribe(uint16_t packet_id, std::string_view filter, int qos) {
  std::string body;
  AppendU16(&body, packet_id);
  AppendString(&body, filter);
  body.push_back(static_cast<char>(qos));
  return Whole(0x82, body);  // SUBSCRIBE's flags are 0010 (section 3.8.1)
}

std::string EncodePuback(uint16_t packet_id) {
  std::string out = {static_cast<char>(0x40), 2};
  AppendU16(&out, packet_id);
  return out;
}

std::string EncodePingreq() { return std::string{static_cast<char>(0xc0), 0}; }

std::string EncodeDisconnect() { return std::string{static_cast<char>(0xe0), 0}; }

std::string EncodePublish(std::string_view topic, std::string_view payload, int qos,
                          uint16_t packet_id) {
  std::string body;
  AppendString(&body, topic);
  if (qos > 0) AppendU16(&body, packet_id);
  body.append(payload);
  return Whole(static_cast<uint8_t>(0x30 | (qos << 1)), body);
}

}  // namespace gridline::server::mqtt
