// mqtt_packet.h: the MQTT 3.1.1 packets gridline's feed client (mqtt_feed.h) sends and reads
// (OASIS MQTT Version 3.1.1, section 2 "MQTT Control Packet format", section 3 "MQTT Control
// Packets"): CONNECT, SUBSCRIBE, PUBACK, PINGREQ and DISCONNECT out; CONNACK, SUBACK, PUBLISH and
// PINGRESP in. docs/mqtt.md says why gridline speaks MQTT itself (a PUBACK only after the
// readings are durable, which libmosquitto and Paho cannot do: both acknowledge on receipt).
//
// Wire layout of every packet: one byte of type (high nibble) and flags (low nibble), the
// "remaining length" as a base-128 varint of 1 to 4 bytes (least significant group first, bit 7
// set on every byte but the last, at most 268,435,455), then that many bytes. Strings are a
// 2-byte big-endian length and that many bytes.
//
// The decoder reads untrusted bytes: a packet whose remaining length is over `max_remaining` is
// an error before any of its body is awaited, a length of more than 4 bytes or not in its
// shortest form is an error, and every field is checked against the bytes left, so the memory a
// connection can make the feed hold is bounded by max_remaining.
#ifndef GRIDLINE_SERVER_MQTT_MQTT_PACKET_H_
#define GRIDLINE_SERVER_MQTT_MQTT_PACKET_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace gridline::server::mqtt {

enum class PacketType : uint8_t {
  kConnect = 1,
  kConnack = 2,
  kPublish = 3,
  kPuback = 4,
  kPubrec = 5,
  kPubrel = 6,
  kPubcomp = 7,
  kSubscribe = 8,
  kSuback = 9,
  kUnsubscribe = 10,
  kUnsuback = 11,
  kPingreq = 12,
  kPingresp = 13,
  kDisconnect = 14,
};

// The largest remaining length MQTT can express.
inline constexpr size_t kMaxRemainingLength = 268'435'455;

struct Packet {
  PacketType type = PacketType::kConnect;
  uint8_t flags = 0;      // the low nibble of the first byte
  std::string_view body;  // the remaining bytes, a view into the decoded buffer
};

struct Decoded {
  bool complete = false;  // false: `bytes` holds only the start of a packet; read more
  size_t size = 0;        // bytes of the whole packet when complete
  Packet packet;
};

// Decodes the packet at the start of `bytes`. InvalidArgument (the message says why) when the
// fixed header is malformed, the type is 0 or 15, or the remaining length is over
// `max_remaining`; then the connection must be closed, as section 4.8 asks.
absl::StatusOr<Decoded> DecodePacket(std::string_view bytes, size_t max_remaining);

struct Publish {
  std::string_view topic;
  uint16_t packet_id = 0;  // 0 for QoS 0
  int qos = 0;
  bool dup = false;
  bool retain = false;
  std::string_view payload;
};

// The PUBLISH packet's fields. InvalidArgument for QoS 3, a topic that is empty, holds a
// wildcard or U+0000, a packet id of 0 with QoS > 0, or a body shorter than its fields.
absl::StatusOr<Publish> ParsePublish(const Packet& packet);

struct Connack {
  bool session_present = false;
  uint8_t return_code = 0;  // 0 accepted; 1..5 refused (ConnackReason)
};
absl::StatusOr<Connack> ParseConnack(const Packet& packet);
// The words of CONNACK return codes 1..5 (section 3.2.2.3).
std::string_view ConnackReason(uint8_t return_code);

struct Suback {
  uint16_t packet_id = 0;
  std::vector<uint8_t> granted;  // one per filter: 0, 1, 2 or 0x80 (failure)
};
absl::StatusOr<Suback> ParseSuback(const Packet& packet);

struct ConnectOptions {
  std::string client_id;
  bool clean_session = false;
  uint16_t keep_alive_s = 30;
  std::string username;  // empty: none
  std::string password;  // sent only with a username
};

// The packets the client sends, whole (fixed header included).
std::string EncodeConnect(const ConnectOptions& options);
std::string EncodeSubscribe(uint16_t packet_id, std::string_view filter, int qos);
std::string EncodePuback(uint16_t packet_id);
std::string EncodePingreq();
std::string EncodeDisconnect();
// A PUBLISH (for tests and the benchmark's publisher). packet_id is ignored for QoS 0.
std::string EncodePublish(std::string_view topic, std::string_view payload, int qos,
                          uint16_t packet_id);

}  // namespace gridline::server::mqtt

#endif  // GRIDLINE_SERVER_MQTT_MQTT_PACKET_H_
