// The grid routes through the real server: topology import as a job, assets, children, search,
// geo (GeoJSON), roll-ups (the contract CSV equals `gridline query rollup`), analytics, jobs,
// and what the public role may and may not see.
#include <gmock/gmock.h>

#include "fmt/format.h"
#include "rapidjson/document.h"
#include "test/integration/server_fixture.h"

namespace gridline {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kTopology[] =
    "asset_id,kind,parent_id,lat,lon,rating_kva,customer_class,pv\n"
    "S1,substation,,38.50,-121.50,30000,,\n"
    "F1,feeder,S1,38.50,-121.50,8000,,\n"
    "F2,feeder,S1,38.60,-121.40,8000,,\n"
    "T1,transformer,F1,38.51,-121.49,2,,\n"
    "T2,transformer,F2,38.61,-121.41,50,,\n"
    "M1,meter,T1,38.511,-121.491,,residential,true\n"
    "M2,meter,T1,38.512,-121.492,,commercial,false\n"
    "M3,meter,T2,38.611,-121.411,,residential,false\n";

constexpr char kReads[] =
    "meter_id,timestamp,channel,kwh\n"
    "M1,2026-07-01T00:00:00Z,kwh_delivered,1.000\n"
    "M1,2026-07-01T00:15:00Z,kwh_delivered,2.000\n"
    "M1,2026-07-01T00:30:00Z,kwh_delivered,0.500\n"
    "M2,2026-07-01T00:00:00Z,kwh_delivered,0.250\n"
    "M2,2026-07-01T00:15:00Z,kwh_delivered,0.750\n"
    "M2,2026-07-01T00:00:00Z,kwh_received,0.750\n"
    "M3,2026-07-01T00:00:00Z,kwh_delivered,4.000\n"
    "M3,2026-07-01T00:15:00Z,kwh_delivered,8.000\n";

class HttpGrid : public testing::ServerTest {
 protected:
  void SetUp() override {
    StartServer();
    admin_ = Token("admin");
    analyst_ = Token("analyst");
    public_ = Token("public");
  }
  void LoadTown() {
    httplib::Result r = Post("/api/v1/topology?wait=true", kTopology, "text/csv", admin_);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    r = Post("/api/v1/import/csv?interval=15m", kReads, "text/csv", admin_);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
  }
  std::string admin_, analyst_, public_;
};

TEST_F(HttpGrid, RollupCsvIsTheContractAndEqualsTheCli) {
  LoadTown();
  const std::string q =
      "/api/v1/assets/T1/rollup?from=2026-07-01T00:00:00Z&to=2026-07-01T01:00:00Z";
  httplib::Result r = Get(q + "&step=15m&metric=net&format=csv", analyst_);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/csv");
  EXPECT_EQ(r->body,
            "timestamp,kwh,meters\n"
            "2026-07-01T00:00:00Z,0.500,2\n"
            "2026-07-01T00:15:00Z,2.750,2\n"
            "2026-07-01T00:30:00Z,0.500,1\n"
            "2026-07-01T00:45:00Z,,0\n");
  testing::RunResult cli = Gridline({"query", "rollup", "--data", data_, "--asset", "T1", "--from",
                                     "2026-07-01T00:00:00Z", "--to", "2026-07-01T01:00:00Z",
                                     "--step", "15m", "--metric", "net"});
  EXPECT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(r->body, cli.out);
  // Every step and metric the contract names, and JSON equal to the CLI's.
  for (const char* step : {"15m", "1h", "1d", "1mo"}) {
    for (const char* metric : {"delivered", "received", "net"}) {
      const std::string path = fmt::format(
          "/api/v1/assets/S1/rollup?from=2026-07-01&to=2026-08-01&step={}&metric={}", step, metric);
      r = Get(path, analyst_);
      ASSERT_EQ(r->status, 200) << r->body;
      cli =
          Gridline({"query", "rollup", "--data", data_, "--asset", "S1", "--from", "2026-07-01",
                    "--to", "2026-08-01", "--step", step, "--metric", metric, "--format", "json"});
      EXPECT_EQ(r->body, cli.out) << step << " " << metric;
    }
  }
  r =
      Get("/api/v1/assets/_system/rollup?from=2026-07-01&to=2026-07-02&step=1d&metric=delivered"
          "&format=csv",
          analyst_);
  EXPECT_EQ(r->body, "timestamp,kwh,meters\n2026-07-01T00:00:00Z,16.500,3\n");
}

TEST_F(HttpGrid, RollupErrors) {
  LoadTown();
  httplib::Result r = Get("/api/v1/assets/NOPE/rollup?from=2026-07-01&to=2026-07-02", analyst_);
  EXPECT_EQ(r->status, 404);
  EXPECT_THAT(r->body, HasSubstr("\"error\":\"not_found\""));
  r = Get("/api/v1/assets/T1/rollup?from=2026-07-02&to=2026-07-01", analyst_);
  EXPECT_EQ(r->status, 400);
  r = Get("/api/v1/assets/T1/rollup?from=2026-07-01&to=2026-07-02&step=7m", analyst_);
  EXPECT_EQ(r->status, 400);
  r = Get("/api/v1/assets/T1/rollup?from=2026-07-01&to=2026-07-02&metric=gross", analyst_);
  EXPECT_EQ(r->status, 400);
  r = Get("/api/v1/assets/T1/rollup?from=1970-01-01&to=2100-01-01&step=15m", analyst_);
  EXPECT_EQ(r->status, 400) << r->body;  // too many steps: a clear limit, not a huge answer
  r = Get("/api/v1/assets/T1/rollup?from=2026-07-01&to=2026-07-02", "");
  EXPECT_EQ(r->status, 401);
}

TEST_F(HttpGrid, PublicSeesOnlyAggregatesAboveTheTransformer) {
  LoadTown();
  const std::string range = "?from=2026-07-01&to=2026-07-02&step=1d";
  // Feeders and the system may be named, but these hold two and three meters: the 15/15 rule
  // refuses them (http_privacy_test.cc tries the attacks; big aggregates stay public there).
  httplib::Result small = Get("/api/v1/assets/F1/rollup" + range, public_);
  EXPECT_EQ(small->status, 403);
  EXPECT_THAT(small->body, HasSubstr("\"error\":\"privacy\""));
  EXPECT_EQ(Get("/api/v1/assets/_system/rollup" + range, public_)->status, 403);
  EXPECT_EQ(Get("/api/v1/assets/F1", public_)->status, 200);
  EXPECT_EQ(Get("/api/v1/assets/T1/rollup" + range, public_)->status, 403);
  EXPECT_EQ(Get("/api/v1/assets/M1/rollup" + range, public_)->status, 403);
  EXPECT_EQ(Get("/api/v1/assets/M1", public_)->status, 403);
  EXPECT_EQ(Get("/api/v1/meters/M1/readings?from=2026-07-01&to=2026-07-02", public_)->status, 403);
  // On the map: the utility's equipment, no meters.
  httplib::Result r = Get("/api/v1/geo/assets?bbox=-122,38,-121,39", public_);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->body, HasSubstr("\"T1\""));
  EXPECT_THAT(r->body, Not(HasSubstr("\"M1\"")));
  // Search: substations and feeders only.
  r = Get("/api/v1/assets", public_);
  EXPECT_THAT(r->body, HasSubstr("\"F1\""));
  EXPECT_THAT(r->body, Not(HasSubstr("\"T1\"")));
}

