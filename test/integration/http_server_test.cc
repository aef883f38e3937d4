// The server itself through real HTTP: tokens and roles (401/403, a token made while the server
// runs), JSON errors for unknown routes, wrong methods and oversized bodies, the OpenAPI
// document against the route table, /metrics after some requests, durable writes across kill -9,
// a clean stop on SIGTERM, and `gridline demo` serving its store.
#include <signal.h>

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "server/router.h"
#include "server/routes/routes.h"
#include "test/integration/server_fixture.h"

namespace gridline {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kCsv[] = "timestamp,kwh\n2026-07-01T00:00:00Z,0.219\n2026-07-01T00:15:00Z,0.3\n";
constexpr char kReadings[] = "/api/v1/meters/M1/readings?from=2026-07-01&to=2026-07-02&format=csv";

class HttpServer : public testing::ServerTest {};

TEST_F(HttpServer, HealthzNeedsNoTokenAndUnknownRoutesAreJson) {
  StartServer();
  httplib::Result r = Get("/healthz", "");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "{\"status\":\"ok\"}\n");
  r = Get("/nowhere", "");
  EXPECT_EQ(r->status, 404);
  EXPECT_THAT(r->body, StartsWith("{\"error\":\"not_found\",\"message\":"));
  EXPECT_THAT(r->body, HasSubstr("\"detail\":null"));
  r = server_->client().Delete("/healthz");
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->get_header_value("Allow"), "GET");
  EXPECT_THAT(r->body, HasSubstr("\"error\":\"method_not_allowed\""));
  r = Post("/healthz", "x", "text/plain", "");
  EXPECT_EQ(r->status, 405);
}

TEST_F(HttpServer, TokensAndRoles) {
  StartServer();
  const std::string admin = Token("admin"), analyst = Token("analyst");
  const std::string ingest = Token("ingest"), pub = Token("public");
  EXPECT_THAT(admin, StartsWith("glt_"));
  // Only hashes are on disk, in a file only the owner reads.
  const std::string file = testing::ReadFile(data_ + "/tokens");
  EXPECT_EQ(file.find(admin), std::string::npos);
  EXPECT_EQ(
      std::filesystem::status(data_ + "/tokens").permissions() & std::filesystem::perms::group_read,
      std::filesystem::perms::none);

  httplib::Result r = Post("/api/v1/meters/M1/readings", kCsv, "text/csv", "");
  EXPECT_EQ(r->status, 401);
  EXPECT_THAT(r->get_header_value("WWW-Authenticate"), StartsWith("Bearer"));
  EXPECT_THAT(r->body, HasSubstr("\"error\":\"unauthenticated\""));
  r = Post("/api/v1/meters/M1/readings", kCsv, "text/csv", "glt_not-a-token");
  EXPECT_EQ(r->status, 401);
  EXPECT_THAT(r->get_header_value("WWW-Authenticate"), HasSubstr("invalid_token"));
  EXPECT_EQ(Post("/api/v1/meters/M1/readings", kCsv, "text/csv", analyst)->status, 403);
  EXPECT_EQ(Post("/api/v1/meters/M1/readings", kCsv, "text/csv", pub)->status, 403);
  ASSERT_EQ(Post("/api/v1/meters/M1/readings", kCsv, "text/csv", ingest)->status, 200);
  // ingest writes but reads nothing; public reads nothing about a meter.
  r = Get(kReadings, ingest);
  EXPECT_EQ(r->status, 403);
  EXPECT_THAT(r->body, HasSubstr("\"error\":\"permission_denied\""));
  EXPECT_EQ(Get(kReadings, pub)->status, 403);
  EXPECT_EQ(Get("/api/v1/series", pub)->status, 403);
  EXPECT_EQ(Get("/metrics", pub)->status, 403);
  EXPECT_EQ(Get(kReadings, analyst)->status, 200);
  EXPECT_EQ(Get(kReadings, admin)->status, 200);
  EXPECT_EQ(Post("/api/v1/meters/M1/readings", kCsv, "text/csv", admin)->status, 200);
  // Open routes ignore a bad token.
  EXPECT_EQ(Get("/healthz", "glt_wrong")->status, 200);
  EXPECT_EQ(Get("/api/v1/openapi.json", "")->status, 200);
}

