// Tests of JSON readings to CSV: numbers keep their exact text, the value member is kwh or value,
// and readings of the wrong shape become row errors on their own line while the others keep
// their line (reading i on line i + 2).
#include "ingest/json/json_readings.h"

#include "gtest/gtest.h"

namespace gridline::ingest {
namespace {

TEST(JsonReadings, NumbersAndStringsKeepTheirText) {
  auto r = JsonReadingsToCsv(
      R"({"meter":"M1","readings":[{"timestamp":"2026-07-01T00:00:00Z","kwh":0.1},
          {"timestamp":"2026-07-01T00:15:00Z","kwh":"0.219","quality":"estimated"},
          {"timestamp":"2026-07-01T00:30:00Z","kwh":1e-3,"extra":[1,2]}]})");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->csv,
            "timestamp,kwh,quality\n2026-07-01T00:00:00Z,0.1,\n"
            "2026-07-01T00:15:00Z,0.219,estimated\n2026-07-01T00:30:00Z,1e-3,\n");
  EXPECT_TRUE(r->errors.empty());
  EXPECT_EQ(r->readings, 3u);
}

TEST(JsonReadings, BareArrayAndValueMember) {
  auto r = JsonReadingsToCsv(R"([{"timestamp":"2026-07-01T00:00:00Z","value":241.5}])");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->csv, "timestamp,value,quality\n2026-07-01T00:00:00Z,241.5,\n");
}

TEST(JsonReadings, WrongShapesAreRowErrorsOnTheirLine) {
  auto r = JsonReadingsToCsv(R"({"readings":[
      {"timestamp":"2026-07-01T00:00:00Z","kwh":1},
      7,
      {"kwh":1},
      {"timestamp":"2026-07-01T00:45:00Z","kwh":null},
      {"timestamp":"2026-07-01T01:00:00Z","kwh":"1,5"},
      {"timestamp":"2026-07-01T01:15:00Z","value":1},
      {"timestamp":"2026-07-01T01:30:00Z","kwh":2}]})");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->errors.size(), 5u);
  EXPECT_EQ(r->errors[0].line, 3u);
  EXPECT_EQ(r->errors[0].field, "row");
  EXPECT_EQ(r->errors[1].line, 4u);
  EXPECT_EQ(r->errors[1].field, "timestamp");
  EXPECT_EQ(r->errors[2].field, "kwh");
  EXPECT_EQ(r->errors[3].reason, "contains a comma, quote or line break");
  EXPECT_NE(r->errors[4].reason.find("use one name"), std::string::npos);
  // Lines stay aligned: the last reading is on line 8 (index 6).
  EXPECT_EQ(r->csv,
            "timestamp,kwh,quality\n2026-07-01T00:00:00Z,1,\n\n\n\n\n\n"
            "2026-07-01T01:30:00Z,2,\n");
}

TEST(JsonReadings, NotJsonOrNoArrayFails) {
  int64_t offset = -1;
  auto r = JsonReadingsToCsv("{\"readings\": [1,", &offset);
  EXPECT_FALSE(r.ok());
  EXPECT_GT(offset, 0);
  EXPECT_FALSE(JsonReadingsToCsv("{\"data\": []}").ok());
  EXPECT_FALSE(JsonReadingsToCsv("42").ok());
}

// Issue 11: a body nested 160,000 deep overflowed the stack in RapidJSON's recursive parser.
TEST(JsonReadings, RejectsNestingDeeperThanLimit) {
  int64_t offset = -1;
  auto r = JsonReadingsToCsv(std::string(160'000, '[') + std::string(160'000, ']'), &offset);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "body: arrays and objects nested deeper than 64 levels (at byte 64)");
  EXPECT_EQ(offset, 64);
  r = JsonReadingsToCsv("{\"readings\":[{\"timestamp\":\"2026-07-01T00:00:00Z\",\"kwh\":1,\"x\":" +
                        std::string(160'000, '['));
  EXPECT_EQ(r.status().message().substr(0, 42), "body: arrays and objects nested deeper tha");
}

TEST(JsonReadings, RejectsStringsLongerThan4KiB) {
  auto r = JsonReadingsToCsv(R"([{"timestamp":"2026-07-01T00:00:00Z","kwh":0.)" +
                             std::string(5000, '0') + "1}]");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().substr(0, 42), "body: a number longer than 4096 bytes (at ");
  r = JsonReadingsToCsv(R"([{"timestamp":")" + std::string(4096, '2') + R"(","kwh":1}])");
  EXPECT_TRUE(r.ok()) << r.status();  // at the bound: a row error later, not a refusal here
}

TEST(JsonReadings, RejectsMoreThanMaxReadings) {
  std::string body = "[";
  for (size_t i = 0; i <= kMaxJsonReadings; ++i) body += "0,";
  body.back() = ']';
  auto r = JsonReadingsToCsv(body);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "body: 1000001 readings, more than 1000000 in one request: send them in several");
  body = "[";
  for (size_t i = 0; i < kMaxJsonReadings; ++i) body += "0,";
  body.back() = ']';
  r = JsonReadingsToCsv(body);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->readings, kMaxJsonReadings);
}

}  // namespace
}  // namespace gridline::ingest
