// InfluxDB 1.x clients write to gridline unchanged (issue 12, item 6): line protocol on
// POST /write whatever the Content-Type, precisions, the token as bearer, Basic password or `p`,
// /ping and /query CREATE DATABASE, partial writes; driven with curl and with the `influx`
// client of Debian's influxdb-client package (`influx -import`), against the real server.
#include <gmock/gmock.h>

#include <cmath>

#include "fmt/format.h"
#include "test/integration/server_fixture.h"

namespace gridline {
namespace {

using ::testing::HasSubstr;

class HttpInflux : public testing::ServerTest {
 protected:
  std::string Url(const std::string& path) {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + path;
  }
  // curl as a user runs it: -d / --data-binary send application/x-www-form-urlencoded.
  testing::RunResult Curl(std::vector<std::string> args) {
    args.insert(args.begin(), {"/usr/bin/curl", "-s", "-o", "/dev/stderr", "-w", "%{http_code}"});
    return testing::Run(args);
  }
  std::string Readings(const std::string& meter, const std::string& channel = "kwh_delivered") {
    httplib::Result r =
        Get("/api/v1/meters/" + meter +
                "/readings?from=2026-07-01&to=2026-07-02&format=csv&channel=" + channel,
            Token("admin"));
    return r ? r->body : "";
  }
};

TEST_F(HttpInflux, CurlWritesWithEveryWayOfGivingTheToken) {
  StartServer();
  const std::string token = Token("ingest");
  // curl --data-binary: form encoding, bearer token, nanoseconds by default.
  testing::RunResult r = Curl({"-XPOST", "-H", "Authorization: Bearer " + token,
                               Url("/write?db=meters"), "--data-binary",
                               "kwh,meter=C1 value=0.25 1782864000000000000\n"
                               "kwh,meter=C1 value=0.5 1782864900000000000\n"});
  EXPECT_EQ(r.out, "204") << r.err;
  // Basic auth with the token as password, seconds.
  r = Curl({"-XPOST", "-u", "someone:" + token, Url("/write?db=meters&precision=s"), "-d",
            "kwh,meter=C1 value=0.75 1782865800"});
  EXPECT_EQ(r.out, "204") << r.err;
  // The `p` parameter, milliseconds, another channel.
  r = Curl({"-XPOST", Url("/write?db=meters&precision=ms&u=x&p=" + token), "--data-binary",
            "kwh_received,meter=C1 value=0.1 1782864000000"});
  EXPECT_EQ(r.out, "204") << r.err;
  EXPECT_EQ(Readings("C1"),
            "timestamp,kwh,quality\n2026-07-01T00:00:00Z,0.250,actual\n"
            "2026-07-01T00:15:00Z,0.500,actual\n2026-07-01T00:30:00Z,0.750,actual\n");
  EXPECT_THAT(Readings("C1", "kwh_received"), HasSubstr("2026-07-01T00:00:00Z,0.100,actual"));
  // No token, a wrong one, a role that may not write.
  r = Curl({"-XPOST", Url("/write?db=meters"), "-d", "kwh,meter=C1 value=1 1782864000000000000"});
  EXPECT_EQ(r.out, "401");
  r = Curl({"-XPOST", Url("/write?db=meters&p=glt_wrong"), "-d",
            "kwh,meter=C1 value=1 1782864000000000000"});
  EXPECT_EQ(r.out, "401");
  r = Curl({"-XPOST", Url("/write?db=meters&p=" + Token("analyst")), "-d",
            "kwh,meter=C1 value=1 1782864000000000000"});
  EXPECT_EQ(r.out, "403");
  // The `p` parameter is a token only on the InfluxDB routes.
  httplib::Result g = server_->client().Get("/api/v1/series?p=" + token);
  EXPECT_EQ(g->status, 401) << g->body;
}

TEST_F(HttpInflux, PartialWritesAreA400ThatListsTheBadLinesAndKeepsTheGoodOnes) {
  StartServer();
  httplib::Result w = Post("/write?db=x&precision=s",
                           "kwh,meter=P1 value=1 1782864000\n"
                           "cpu,host=a usage=3 1782864000\n"
                           "kwh,meter=P1 value=0.30000000000000004 1782864900\n"
                           "kwh,meter=P1 value=abc 1782865800\n",
                           "text/plain", Token("admin"));
  ASSERT_EQ(w->status, 400) << w->body;
  EXPECT_THAT(w->body, HasSubstr("\"error\":\"partial_write\""));
  EXPECT_THAT(w->body, HasSubstr("partial write: 2 of 4 points rejected"));
  EXPECT_THAT(w->body, HasSubstr("\"line\":2,\"field\":\"measurement\""));
  EXPECT_THAT(w->body, HasSubstr("\"line\":4"));
  EXPECT_THAT(w->body, HasSubstr("\"rounded\":1"));
  EXPECT_EQ(Readings("P1"),
            "timestamp,kwh,quality\n2026-07-01T00:00:00Z,1.000,actual\n"
            "2026-07-01T00:15:00Z,0.300,actual\n");
  httplib::Result m = Get("/metrics", Token("admin"));
  EXPECT_THAT(m->body, HasSubstr("gridline_ingest_readings_total{result=\"rounded\"} 1"));
  EXPECT_EQ(
      Post("/write?precision=d", "kwh,meter=P1 value=1 1", "text/plain", Token("admin"))->status,
      400);
}

TEST_F(HttpInflux, PingAndQueryAnswerAsInfluxDbDoes) {
  StartServer();
  httplib::Result p = server_->client().Get("/ping");
  ASSERT_EQ(p->status, 204);
  EXPECT_FALSE(p->get_header_value("X-Influxdb-Version").empty());
  httplib::Result q = Get("/query?q=CREATE%20DATABASE%20meters", Token("ingest"));
  ASSERT_EQ(q->status, 200) << q->body;
  EXPECT_EQ(q->body, "{\"results\":[{\"statement_id\":0}]}\n");
  q = server_->client().Post("/query", Bearer(Token("ingest")),
                             "q=CREATE+DATABASE+a%3BSHOW+DATABASES%3BSELECT+*+FROM+kwh",
                             "application/x-www-form-urlencoded");
  ASSERT_EQ(q->status, 200) << q->body;
  EXPECT_THAT(q->body, HasSubstr("{\"statement_id\":0}"));
  EXPECT_THAT(q->body, HasSubstr("{\"statement_id\":1,\"series\":[{\"name\":\"databases\""));
  EXPECT_THAT(q->body, HasSubstr("{\"statement_id\":2,\"error\":\"gridline answers only"));
  EXPECT_EQ(Get("/query", Token("ingest"))->status, 400);
}

TEST_F(HttpInflux, InfluxClientImportsAFileUnchanged) {
  StartServer();
  const std::string path = dir_.Sub("export.txt");
  std::string text =
      "# DDL\nCREATE DATABASE meters\n\n# DML\n# CONTEXT-DATABASE: meters\n"
      "# CONTEXT-RETENTION-POLICY: autogen\n";
  // Two meters, a day of quarter-hours each, with float artefacts.
  int64_t wh = 0;
  for (int m = 0; m < 2; ++m) {
    for (int i = 0; i < 96; ++i) {
      const int64_t t = 1'782'864'000 + i * 900;
      text += fmt::format("kwh,meter=I{} value={} {}\n", m, 0.1 * (i % 7) + 0.05 * m, t);
      wh += (i % 7) * 100 + 50 * m;
    }
  }
  testing::WriteFile(path, text);
  testing::RunResult r = testing::Run(
      {"/usr/bin/influx", "-host", "127.0.0.1", "-port", std::to_string(server_->port()), "-username", "u",
       "-password", Token("ingest"), "-import", "-path", path, "-precision", "s"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out + r.err, HasSubstr("Processed 192 inserts"));
  EXPECT_THAT(r.out + r.err, HasSubstr("Failed 0 inserts"));
  int64_t stored = 0;
  for (const char* meter : {"I0", "I1"}) {
    httplib::Result a = Get(std::string("/api/v1/meters/") + meter +
                                "/agg?from=2026-07-01&to=2026-07-02&step=1d&fn=sum&format=csv",
                            Token("admin"));
    ASSERT_EQ(a->status, 200) << a->body;
    const std::string v = a->body.substr(a->body.rfind(',') + 1);
    stored += std::llround(std::stod(v) * 1000);
  }
  EXPECT_EQ(stored, wh);
}

}  // namespace
}  // namespace gridline