TEST_F(HttpServer, ATokenMadeWhileServingWorksAtOnce) {
  StartServer();
  httplib::Result r = Get("/api/v1/series", "");
  EXPECT_EQ(r->status, 401);
  const std::string late = Token("analyst");  // the server holds the store meanwhile
  r = Get("/api/v1/series", late);
  EXPECT_EQ(r->status, 200) << r->body;
}

TEST_F(HttpServer, NoAuthServesEveryoneAsAdminAndWarns) {
  StartServer({"--no-auth"});
  EXPECT_EQ(Post("/api/v1/meters/M1/readings", kCsv, "text/csv", "")->status, 200);
  EXPECT_EQ(Get(kReadings, "")->status, 200);
  EXPECT_THAT(server_->Stderr(), HasSubstr("WARNING: --no-auth"));
}

TEST_F(HttpServer, BodiesOverTheLimitAre413) {
  StartServer({"--max-body", "2048"});
  std::string big = "timestamp,kwh\n";
  while (big.size() < 4096) big += "2026-07-01T00:00:00Z,1\n";
  httplib::Result r = Post("/api/v1/meters/M1/readings", big, "text/csv", Token("ingest"));
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 413);
  EXPECT_THAT(r->body, HasSubstr("\"error\":\"payload_too_large\""));
  EXPECT_THAT(r->body, HasSubstr("2048 bytes"));
  // The server goes on serving.
  EXPECT_EQ(Get("/healthz", "")->status, 200);
}

TEST_F(HttpServer, OpenApiDocumentMatchesTheRouteTable) {
  StartServer();
  httplib::Result r = Get("/api/v1/openapi.json", "");
  ASSERT_EQ(r->status, 200);
  rapidjson::Document doc;
  doc.Parse(r->body.c_str());
  ASSERT_FALSE(doc.HasParseError());
  EXPECT_STREQ(doc["openapi"].GetString(), "3.0.3");
  std::set<std::string> in_document;
  for (const auto& path : doc["paths"].GetObject()) {
    for (const auto& op : path.value.GetObject()) {
      in_document.insert(std::string(op.name.GetString()) + " " + path.name.GetString());
    }
  }
  server::Router router;
  server::RegisterAllRoutes(&router);
  std::set<std::string> in_table;
  for (const server::Route& route : router.routes()) {
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    in_table.insert(method + " " + route.pattern);
  }
  EXPECT_EQ(in_document, in_table);
  const auto& get = doc["paths"]["/api/v1/meters/{id}/readings"]["get"];
  bool has_from = false;
  for (const auto& p : get["parameters"].GetArray()) {
    if (std::string(p["name"].GetString()) == "from") {
      has_from =
          p["required"].GetBool() && std::string(p["schema"]["format"].GetString()) == "date-time";
    }
  }
  EXPECT_TRUE(has_from);
}

TEST_F(HttpServer, MetricsCountRequestsByRoutePattern) {
  StartServer();
  const std::string ingest = Token("ingest"), analyst = Token("analyst");
  ASSERT_EQ(Post("/api/v1/meters/M1/readings", kCsv, "text/csv", ingest)->status, 200);
  ASSERT_EQ(Post("/api/v1/meters/M1/readings", kCsv, "text/csv", ingest)->status, 200);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(Get(kReadings, analyst)->status, 200);
  ASSERT_EQ(Get("/api/v1/meters/NOPE/readings?from=2026-07-01&to=2026-07-02", analyst)->status,
            404);
  ASSERT_EQ(Get("/nowhere", "")->status, 404);
  httplib::Result r = Get("/metrics", analyst);
  ASSERT_EQ(r->status, 200);
  EXPECT_THAT(r->get_header_value("Content-Type"), StartsWith("text/plain; version=0.0.4"));
  const std::string& m = r->body;
  EXPECT_THAT(m, HasSubstr("gridline_http_requests_total{method=\"GET\",route=\"/api/v1/meters/"
                           "{id}/readings\",code=\"200\"} 3\n"));
  EXPECT_THAT(m, HasSubstr("gridline_http_requests_total{method=\"GET\",route=\"/api/v1/meters/"
                           "{id}/readings\",code=\"404\"} 1\n"));
  EXPECT_THAT(m, HasSubstr("route=\"unmatched\",code=\"404\"} 1\n"));
  EXPECT_THAT(m, HasSubstr("gridline_http_request_duration_seconds_bucket{method=\"POST\",route="
                           "\"/api/v1/meters/{id}/readings\",code=\"200\",le=\"+Inf\"} 2\n"));
  EXPECT_THAT(m, HasSubstr("gridline_ingest_readings_total{result=\"accepted\"} 2\n"));
  EXPECT_THAT(m, HasSubstr("gridline_ingest_readings_total{result=\"duplicate\"} 2\n"));
  EXPECT_THAT(m, HasSubstr("gridline_rollup_lag_seconds 0\n"));
  EXPECT_THAT(m, HasSubstr("gridline_store_size_bytes "));
  EXPECT_THAT(m, HasSubstr("process_resident_memory_bytes "));
  EXPECT_EQ(m.find("gridline_store_size_bytes 0\n"), std::string::npos);
}