TEST_F(HttpGrid, AssetsChildrenSearchAndGeo) {
  LoadTown();
  httplib::Result r = Get("/api/v1/assets/T1", analyst_);
  ASSERT_EQ(r->status, 200) << r->body;
  rapidjson::Document d = Json(r->body);
  EXPECT_STREQ(d["kind"].GetString(), "transformer");
  EXPECT_STREQ(d["parent"].GetString(), "F1");
  EXPECT_EQ(d["rating_kva"].GetDouble(), 2.0);
  EXPECT_EQ(d["children"].GetUint64(), 2u);
  r = Get("/api/v1/assets/T1/children", analyst_);
  d = Json(r->body);
  ASSERT_EQ(d["children"].Size(), 2u);
  EXPECT_STREQ(d["children"][0]["id"].GetString(), "M1");
  EXPECT_TRUE(d["children"][0]["pv"].GetBool());
  r = Get("/api/v1/assets?kind=meter&attr=customer_class:commercial", analyst_);
  d = Json(r->body);
  ASSERT_EQ(d["assets"].Size(), 1u);
  EXPECT_STREQ(d["assets"][0]["id"].GetString(), "M2");
  r = Get("/api/v1/assets?q=F&limit=1", analyst_);
  d = Json(r->body);
  ASSERT_EQ(d["assets"].Size(), 1u);
  ASSERT_TRUE(d["next_cursor"].IsString());
  r = Get(std::string("/api/v1/assets?q=F&limit=1&cursor=") + d["next_cursor"].GetString(),
          analyst_);
  EXPECT_STREQ(Json(r->body)["assets"][0]["id"].GetString(), "F2");
  // Geo: box, radius, nearest, polygon; GeoJSON.
  r = Get("/api/v1/geo/assets?bbox=-121.5,38.505,-121.48,38.515&kind=meter", analyst_);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/geo+json");
  d = Json(r->body);
  EXPECT_STREQ(d["type"].GetString(), "FeatureCollection");
  EXPECT_EQ(d["features"].Size(), 2u);
  EXPECT_STREQ(d["features"][0]["geometry"]["type"].GetString(), "Point");
  r = Get("/api/v1/geo/assets?lat=38.61&lon=-121.41&nearest=2&kind=meter,transformer", analyst_);
  d = Json(r->body);
  ASSERT_EQ(d["features"].Size(), 2u);
  EXPECT_STREQ(d["features"][0]["properties"]["id"].GetString(), "T2");
  r = Get("/api/v1/geo/assets?lat=38.51&lon=-121.49&radius_m=300", analyst_);
  EXPECT_GE(Json(r->body)["features"].Size(), 3u);
  r = Get("/api/v1/geo/assets?polygon=-121.6 38.4,-121.3 38.4,-121.3 38.55", analyst_);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Get("/api/v1/geo/assets?bbox=1,2,3", analyst_)->status, 400);
  EXPECT_EQ(Get("/api/v1/geo/assets?lat=95&lon=0&radius_m=1", analyst_)->status, 400);
  EXPECT_EQ(Get("/api/v1/geo/assets", analyst_)->status, 400);
  EXPECT_EQ(Get("/api/v1/assets?kind=pylon", analyst_)->status, 400);
}

