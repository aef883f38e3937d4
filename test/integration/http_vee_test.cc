// The validated layer through the real server (docs/vee.md): readings default to the validated
// layer and `layer=raw` gives the raw one, roll-ups likewise; a manual edit (PUT) makes a slot
// `edited` with who and why, and its history lists every version; exceptions are listed with
// filters, page by page, accepted with who and why, and kept from the roles that may not read
// a meter.
#include <string>

#include "fmt/format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "test/integration/server_fixture.h"
#include "test/integration/vee_seed.h"

namespace gridline {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class HttpVee : public testing::ServerTest {
 protected:
  void SetUp() override {
    testing::SeedVeeStore(data_);
    StartServer();
    admin_ = Token("admin");
    analyst_ = Token("analyst");
  }
  rapidjson::Document Json(const std::string& body) {
    rapidjson::Document d;
    d.Parse(body.c_str());
    EXPECT_FALSE(d.HasParseError()) << body;
    return d;
  }
  httplib::Result Put(const std::string& path, const std::string& token) {
    return server_->client().Put(path, Bearer(token), "", "text/plain");
  }
  std::string admin_, analyst_;
};

constexpr char kReadings[] =
    "/api/v1/meters/M1/readings?from=2026-07-01T00:00:00Z&to=2026-07-01T01:30:00Z&format=csv";

TEST_F(HttpVee, ReadingsDefaultToTheValidatedLayer) {
  httplib::Result v = Get(kReadings, analyst_);
  ASSERT_TRUE(v);
  ASSERT_EQ(v->status, 200) << v->body;
  EXPECT_EQ(v->body,
            "timestamp,kwh,quality\n"
            "2026-07-01T00:00:00Z,0.100,actual\n"
            "2026-07-01T00:15:00Z,0.100,estimated\n"
            "2026-07-01T00:30:00Z,0.100,actual\n"
            "2026-07-01T00:45:00Z,0.100,actual\n"
            "2026-07-01T01:00:00Z,0.100,estimated\n"
            "2026-07-01T01:15:00Z,0.100,actual\n");
  httplib::Result raw = Get(std::string(kReadings) + "&layer=raw", analyst_);
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->body,
            "timestamp,kwh,quality\n"
            "2026-07-01T00:00:00Z,0.100,actual\n"
            "2026-07-01T00:30:00Z,0.100,actual\n"
            "2026-07-01T00:45:00Z,0.100,actual\n"
            "2026-07-01T01:00:00Z,9.000,actual\n"
            "2026-07-01T01:15:00Z,0.100,actual\n");
}

TEST_F(HttpVee, RollupsDefaultToTheValidatedLayer) {
  const std::string q =
      "/api/v1/assets/_system/rollup?from=2026-07-01&to=2026-07-02&step=1d&metric=delivered"
      "&format=csv";
  httplib::Result v = Get(q, analyst_);
  ASSERT_TRUE(v);
  ASSERT_EQ(v->status, 200) << v->body;
  // M1: 96 x 0.100 once the gap and the spike are estimated; M2 as read: 94 x 0.100 + 9.000.
  EXPECT_THAT(v->body, HasSubstr("2026-07-01T00:00:00Z,28.000,"));
  httplib::Result raw = Get(q + "&layer=raw", analyst_);
  ASSERT_TRUE(raw);
  EXPECT_THAT(raw->body, HasSubstr("2026-07-01T00:00:00Z,36.800,"));
}

TEST_F(HttpVee, EditMakesTheSlotEditedAndHistoryShowsWhoWhenWhy) {
  const std::string edit =
      "/api/v1/meters/M1/readings/2026-07-01T00:30:00Z?kwh=0.250&user=ops1&reason=field%20read";
  httplib::Result denied = Put(edit, analyst_);
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 403) << denied->body;
  httplib::Result r = Put(edit, admin_);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  rapidjson::Document d = Json(r->body);
  EXPECT_EQ(d["edited"].GetUint64(), 1u);
  EXPECT_EQ(d["changed"].GetUint64(), 1u);
  // The same edit again changes nothing.
  r = Put(edit, admin_);
  ASSERT_TRUE(r);
  EXPECT_EQ(Json(r->body)["changed"].GetUint64(), 0u);

  httplib::Result v = Get(kReadings, analyst_);
  ASSERT_TRUE(v);
  EXPECT_THAT(v->body, HasSubstr("2026-07-01T00:30:00Z,0.250,edited\n"));
  httplib::Result raw = Get(std::string(kReadings) + "&layer=raw", analyst_);
  EXPECT_THAT(raw->body, HasSubstr("2026-07-01T00:30:00Z,0.100,actual\n"));

  httplib::Result h =
      Get("/api/v1/meters/M1/readings/2026-07-01T00:30:00Z/history?format=json", analyst_);
  ASSERT_TRUE(h);
  ASSERT_EQ(h->status, 200) << h->body;
  rapidjson::Document hd = Json(h->body);
  const auto& versions = hd["versions"];
  ASSERT_EQ(versions.Size(), 2u) << h->body;
  EXPECT_STREQ(versions[0]["event"].GetString(), "received");
  EXPECT_STREQ(versions[0]["layer"].GetString(), "raw");
  EXPECT_STREQ(versions[1]["event"].GetString(), "edited");
  EXPECT_STREQ(versions[1]["user"].GetString(), "ops1");
  EXPECT_STREQ(versions[1]["reason"].GetString(), "field read");
  EXPECT_STREQ(versions[1]["quality"].GetString(), "edited");

  // The estimated spike: received 9.000, then estimated by linear interpolation.
  h = Get("/api/v1/meters/M1/readings/2026-07-01T01:00:00Z/history?format=csv", analyst_);
  ASSERT_TRUE(h);
  EXPECT_THAT(h->body, HasSubstr(",raw,received,9.000,actual,"));
  EXPECT_THAT(h->body, HasSubstr(",validated,estimated,0.100,estimated,linear,vee,"));
}