TEST_F(HttpServer, AnsweredWritesSurviveKill9) {
  StartServer();
  const std::string ingest = Token("ingest");
  std::string json = "{\"readings\":[";
  for (int i = 0; i < 96; ++i) {
    json += (i ? "," : "") + std::string("{\"timestamp\":\"2026-07-01T") + (i / 4 < 10 ? "0" : "") +
            std::to_string(i / 4) + ":" + (i % 4 == 0 ? "00" : std::to_string(i % 4 * 15)) +
            ":00Z\",\"kwh\":" + std::to_string(i) + "}";
  }
  json += "]}";
  httplib::Result w = Post("/api/v1/meters/K1/readings", json, "application/json", ingest);
  ASSERT_EQ(w->status, 200) << w->body;
  EXPECT_THAT(w->body, HasSubstr("\"accepted\":96"));
  EXPECT_EQ(StopServer(SIGKILL), -SIGKILL);
  StartServer();
  httplib::Result r =
      Get("/api/v1/meters/K1/agg?from=2026-07-01&to=2026-07-02&step=1d&fn=count", Token("analyst"));
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->body, HasSubstr("\"value\":96"));
  r = Get("/api/v1/meters/K1/agg?from=2026-07-01&to=2026-07-02&step=1d&fn=sum&format=csv",
          Token("analyst"));
  EXPECT_EQ(r->body, "timestamp,value\n2026-07-01T00:00:00Z,4560.000\n");
}

TEST_F(HttpServer, StopsCleanlyOnSigterm) {
  StartServer();
  ASSERT_EQ(Post("/api/v1/meters/M1/readings", kCsv, "text/csv", Token("ingest"))->status, 200);
  EXPECT_EQ(StopServer(SIGTERM), 0);
  // The store was closed: another process opens it for writing at once.
  testing::RunResult q = Gridline({"delete", "readings", "--data", data_, "--meter", "M1", "--from",
                                   "2026-07-01T00:15:00Z", "--to", "2026-07-02"});
  EXPECT_EQ(q.exit_code, 0) << q.err;
  EXPECT_THAT(q.out, HasSubstr("deleted 1 readings"));
}

TEST_F(HttpServer, DemoServesItsStoreWithoutTokens) {
  std::string error;
  server_ = testing::ServerProcess::Start(
      {"demo", "--data", data_, "--meters", "5", "--days", "1", "--listen", "127.0.0.1:0"},
      dir_.path(), &error);
  ASSERT_NE(server_, nullptr) << error;
  const std::string out = server_->Stdout();
  EXPECT_THAT(out, HasSubstr("simulating 5 meters x 1 days"));
  // The requests it suggests work as printed.
  const std::string curl = "curl '" + server_->url();
  const size_t at = out.find(curl);
  ASSERT_NE(at, std::string::npos) << out;
  const size_t start = at + curl.size();
  const std::string suggested = out.substr(start, out.find('\'', start) - start);
  httplib::Result r = Get(suggested, "");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200) << suggested << ": " << r->body;
  EXPECT_THAT(r->body, StartsWith("timestamp,kwh,quality\n"));
  EXPECT_EQ(StopServer(SIGINT), 0);
}

}  // namespace
}  // namespace gridline
