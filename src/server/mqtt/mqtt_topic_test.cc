// Topic filters (MQTT 3.1.1 section 4.7), the meter level, broker URLs, and payload dispatch.
#include "server/mqtt/mqtt_topic.h"

#include "gtest/gtest.h"
#include "server/mqtt/mqtt_message.h"

namespace gridline::server::mqtt {
namespace {

TEST(MqttTopic, PlusMatchesOneLevelAndNamesTheMeter) {
  EXPECT_EQ(MeterLevel("ami/+/reads", "ami/M1/reads"), "M1");
  EXPECT_FALSE(MeterLevel("ami/+/reads", "ami/M1/x/reads"));
  EXPECT_FALSE(MeterLevel("ami/+/reads", "ami/M1"));
  EXPECT_FALSE(MeterLevel("ami/+/reads", "ami/M1/reads/x"));
  EXPECT_FALSE(MeterLevel("ami/+/reads", "AMI/M1/reads"));
  // An empty level is a level (section 4.7.1.3); the meter check refuses it later.
  EXPECT_EQ(MeterLevel("ami/+/reads", "ami//reads"), "");
}

TEST(MqttTopic, HashMatchesTheRestAndItsParent) {
  EXPECT_EQ(MeterLevel("ami/+/#", "ami/M7/reads/15m"), "M7");
  EXPECT_EQ(MeterLevel("ami/+/#", "ami/M7"), "M7");
  EXPECT_TRUE(TopicMatches("site/#", "site"));
  EXPECT_FALSE(TopicMatches("site/#", "other/site"));
}

TEST(MqttTopic, WildcardsDoNotMatchDollarTopics) {
  EXPECT_FALSE(TopicMatches("+/x", "$SYS/x"));
  EXPECT_FALSE(TopicMatches("#", "$SYS/broker"));
  EXPECT_TRUE(TopicMatches("$SYS/+", "$SYS/x"));
}

TEST(MqttTopic, FilterNeedsOneMeterLevelAndWholeWildcards) {
  EXPECT_TRUE(CheckMeterFilter("ami/+/reads").ok());
  EXPECT_TRUE(CheckMeterFilter("+").ok());
  EXPECT_TRUE(CheckMeterFilter("ami/+/#").ok());
  for (const char* bad :
       {"", "ami/reads", "ami/+/+/reads", "ami/m+/reads", "ami/#/+", "a/b#", "#"}) {
    const absl::Status s = CheckMeterFilter(bad);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(s.message().find("--mqtt-topic"), absl::string_view::npos) << s;
  }
}

TEST(MqttTopic, BrokerUrls) {
  absl::StatusOr<BrokerAddress> a = ParseBrokerUrl("mqtt://127.0.0.1:18830");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 18830);
  a = ParseBrokerUrl("mqtt://broker.example");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->port, 1883);
  a = ParseBrokerUrl("mqtt://[::1]:1884/");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->host, "::1");
  EXPECT_EQ(a->port, 1884);
  for (const char* bad :
       {"tcp://h:1", "mqtts://h:8883", "mqtt://", "mqtt://:1883", "mqtt://h:", "mqtt://h:0",
        "mqtt://h:65536", "mqtt://h:12x", "mqtt://u:p@h:1", "mqtt://h:1/ami", "mqtt://[::1"}) {
    absl::StatusOr<BrokerAddress> r = ParseBrokerUrl(bad);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(MqttMessage, JsonOrCsvByTheFirstByte) {
  MessageReadings m;
  const std::string json = R"( {"readings":[{"timestamp":"2026-07-01T00:00:00Z","kwh":0.25}]})";
  ASSERT_TRUE(ReadMessage("ami/+/reads", "ami/M1/reads", json, &m).ok());
  EXPECT_EQ(m.meter, "M1");
  EXPECT_TRUE(m.body.json);
  EXPECT_EQ(m.body.csv.substr(0, m.body.csv.find('\n')), "timestamp,kwh,quality");

  MessageReadings c;
  const std::string csv = "timestamp,kwh\n2026-07-01T00:00:00Z,0.25\n";
  ASSERT_TRUE(ReadMessage("ami/+/reads", "ami/M2/reads", csv, &c).ok());
  EXPECT_EQ(c.meter, "M2");
  EXPECT_FALSE(c.body.json);
  EXPECT_EQ(c.body.csv, csv);
}

TEST(MqttMessage, BadTopicsAndPayloadsSayWhy) {
  MessageReadings m;
  absl::Status s = ReadMessage("ami/+/reads", "other/M1/reads", "timestamp,kwh\n", &m);
  EXPECT_NE(s.message().find("does not match"), absl::string_view::npos) << s;
  s = ReadMessage("ami/+/reads", "ami//reads", "timestamp,kwh\n", &m);
  EXPECT_NE(s.message().find("meter level"), absl::string_view::npos) << s;
  s = ReadMessage("ami/+/reads", std::string("ami/\xff\x01/reads"), "timestamp,kwh\n", &m);
  EXPECT_NE(s.message().find("\\xFF"), absl::string_view::npos) << s;  // shown safely
  s = ReadMessage("ami/+/reads", "ami/M1/reads", "", &m);
  EXPECT_NE(s.message().find("empty"), absl::string_view::npos) << s;
  s = ReadMessage("ami/+/reads", "ami/M1/reads", "{\"readings\": [", &m);
  EXPECT_NE(s.message().find("payload"), absl::string_view::npos) << s;
  s = ReadMessage("ami/+/reads", "ami/M1/reads", "{\"x\": 1}", &m);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace gridline::server::mqtt
