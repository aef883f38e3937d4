// The 15/15 rule on every public answer, through the real server (issue 11, item 5;
// docs/privacy.md). A town built to hold each known attack: a feeder with a single meter, a
// feeder with one dominant customer, a substation whose small feeders would be isolated by
// subtracting its released one, `_system` minus the substations with an unplaced meter, a
// quarter-hour with two readers inside a day, a lone exporter under `net`; in CSV, JSON and
// analytics. Big aggregates stay public and answer what the analyst gets.
#include <gmock/gmock.h>

#include "fmt/format.h"
#include "rapidjson/document.h"
#include "test/integration/server_fixture.h"

namespace gridline {
namespace {

using ::testing::HasSubstr;

// Feeders under S1 and S2, their meters (each under the feeder's one transformer), and what
// each meter reads per quarter-hour of 2026-07-01.
struct FeederSpec {
  const char* feeder;
  const char* substation;
  int meters;
};
constexpr FeederSpec kFeeders[] = {
    {"BIG", "S1", 40},   // passes
    {"ONE", "S1", 1},    // a single meter
    {"DOM", "S1", 21},   // 20 of 0.100 kWh and one of 0.500: 20 %, dominant
    {"OK", "S2", 30},    // S2's only feeder: passes, and so does S2
    {"LATE", "S3", 20},  // at 12:00 only two of its meters read
    {"PV", "S4", 20},    // one meter exports at 12:00
};

std::string MeterId(const FeederSpec& f, int i) { return fmt::format("{}-M{:02}", f.feeder, i); }

std::string Topology() {
  std::string t = "asset_id,kind,parent_id,lat,lon\n";
  for (const char* s : {"S1", "S2", "S3", "S4"})
    t += fmt::format("{},substation,,38.5,-121.5\n", s);
  for (const FeederSpec& f : kFeeders) {
    t += fmt::format("{},feeder,{},38.5,-121.5\n", f.feeder, f.substation);
    t += fmt::format("T-{},transformer,{},38.5,-121.5\n", f.feeder, f.feeder);
    for (int i = 0; i < f.meters; ++i) {
      t += fmt::format("{},meter,T-{},38.5,-121.5\n", MeterId(f, i), f.feeder);
    }
  }
  return t;
}

std::string Reads() {
  std::string r = "meter_id,timestamp,channel,kwh\n";
  for (const FeederSpec& f : kFeeders) {
    for (int i = 0; i < f.meters; ++i) {
      for (int q = 0; q < 96; ++q) {
        const std::string ts = fmt::format("2026-07-01T{:02}:{:02}:00Z", q / 4, q % 4 * 15);
        if (std::string(f.feeder) == "LATE" && q == 48 && i >= 2) continue;
        const char* kwh = std::string(f.feeder) == "DOM" && i == 0 ? "0.500" : "0.100";
        r += fmt::format("{},{},kwh_delivered,{}\n", MeterId(f, i), ts, kwh);
        if (std::string(f.feeder) == "PV" && i == 0 && q == 48) {
          r += fmt::format("{},{},kwh_received,0.500\n", MeterId(f, i), ts);
        }
      }
    }
  }
  // A meter the grid model does not place: it rolls up into `_system` only.
  for (int q = 0; q < 96; ++q) {
    r += fmt::format("U1,2026-07-01T{:02}:{:02}:00Z,kwh_delivered,0.300\n", q / 4, q % 4 * 15);
  }
  return r;
}

class HttpPrivacy : public testing::ServerTest {
 protected:
  void SetUp() override {
    StartServer();
    admin_ = Token("admin");
    analyst_ = Token("analyst");
    public_ = Token("public");
    httplib::Result r = Post("/api/v1/topology?wait=true", Topology(), "text/csv", admin_);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    r = Post("/api/v1/import/csv?interval=15m", Reads(), "text/csv", admin_);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
  }
  static std::string Rollup(const std::string& asset, const std::string& extra = "") {
    return "/api/v1/assets/" + asset + "/rollup?from=2026-07-01T00:00:00Z&to=2026-07-02T00:00:00Z" +
           extra;
  }
  static std::string Analytics(const std::string& asset) {
    return "/api/v1/assets/" + asset + "/analytics?from=2026-07-01T00:00:00Z&to=2026-07-02";
  }
  // A 403 privacy refusal naming the rule.
  void ExpectRefused(const std::string& path, const std::string& why) {
    httplib::Result r = Get(path, public_);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403) << path << ": " << r->body;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json") << path;
    rapidjson::Document d = Json(r->body);
    ASSERT_TRUE(d.IsObject() && d.HasMember("error")) << r->body;
    EXPECT_STREQ(d["error"].GetString(), "privacy") << path;
    EXPECT_THAT(d["message"].GetString(), HasSubstr("15/15 rule")) << path;
    EXPECT_THAT(d["message"].GetString(), HasSubstr(why)) << path;
  }
  // Public, and the same answer the analyst gets.
  void ExpectPublic(const std::string& path) {
    httplib::Result r = Get(path, public_);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << path << ": " << r->body;
    EXPECT_EQ(r->body, Get(path, analyst_)->body) << path;
  }
  std::string admin_, analyst_, public_;
};

// Finding: `public` read one customer's load from a feeder with a single meter.
TEST_F(HttpPrivacy, FeederWithASingleMeterIsRefusedInEveryFormat) {
  ExpectRefused(Rollup("ONE", "&step=15m"), "holds 1 customer");
  ExpectRefused(Rollup("ONE", "&step=1d&format=csv"), "holds 1 customer");
  ExpectRefused(Rollup("ONE", "&step=1h&metric=delivered"), "holds 1 customer");
  httplib::Result csv = Get(Rollup("ONE"), public_, {{"Accept", "text/csv"}});
  EXPECT_EQ(csv->status, 403);
  ExpectRefused(Analytics("ONE"), "holds 1 customer");
  // The analyst still reads it.
  EXPECT_EQ(Get(Rollup("ONE"), analyst_)->status, 200);
}

TEST_F(HttpPrivacy, OneCustomerAboveFifteenPercentIsRefused) {
  ExpectRefused(Rollup("DOM", "&step=1d"), "% of the delivered energy");
  ExpectRefused(Rollup("DOM", "&step=1d&format=csv&metric=delivered"), "% of the delivered energy");
  ExpectRefused(Analytics("DOM"), "% of the delivered energy");
}

// Finding: parent minus its released children isolated the customers of the refused ones.
// S1 = BIG + ONE + DOM passes on its own (62 customers, the largest 8 %), but BIG passes and
// stays public, so S1 - BIG would be ONE's and DOM's 22 customers, of which one has 19 %: S1 is
// refused, and `_system` above it.
TEST_F(HttpPrivacy, ParentMinusReleasedChildrenIsRefusedPassingSiblingsStayPublic) {
  ExpectPublic(Rollup("BIG", "&step=1h"));
  ExpectRefused(Rollup("S1", "&step=1d"), "outside its released parts");
  ExpectRefused(Rollup("S1", "&step=1d&format=csv"), "outside its released parts");
  ExpectRefused(Analytics("S1"), "outside its released parts");
  ExpectRefused(Rollup("_system", "&step=1d"), "outside its released parts");
}

// Finding: the unplaced meter's readings were `_system` minus the substations. Here every
// substation but S1 passes, and S1's refusal alone already refuses `_system`; the unplaced meter
// is checked on its own in the next test.
TEST_F(HttpPrivacy, BigAggregatesStayPublic) {
  ExpectPublic(Rollup("BIG", "&step=15m"));
  ExpectPublic(Rollup("BIG", "&step=1d&format=csv"));
  ExpectPublic(Rollup("OK", "&step=1h&metric=delivered"));
  ExpectPublic(Rollup("S2", "&step=1d"));
  httplib::Result a = Get(Analytics("BIG"), public_);
  ASSERT_EQ(a->status, 200) << a->body;
  rapidjson::Document d = Json(a->body);
  EXPECT_DOUBLE_EQ(d["energy_kwh"].GetDouble(), 40 * 96 * 0.1);
  EXPECT_TRUE(d["diversity"].IsNull());  // children's peaks are not public
  // A period with no readings releases nothing about anyone.
  ExpectPublic("/api/v1/assets/ONE/rollup?from=2026-08-01&to=2026-08-02&step=1d");
}

// Finding: a quarter-hour where two meters read, inside a day of twenty: the day [00:00, 12:15)
// minus the day [00:00, 12:00) would give those two meters' load. Every quarter-hour of a public
// answer must pass, so no difference in time isolates it.
TEST_F(HttpPrivacy, TimeDifferencingCannotIsolateAQuarterHour) {
  ExpectPublic(
      "/api/v1/assets/LATE/rollup?from=2026-07-01T00:00:00Z&to=2026-07-01T12:00:00Z"
      "&step=1d");
  ExpectRefused(
      "/api/v1/assets/LATE/rollup?from=2026-07-01T00:00:00Z&to=2026-07-01T12:15:00Z"
      "&step=1d",
      "2026-07-01T12:00:00Z");
  ExpectRefused(Rollup("LATE", "&step=1d"), "holds 2 customers");
  ExpectRefused(Analytics("LATE"), "holds 2 customers");
}

// Finding: net = delivered - received, so delivered and net of one slot give the received
// energy, here a single exporter's.
TEST_F(HttpPrivacy, NetIsRefusedWhenOneCustomerDominatesTheReceivedEnergy) {
  ExpectPublic(Rollup("PV", "&step=1h&metric=delivered"));
  ExpectRefused(Rollup("PV", "&step=1h&metric=net"), "received energy");
  ExpectRefused(Rollup("PV", "&step=1h&metric=received"), "received energy");
  ExpectRefused(Rollup("PV", "&step=1d"), "received energy");  // net by default
}

// Finding: `_system` minus the substations recovered an unplaced meter's readings. A town of
// one passing substation and one meter the grid model does not place.
class HttpPrivacySystem : public HttpPrivacy {
 protected:
  void SetUp() override {
    StartServer();
    admin_ = Token("admin");
    analyst_ = Token("analyst");
    public_ = Token("public");
    topology_ =
        "asset_id,kind,parent_id,lat,lon\nS2,substation,,38.5,-121.5\n"
        "OK,feeder,S2,38.5,-121.5\nT-OK,transformer,OK,38.5,-121.5\n";
    std::string reads = "meter_id,timestamp,kwh\n";
    for (int i = 0; i < 30; ++i) {
      topology_ += fmt::format("OK-M{:02},meter,T-OK,38.5,-121.5\n", i);
      reads += fmt::format("OK-M{:02},2026-07-01T00:00:00Z,0.100\n", i);
    }
    reads += "U1,2026-07-01T00:00:00Z,0.300\n";
    httplib::Result r = Post("/api/v1/topology?wait=true", topology_, "text/csv", admin_);
    ASSERT_EQ(r->status, 200) << r->body;
    r = Post("/api/v1/import/csv?interval=15m", reads, "text/csv", admin_);
    ASSERT_EQ(r->status, 200) << r->body;
  }
  std::string topology_;
};

TEST_F(HttpPrivacySystem, SystemMinusSubstationsWithAnUnplacedMeterIsRefused) {
  ExpectPublic(Rollup("S2", "&step=1d"));
  ExpectPublic(Rollup("OK", "&step=1d&format=csv"));
  // `_system` holds 31 customers, but minus S2 it is U1 alone.
  ExpectRefused(Rollup("_system", "&step=1d"), "outside its released parts");
  ExpectRefused(Rollup("_system", "&step=1d&format=csv&metric=delivered"), "holds 1 customer");
  ExpectRefused(Analytics("_system"), "outside its released parts");
  // Once U1 is placed under the feeder, nothing is left outside S2: the system is public.
  httplib::Result r = Post("/api/v1/topology?wait=true", topology_ + "U1,meter,T-OK,38.5,-121.5\n",
                           "text/csv", admin_);
  ASSERT_EQ(r->status, 200) << r->body;
  ExpectPublic(Rollup("_system", "&step=1d"));
}

}  // namespace
}  // namespace gridline