TEST_F(HttpGrid, AnalyticsOfATransformer) {
  LoadTown();
  httplib::Result r =
      Get("/api/v1/assets/T1/analytics?from=2026-07-01T00:00:00Z&to=2026-07-01T01:00:00Z&metric="
          "delivered",
          analyst_);
  ASSERT_EQ(r->status, 200) << r->body;
  rapidjson::Document d = Json(r->body);
  // Quarter-hours: 1.25, 2.75, 0.5 kWh, one missing -> 5, 11, 2 kW.
  EXPECT_EQ(d["peak"]["kw"].GetDouble(), 11.0);
  EXPECT_STREQ(d["peak"]["timestamp"].GetString(), "2026-07-01T00:15:00Z");
  EXPECT_EQ(d["intervals_present"].GetUint64(), 3u);
  EXPECT_NEAR(d["load_factor"].GetDouble(), 6.0 / 11.0, 1e-9);
  // Rated 2 kVA: 250 %, 550 %, and 100 % (not over).
  EXPECT_EQ(d["loading"]["peak_pct"].GetDouble(), 550.0);
  EXPECT_EQ(d["loading"]["hours_over_100"].GetDouble(), 0.5);
  // Meters M1 (4, 8, 2 kW) and M2 (1, 3 kW): NCP 8 + 3, group peak 11 -> DF 1.
  EXPECT_EQ(d["diversity"]["sum_ncp_kw"].GetDouble(), 11.0);
  EXPECT_EQ(d["diversity"]["diversity_factor"].GetDouble(), 1.0);
  EXPECT_EQ(d["diversity"]["members"].Size(), 2u);
  EXPECT_EQ(Get("/api/v1/assets/T1/analytics?from=2026-07-01&to=2026-07-02&pf=2", analyst_)->status,
            400);
}

TEST_F(HttpGrid, TopologyJobMovesRollupsAndReportsErrors) {
  LoadTown();
  // Refused input: 400 with where, nothing applied.
  httplib::Result r =
      Post("/api/v1/topology", "asset_id,kind,parent_id,lat,lon\nT9,transformer,F9,38.5,-121.5\n",
           "text/csv", admin_);
  ASSERT_EQ(r->status, 400) << r->body;
  EXPECT_THAT(r->body, HasSubstr("F9"));
  EXPECT_THAT(r->body, HasSubstr("\"line\":2"));
  EXPECT_EQ(Post("/api/v1/topology", kTopology, "text/csv", analyst_)->status, 403);
  // Move T1 to F2 from 00:15: a job.
  r = Post("/api/v1/topology",
           "asset_id,kind,parent_id,lat,lon,valid_from\nT1,transformer,F2,,,2026-07-01T00:15:00Z\n",
           "text/csv", admin_);
  ASSERT_EQ(r->status, 202) << r->body;
  rapidjson::Document d = Json(r->body);
  const std::string url = d["url"].GetString();
  std::string state = "running";
  for (int i = 0; i < 500 && state == "running"; ++i) {
    state = Json(Get(url, analyst_)->body)["state"].GetString();
    if (state == "running") std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(state, "succeeded");
  r =
      Get("/api/v1/assets/F1/rollup?from=2026-07-01T00:00:00Z&to=2026-07-01T00:30:00Z&step=15m"
          "&metric=delivered&format=csv",
          analyst_);
  EXPECT_EQ(r->body,
            "timestamp,kwh,meters\n2026-07-01T00:00:00Z,1.250,2\n2026-07-01T00:15:00Z,,0\n");
  r =
      Get("/api/v1/assets/F2/rollup?from=2026-07-01T00:00:00Z&to=2026-07-01T00:30:00Z&step=15m"
          "&metric=delivered&format=csv",
          analyst_);
  EXPECT_EQ(r->body,
            "timestamp,kwh,meters\n2026-07-01T00:00:00Z,4.000,1\n2026-07-01T00:15:00Z,10.750,3\n");
  r = Get("/api/v1/jobs", analyst_);
  EXPECT_GE(Json(r->body)["jobs"].Size(), 2u);
  EXPECT_EQ(Get("/api/v1/jobs/999", analyst_)->status, 404);
  // Every route of the grid is in the OpenAPI document.
  r = Get("/api/v1/openapi.json", "");
  for (const char* path : {"/api/v1/assets/{id}/rollup", "/api/v1/assets/{id}/analytics",
                           "/api/v1/geo/assets", "/api/v1/topology", "/api/v1/jobs/{id}"}) {
    EXPECT_THAT(r->body, HasSubstr(path));
  }
}

}  // namespace
}  // namespace gridline
