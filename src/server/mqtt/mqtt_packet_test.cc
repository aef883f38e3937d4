// MQTT 3.1.1 packets: the encodings the feed sends, and the bounded decoder.
#include "server/mqtt/mqtt_packet.h"

#include "gtest/gtest.h"

namespace gridline::server::mqtt {
namespace {

std::string Bytes(std::initializer_list<int> b) {
  std::string s;
  for (int c : b) s.push_back(static_cast<char>(c));
  return s;
}

TEST(MqttPacket, ConnectHasCleanSessionOffAndTheClientId) {
  ConnectOptions o;
  o.client_id = "gw";
  o.keep_alive_s = 30;
  // Section 3.1: 0x10, length 14, "MQTT", level 4, flags 0 (clean session off), keep-alive 30.
  EXPECT_EQ(EncodeConnect(o),
            Bytes({0x10, 14, 0, 4, 'M', 'Q', 'T', 'T', 4, 0, 0, 30, 0, 2, 'g', 'w'}));
  o.clean_session = true;
  o.username = "u";
  o.password = "p";
  EXPECT_EQ(static_cast<uint8_t>(EncodeConnect(o)[9]), 0x80 | 0x40 | 0x02);
}

TEST(MqttPacket, SubscribePubackPing) {
  EXPECT_EQ(EncodeSubscribe(1, "a/+", 1), Bytes({0x82, 8, 0, 1, 0, 3, 'a', '/', '+', 1}));
  EXPECT_EQ(EncodePuback(0x1234), Bytes({0x40, 2, 0x12, 0x34}));
  EXPECT_EQ(EncodePingreq(), Bytes({0xc0, 0}));
  EXPECT_EQ(EncodeDisconnect(), Bytes({0xe0, 0}));
}

TEST(MqttPacket, PublishRoundTripsThroughTheDecoder) {
  const std::string payload(300, 'x');  // a two-byte remaining length
  const std::string bytes = EncodePublish("ami/M1/reads", payload, 1, 77) + "tail";
  absl::StatusOr<Decoded> d = DecodePacket(bytes, 1 << 20);
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_TRUE(d->complete);
  EXPECT_EQ(d->size, bytes.size() - 4);
  absl::StatusOr<Publish> p = ParsePublish(d->packet);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->topic, "ami/M1/reads");
  EXPECT_EQ(p->packet_id, 77);
  EXPECT_EQ(p->qos, 1);
  EXPECT_EQ(p->payload, payload);
}

TEST(MqttPacket, PartialPacketsAskForMore) {
  const std::string bytes = EncodePublish("t", std::string(200, 'y'), 1, 1);
  for (size_t n = 0; n < bytes.size(); ++n) {
    absl::StatusOr<Decoded> d = DecodePacket(std::string_view(bytes).substr(0, n), 1 << 20);
    ASSERT_TRUE(d.ok()) << n;
    EXPECT_FALSE(d->complete) << n;
  }
}

TEST(MqttPacket, LengthOverTheLimitIsRefusedBeforeItsBody) {
  // 0x30, remaining length 2^21 (3 bytes), and no body at all: refused at once.
  absl::StatusOr<Decoded> d = DecodePacket(Bytes({0x30, 0x80, 0x80, 0x80, 0x01}), 1 << 20);
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(d.status().message().find("over the limit"), absl::string_view::npos) << d.status();
  // Five length bytes, a non-shortest length, reserved types.
  EXPECT_FALSE(DecodePacket(Bytes({0x30, 0xff, 0xff, 0xff, 0xff, 0x01}), kMaxRemainingLength).ok());
  EXPECT_FALSE(DecodePacket(Bytes({0x30, 0x80, 0x00}), 1 << 20).ok());
  EXPECT_FALSE(DecodePacket(Bytes({0x00, 0x00}), 1 << 20).ok());
  EXPECT_FALSE(DecodePacket(Bytes({0xf0, 0x00}), 1 << 20).ok());
}

TEST(MqttPacket, PublishFieldsAreChecked) {
  auto parse = [](const std::string& bytes) {
    absl::StatusOr<Decoded> d = DecodePacket(bytes, 1 << 20);
    EXPECT_TRUE(d.ok() && d->complete);
    return ParsePublish(d->packet);
  };
  EXPECT_FALSE(parse(Bytes({0x32, 3, 0, 5, 'a'})).ok());        // topic longer than body
  EXPECT_FALSE(parse(Bytes({0x32, 3, 0, 1, 'a'})).ok());        // no packet id
  EXPECT_FALSE(parse(Bytes({0x32, 5, 0, 1, 'a', 0, 0})).ok());  // packet id 0
  EXPECT_FALSE(parse(Bytes({0x36, 5, 0, 1, 'a', 0, 1})).ok());  // QoS 3
  EXPECT_FALSE(parse(Bytes({0x30, 3, 0, 1, '#'})).ok());        // wildcard in a topic
  EXPECT_FALSE(parse(Bytes({0x30, 2, 0, 0})).ok());             // empty topic
  // The views of a Publish point into the bytes: keep them alive while it is used.
  const std::string q0_bytes = Bytes({0x30, 4, 0, 1, 'a', 'z'});
  absl::StatusOr<Publish> q0 = parse(q0_bytes);
  ASSERT_TRUE(q0.ok());
  EXPECT_EQ(q0->payload, "z");
}

TEST(MqttPacket, ConnackAndSuback) {
  // A decoded packet's body is a view into the bytes: each buffer outlives its packet.
  const std::string connack = Bytes({0x20, 2, 1, 0});
  absl::StatusOr<Decoded> d = DecodePacket(connack, 16);
  ASSERT_TRUE(d.ok() && d->complete);
  absl::StatusOr<Connack> c = ParseConnack(d->packet);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->session_present);
  EXPECT_EQ(ConnackReason(5), "not authorized");
  const std::string suback = Bytes({0x90, 3, 0, 1, 0x80});
  d = DecodePacket(suback, 16);
  ASSERT_TRUE(d.ok() && d->complete);
  absl::StatusOr<Suback> s = ParseSuback(d->packet);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->granted, std::vector<uint8_t>{0x80});
  const std::string empty_suback = Bytes({0x90, 2, 0, 1});
  d = DecodePacket(empty_suback, 16);
  EXPECT_FALSE(ParseSuback(d->packet).ok());
}

}  // namespace
}  // namespace gridline::server::mqtt