TEST_F(HttpVee, BadEditsAreClearErrors) {
  httplib::Result r =
      Put("/api/v1/meters/M1/readings/2026-07-01T00:30:00Z?kwh=0.2505&user=u&reason=r", admin_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_THAT(r->body, HasSubstr("\"kwh\""));
  r = Put("/api/v1/meters/M1/readings/2026-07-01T00:31:00Z?kwh=0.250&user=u&reason=r", admin_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_THAT(r->body, HasSubstr("timestamp"));
  r = Put("/api/v1/meters/NOPE/readings/2026-07-01T00:30:00Z?kwh=0.250&user=u&reason=r", admin_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404) << r->body;
  httplib::Result v = Get(kReadings, analyst_);
  EXPECT_THAT(v->body, Not(HasSubstr("edited")));
}

TEST_F(HttpVee, ExceptionsAreListedFilteredPagedAndAccepted) {
  httplib::Result r = Get("/api/v1/vee/exceptions", analyst_);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  rapidjson::Document d = Json(r->body);
  ASSERT_EQ(d["exceptions"].Size(), 2u) << r->body;
  EXPECT_TRUE(d["next_cursor"].IsNull());

  r = Get("/api/v1/vee/exceptions?rule=spike", analyst_);
  d = Json(r->body);
  ASSERT_EQ(d["exceptions"].Size(), 1u);
  EXPECT_STREQ(d["exceptions"][0]["meter"].GetString(), "M1");
  EXPECT_STREQ(d["exceptions"][0]["status"].GetString(), "estimated");
  EXPECT_STREQ(d["exceptions"][0]["from"].GetString(), "2026-07-01T01:00:00Z");
  const std::string id = d["exceptions"][0]["id"].GetString();
  r = Get("/api/v1/vee/exceptions?meter=M2&status=open", analyst_);
  EXPECT_EQ(Json(r->body)["exceptions"].Size(), 1u);
  r = Get("/api/v1/vee/exceptions?from=2026-07-02&to=2026-07-03", analyst_);
  EXPECT_EQ(Json(r->body)["exceptions"].Size(), 0u);
  r = Get("/api/v1/vee/exceptions?rule=nope", analyst_);
  EXPECT_EQ(r->status, 400);

  // Page by page: one, then the other, then the end.
  r = Get("/api/v1/vee/exceptions?limit=1", analyst_);
  d = Json(r->body);
  ASSERT_EQ(d["exceptions"].Size(), 1u);
  ASSERT_TRUE(d["next_cursor"].IsString()) << r->body;
  r = Get(std::string("/api/v1/vee/exceptions?limit=1&cursor=") + d["next_cursor"].GetString(),
          analyst_);
  rapidjson::Document d2 = Json(r->body);
  ASSERT_EQ(d2["exceptions"].Size(), 1u) << r->body;
  EXPECT_STRNE(d2["exceptions"][0]["id"].GetString(), d["exceptions"][0]["id"].GetString());

  // Customer data: not for the public or ingest roles.
  EXPECT_EQ(Get("/api/v1/vee/exceptions", Token("public"))->status, 403);
  EXPECT_EQ(Get("/api/v1/vee/exceptions", Token("ingest"))->status, 403);

  const std::string accept =
      fmt::format("/api/v1/vee/exceptions/{}/accept?user=ops1&reason=known%20load%20event", id);
  EXPECT_EQ(Post(accept, "", "text/plain", analyst_)->status, 403);
  r = Post(accept, "", "text/plain", admin_);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  r = Get("/api/v1/vee/exceptions?status=accepted&format=csv", analyst_);
  EXPECT_THAT(r->body, HasSubstr(",spike,error,accepted,"));
  EXPECT_THAT(r->body, HasSubstr(",ops1,known load event\n"));
  r = Post("/api/v1/vee/exceptions/00/accept?user=u&reason=r", "", "text/plain", admin_);
  EXPECT_EQ(r->status, 404) << r->body;
}

}  // namespace
}  // namespace gridline
