// Regression for issue 11, item 1: no request crashes the server. A JSON readings body nested
// 160,000 deep (320 KB, any ingest token) overflowed the stack in RapidJSON's recursive parser;
// a topology body the same; a query string of many parameters or a huge value. Each now answers
// a clear 400 (or 414 for a request target past cpp-httplib's 8 KiB) and the server goes on.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "test/integration/server_fixture.h"

namespace gridline {
namespace {

using ::testing::HasSubstr;

class HttpUntrustedInput : public testing::ServerTest {
 protected:
  void SetUp() override { StartServer(); }

  // The error code and message of a JSON error body.
  static std::pair<std::string, std::string> Error(const std::string& body) {
    rapidjson::Document doc;
    doc.Parse(body.c_str());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("error")) return {"", body};
    return {doc["error"].GetString(), doc["message"].GetString()};
  }

  void ExpectServerAlive() {
    httplib::Result r = Get("/healthz", "");
    ASSERT_TRUE(r) << "the server is gone: " << httplib::to_string(r.error());
    EXPECT_EQ(r->status, 200);
  }
};

TEST_F(HttpUntrustedInput, JsonReadingsNested160000DeepIs400NotACrash) {
  const std::string body = std::string(160'000, '[') + std::string(160'000, ']');
  httplib::Result r = Post("/api/v1/meters/M1/readings", body, "application/json", Token("ingest"));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400) << r->body;
  const auto [code, message] = Error(r->body);
  EXPECT_EQ(code, "invalid_argument");
  EXPECT_EQ(message, "body: arrays and objects nested deeper than 64 levels (at byte 64)");
  EXPECT_THAT(r->body, HasSubstr("\"offset\":64"));
  ExpectServerAlive();
}

TEST_F(HttpUntrustedInput, TopologyGeoJsonNested160000DeepIs400NotACrash) {
  const std::string body = R"({"type":"FeatureCollection","features":[)" +
                           std::string(160'000, '[') + std::string(160'000, ']') + "]}";
  httplib::Result r = Post("/api/v1/topology", body, "application/geo+json", Token("admin"));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400) << r->body.substr(0, 500);
  const auto [code, message] = Error(r->body);
  EXPECT_EQ(code, "invalid_argument");
  EXPECT_THAT(message, HasSubstr("body:1: json: arrays and objects nested deeper than 64 levels"));
  ExpectServerAlive();
}

TEST_F(HttpUntrustedInput, HugeQueryStringIsAClearError) {
  const std::string token = Token("analyst");
  // Past the front's 32 KiB bound on the request line and headers: 431 with our JSON error,
  // answered before the target is parsed.
  httplib::Result r = Get("/api/v1/assets?q=" + std::string(100'000, 'a'), token);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 431);
  EXPECT_EQ(Error(r->body).first, "header_too_large");
  // Many parameters within it: refused before each is checked against the route.
  std::string many;
  for (int i = 0; i < 500; ++i) many += "p" + std::to_string(i) + "=1&";
  r = Get("/api/v1/assets?" + many, token);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(Error(r->body).second, HasSubstr("500 query parameters, more than 100"));
  // A long value is not echoed whole.
  r = Get("/api/v1/assets?limit=" + std::string(7'000, '9'), token);
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(Error(r->body).second, HasSubstr("is not an integer"));
  EXPECT_LT(r->body.size(), 400u) << r->body;
  ExpectServerAlive();
}

}  // namespace
}  // namespace gridline
