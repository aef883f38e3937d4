// The kept verdicts of the 15/15 check (docs/privacy.md "Cost") through the real server: a
// public answer asked again after a write that makes one of its quarter-hours fail is refused,
// naming that quarter-hour, and released again once the write is undone (issue 11, item 5).
#include <gmock/gmock.h>

#include "fmt/format.h"
#include "test/integration/server_fixture.h"

namespace gridline {
namespace {

using ::testing::HasSubstr;

class HttpPrivacyCache : public testing::ServerTest {
 protected:
  void SetUp() override {
    StartServer();
    admin_ = Token("admin");
    public_ = Token("public");
    std::string topology =
        "asset_id,kind,parent_id,lat,lon\nS,substation,,38.5,-121.5\nF,feeder,S,38.5,-121.5\n"
        "T,transformer,F,38.5,-121.5\n";
    std::string reads = "meter_id,timestamp,channel,kwh\n";
    for (int m = 0; m < 20; ++m) {
      topology += fmt::format("M{:02},meter,T,38.5,-121.5\n", m);
      for (int q = 0; q < 96; ++q) {
        reads += fmt::format("M{:02},2026-07-01T{:02}:{:02}:00Z,kwh_delivered,0.100\n", m, q / 4,
                             q % 4 * 15);
      }
    }
    httplib::Result r = Post("/api/v1/topology?wait=true", topology, "text/csv", admin_);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    Import(reads);
  }
  void Import(const std::string& csv) {
    httplib::Result r = Post("/api/v1/import/csv?interval=15m", csv, "text/csv", admin_);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
  }
  static std::string Rollup(const std::string& asset) {
    return "/api/v1/assets/" + asset +
           "/rollup?from=2026-07-01T00:00:00Z&to=2026-07-02T00:00:00Z&step=1h";
  }
  std::string admin_, public_;
};

TEST_F(HttpPrivacyCache, AWriteThatMakesAQuarterHourFailRefusesTheNextPublicAnswer) {
  for (const char* asset : {"F", "S", "_system"}) {
    for (int i = 0; i < 2; ++i) {  // the second answer comes from the kept verdicts
      httplib::Result r = Get(Rollup(asset), public_);
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 200) << asset << ": " << r->body;
    }
  }
  // One home now holds 5 kWh of the 6.9 kWh of 12:00.
  Import("meter_id,timestamp,channel,kwh\nM03,2026-07-01T12:00:00Z,kwh_delivered,5.000\n");
  for (const char* asset : {"F", "S", "_system"}) {
    httplib::Result r = Get(Rollup(asset), public_);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403) << asset << ": " << r->body;
    EXPECT_THAT(r->body, HasSubstr("\"privacy\"")) << asset;
    EXPECT_THAT(r->body, HasSubstr("2026-07-01T12:00:00Z")) << asset;
    EXPECT_THAT(r->body, HasSubstr("% of the delivered energy")) << asset;
  }
  // Back to 0.100: released again.
  Import("meter_id,timestamp,channel,kwh\nM03,2026-07-01T12:00:00Z,kwh_delivered,0.100\n");
  for (const char* asset : {"F", "S", "_system"}) {
    httplib::Result r = Get(Rollup(asset), public_);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << asset << ": " << r->body;
  }
}

}  // namespace
}  // namespace gridline
