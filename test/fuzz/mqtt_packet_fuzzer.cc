// mqtt_packet_fuzzer: MQTT 3.1.1 packet streams as a broker could send them
// (server/mqtt/mqtt_packet.h). Decodes packet after packet under a small remaining-length
// limit; checks that a complete packet never reaches past the input or over the limit, that
// every PUBLISH whose fields parse encodes back to the very same bytes, and that CONNACK and
// SUBACK parse or fail cleanly. Accepted: the whole input is complete packets that all parse.
#include <cstdlib>
#include <string_view>

#include "server/mqtt/mqtt_packet.h"
#include "test/fuzz/fuzz_targets.h"

namespace gridline::fuzz {

bool FuzzMqttPacket(const uint8_t* data, size_t size) {
  using namespace server::mqtt;
  constexpr size_t kLimit = 4096;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  bool all_good = !rest.empty();
  for (int packets = 0; !rest.empty(); ++packets) {
    absl::StatusOr<Decoded> d = DecodePacket(rest, kLimit);
    if (!d.ok()) {
      if (d.status().message().empty()) std::abort();
      return false;
    }
    if (!d->complete) return false;  // a truncated stream: the client reads more
    if (d->size > rest.size() || d->size < 2 || d->packet.body.size() > kLimit ||
        d->packet.body.data() + d->packet.body.size() != rest.data() + d->size) {
      std::abort();
    }
    const std::string_view whole = rest.substr(0, d->size);
    switch (d->packet.type) {
      case PacketType::kPublish: {
        absl::StatusOr<Publish> p = ParsePublish(d->packet);
        if (!p.ok()) {
          if (p.status().message().empty()) std::abort();
          all_good = false;
          break;
        }
        if (!p->dup && !p->retain && p->qos < 2 &&
            EncodePublish(p->topic, p->payload, p->qos, p->packet_id) != whole) {
          std::abort();
        }
        break;
      }
      case PacketType::kConnack:
        all_good = ParseConnack(d->packet).ok() && all_good;
        break;
      case PacketType::kSuback: {
        absl::StatusOr<Suback> s = ParseSuback(d->packet);
        if (s.ok() && s->granted.size() + 2 != d->packet.body.size()) std::abort();
        all_good = s.ok() && all_good;
        break;
      }
      default:
        break;
    }
    rest.remove_prefix(d->size);
  }
  return all_good;
}

}  // namespace gridline::fuzz

#if defined(GL_FUZZER_mqtt_packet)
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gridline::fuzz::FuzzMqttPacket(data, size);
  return 0;
}
#endif
