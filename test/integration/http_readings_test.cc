// The readings, aggregate, series and import routes through the real server: their answers
// equal the CLI's output byte for byte, in CSV and JSON, long ranges stream, writes count what
// they did and list row errors, strict writes are all or nothing, and bad input is a JSON error
// that says where.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "test/integration/server_fixture.h"

namespace gridline {
namespace {

using ::testing::HasSubstr;

constexpr char kDayCsv[] =
    "timestamp,kwh,quality\n"
    "2026-07-01T00:00:00Z,0.219,actual\n"
    "2026-07-01T00:15:00Z,0.300,estimated\n"
    "2026-07-01T00:30:00Z,1.500,actual\n"
    "2026-07-01T00:45:00Z,0.001,actual\n";

class HttpReadings : public testing::ServerTest {
 protected:
  void SetUp() override {
    StartServer();
    ingest_ = Token("ingest");
    analyst_ = Token("analyst");
  }
  std::string CliQuery(std::vector<std::string> args) {
    args.insert(args.begin(), {"query"});
    args.insert(args.begin() + 2, {"--data", data_});
    testing::RunResult r = Gridline(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
  std::string ingest_, analyst_;
};

TEST_F(HttpReadings, CsvWriteThenReadEqualsTheCli) {
  httplib::Result w = Post("/api/v1/meters/M1/readings", kDayCsv, "text/csv", ingest_);
  ASSERT_TRUE(w) << httplib::to_string(w.error());
  ASSERT_EQ(w->status, 200) << w->body;
  rapidjson::Document d = Json(w->body);
  EXPECT_EQ(d["accepted"].GetUint64(), 4u);
  EXPECT_EQ(d["rejected"].GetUint64(), 0u);
  EXPECT_EQ(d["series_created"].GetUint64(), 1u);

  const std::string q = "/api/v1/meters/M1/readings?from=2026-07-01T00:00:00Z&to=2026-07-02";
  httplib::Result r = Get(q + "&format=csv", analyst_);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/csv");
  EXPECT_EQ(r->body, kDayCsv);
  // The CLI reads the same store (read-only, beside the running server) and prints the same.
  EXPECT_EQ(r->body, CliQuery({"readings", "--meter", "M1", "--from", "2026-07-01T00:00:00Z",
                               "--to", "2026-07-02"}));
  // Accept: text/csv asks for the same.
  r = Get(q, analyst_, {{"Accept", "text/csv"}});
  EXPECT_EQ(r->body, kDayCsv);
  // JSON by default, identical to the CLI's --format json.
  r = Get(q, analyst_);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(r->body, CliQuery({"readings", "--meter", "M1", "--from", "2026-07-01T00:00:00Z",
                               "--to", "2026-07-02", "--format", "json"}));
  EXPECT_THAT(r->body, HasSubstr("{\"timestamp\":\"2026-07-01T00:00:00Z\",\"kwh\":0.219,"
                                 "\"quality\":\"actual\"}"));
  // Writing the same again: duplicates; a changed value: a new version (admin sees them apart).
  w = Post("/api/v1/meters/M1/readings", kDayCsv, "text/csv", Token("admin"));
  EXPECT_EQ(Json(w->body)["duplicates"].GetUint64(), 4u);
  w = Post("/api/v1/meters/M1/readings", "timestamp,kwh\n2026-07-01T00:00:00Z,0.5\n", "text/csv",
           Token("admin"));
  EXPECT_EQ(Json(w->body)["versions"].GetUint64(), 1u);
  r = Get(q + "&layer=raw&versions=true&format=csv", analyst_);
  EXPECT_THAT(r->body, HasSubstr(",superseded\n"));
  EXPECT_THAT(r->body, HasSubstr("2026-07-01T00:00:00Z,0.500,actual,"));
}

// Finding (issue 11, item 5): the ingest role could confirm a guessed stored value, because a
// write answered `duplicates: 1` when the value sent equalled the stored one. For ingest, the
// duplicates and new versions are counted inside `accepted` (docs/conventions.md); admin sees them
// apart.
TEST_F(HttpReadings, IngestRoleSeesDuplicatesAndVersionsInsideAccepted) {
  const std::string path = "/api/v1/meters/G1/readings";
  ASSERT_EQ(Post(path, kDayCsv, "text/csv", ingest_)->status, 200);
  // A guess that equals the stored value, and one that does not: the same answer.
  const std::string right = "timestamp,kwh\n2026-07-01T00:00:00Z,0.219\n";
  const std::string wrong = "timestamp,kwh\n2026-07-01T00:15:00Z,0.999\n";
  std::string answers[2];
  for (int i = 0; i < 2; ++i) {
    httplib::Result w = Post(path, i == 0 ? right : wrong, "text/csv", ingest_);
    ASSERT_EQ(w->status, 200) << w->body;
    rapidjson::Document d = Json(w->body);
    EXPECT_EQ(d["accepted"].GetUint64(), 1u) << w->body;
    EXPECT_EQ(d["duplicates"].GetUint64(), 0u) << w->body;
    EXPECT_EQ(d["versions"].GetUint64(), 0u) << w->body;
    answers[i] = w->body;
  }
  EXPECT_EQ(answers[0], answers[1]);
  // JSON bodies answer the same way.
  httplib::Result j =
      Post(path, R"({"readings":[{"timestamp":"2026-07-01T00:30:00Z","kwh":"1.500"}]})",
           "application/json", ingest_);
  EXPECT_EQ(Json(j->body)["accepted"].GetUint64(), 1u) << j->body;
  EXPECT_EQ(Json(j->body)["duplicates"].GetUint64(), 0u) << j->body;
  // The CSV import route too.
  httplib::Result c =
      Post("/api/v1/import/csv", "meter_id,timestamp,kwh\nG1,2026-07-01T00:45:00Z,0.001\n",
           "text/csv", ingest_);
  EXPECT_EQ(Json(c->body)["accepted"].GetUint64(), 1u) << c->body;
  EXPECT_EQ(Json(c->body)["duplicates"].GetUint64(), 0u) << c->body;
  // Admin sees the same kinds of write apart.
  const std::string admin = Token("admin");
  rapidjson::Document d = Json(Post(path, right, "text/csv", admin)->body);
  EXPECT_EQ(d["accepted"].GetUint64(), 0u);
  EXPECT_EQ(d["duplicates"].GetUint64(), 1u);
  d = Json(Post(path, "timestamp,kwh\n2026-07-01T00:00:00Z,0.5\n", "text/csv", admin)->body);
  EXPECT_EQ(d["accepted"].GetUint64(), 0u);
  EXPECT_EQ(d["versions"].GetUint64(), 1u);
}

TEST_F(HttpReadings, JsonWriteWithRowErrorsByIndex) {
  const std::string body = R"({"readings":[
      {"timestamp":"2026-07-01T00:00:00Z","kwh":"0.219"},
      {"timestamp":"2026-07-01T00:15:00Z","kwh":0.3,"quality":"E"},
      {"timestamp":"2026-07-01T00:30:00Z","kwh":"0.0001"},
      {"timestamp":"2026-07-01T00:45:00Z"},
      {"timestamp":"not a time","kwh":1},
      {"timestamp":"2026-07-01T01:00:00Z","kwh":true}]})";
  httplib::Result w = Post("/api/v1/meters/J1/readings", body, "application/json", ingest_);
  ASSERT_EQ(w->status, 200) << w->body;
  rapidjson::Document d = Json(w->body);
  EXPECT_EQ(d["readings"].GetUint64(), 6u);
  EXPECT_EQ(d["accepted"].GetUint64(), 2u);
  EXPECT_EQ(d["rejected"].GetUint64(), 4u);
  const rapidjson::Value& e = d["errors"];
  ASSERT_EQ(e.Size(), 4u) << w->body;
  EXPECT_EQ(e[0]["index"].GetInt(), 2);
  EXPECT_STREQ(e[0]["field"].GetString(), "kwh");
  EXPECT_EQ(e[1]["index"].GetInt(), 3);
  EXPECT_EQ(e[2]["index"].GetInt(), 4);
  EXPECT_STREQ(e[2]["field"].GetString(), "timestamp");
  EXPECT_EQ(e[3]["index"].GetInt(), 5);
  // round=true takes the over-precise value.
  w = Post("/api/v1/meters/J1/readings?round=true",
           R"({"readings":[{"timestamp":"2026-07-01T00:30:00Z","kwh":"0.0006"}]})",
           "application/json", ingest_);
  EXPECT_EQ(Json(w->body)["rounded"].GetUint64(), 1u);
  httplib::Result r =
      Get("/api/v1/meters/J1/readings?from=2026-07-01&to=2026-07-02&format=csv", analyst_);
  EXPECT_EQ(r->body,
            "timestamp,kwh,quality\n2026-07-01T00:00:00Z,0.219,actual\n"
            "2026-07-01T00:15:00Z,0.300,estimated\n2026-07-01T00:30:00Z,0.001,actual\n");
}

// Issue 11 through the API: JSON readings are checked against the channel's plausible range (the
// error names the bound), and a second value for one slot in one request names the earlier one.
TEST_F(HttpReadings, JsonWriteRefusesImplausibleValuesAndSecondValuesForASlot) {
  const std::string body = R"({"readings":[
      {"timestamp":"2026-07-01T00:00:00Z","kwh":"1"},
      {"timestamp":"2026-07-01T00:15:00Z","kwh":"9223372036854775.807"},
      {"timestamp":"2026-07-01T00:00:00Z","kwh":"2"},
      {"timestamp":"2026-07-01T00:00:00Z","kwh":"1.000"}]})";
  httplib::Result w = Post("/api/v1/meters/R1/readings", body, "application/json", ingest_);
  ASSERT_TRUE(w) << httplib::to_string(w.error());
  ASSERT_EQ(w->status, 200) << w->body;
  rapidjson::Document d = Json(w->body);
  // The equal fourth value is a duplicate, which the ingest role sees inside `accepted`.
  EXPECT_EQ(d["accepted"].GetUint64(), 2u);
  EXPECT_EQ(d["rejected"].GetUint64(), 2u);
  const rapidjson::Value& e = d["errors"];
  ASSERT_EQ(e.Size(), 2u) << w->body;
  EXPECT_EQ(e[0]["index"].GetInt(), 1);
  EXPECT_THAT(e[0]["reason"].GetString(),
              HasSubstr("9223372036854775.807 kWh is outside the plausible range of "
                        "kwh_delivered for a 15m interval: -250000.000 .. 250000.000 kWh"));
  EXPECT_EQ(e[1]["index"].GetInt(), 2);
  EXPECT_THAT(e[1]["reason"].GetString(), HasSubstr("already gave R1 kwh_delivered the value"));
  httplib::Result r =
      Get("/api/v1/meters/R1/readings?from=2026-07-01&to=2026-07-02&format=csv", analyst_);
  EXPECT_EQ(r->body, "timestamp,kwh,quality\n2026-07-01T00:00:00Z,1.000,actual\n");
}

TEST_F(HttpReadings, StrictIsAllOrNothing) {
  httplib::Result w =
      Post("/api/v1/meters/S1/readings?strict=true",
           "timestamp,kwh\n2026-07-01T00:00:00Z,1\n2026-07-01T00:15:00Z,x\n", "text/csv", ingest_);
  ASSERT_EQ(w->status, 400) << w->body;
  rapidjson::Document d = Json(w->body);
  EXPECT_STREQ(d["error"].GetString(), "invalid_argument");
  EXPECT_EQ(d["detail"]["line"].GetInt(), 3);
  EXPECT_STREQ(d["detail"]["field"].GetString(), "kwh");
  EXPECT_TRUE(d["refused"].GetBool());
  EXPECT_EQ(d["accepted"].GetUint64(), 0u);
  httplib::Result r = Get("/api/v1/meters/S1/readings?from=2026-07-01&to=2026-07-02", analyst_);
  EXPECT_EQ(r->status, 404) << r->body;
}

TEST_F(HttpReadings, AggregatesEqualTheCli) {
  ASSERT_EQ(Post("/api/v1/meters/A1/readings", kDayCsv, "text/csv", ingest_)->status, 200);
  const std::string q = "/api/v1/meters/A1/agg?from=2026-07-01&to=2026-07-01T02:00:00Z&step=1h";
  httplib::Result r = Get(q + "&fn=sum&format=csv", analyst_);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->body, "timestamp,value\n2026-07-01T00:00:00Z,2.020\n2026-07-01T01:00:00Z,\n");
  EXPECT_EQ(r->body, CliQuery({"agg", "--meter", "A1", "--from", "2026-07-01", "--to",
                               "2026-07-01T02:00:00Z", "--step", "1h", "--fn", "sum"}));
  r = Get(q + "&fn=count", analyst_);
  EXPECT_EQ(r->body, CliQuery({"agg", "--meter", "A1", "--from", "2026-07-01", "--to",
                               "2026-07-01T02:00:00Z", "--step", "1h", "--fn", "count", "--format",
                               "json"}));
  // Local days of the zone: 00:00Z on July 1 is June 30 in Los Angeles.
  r =
      Get("/api/v1/meters/A1/agg?from=2026-06-30&to=2026-07-02&step=1d&fn=max&tz=America/"
          "Los_Angeles&format=csv",
          analyst_);
  EXPECT_EQ(r->body, "timestamp,value\n2026-06-30T07:00:00Z,1.500\n2026-07-01T07:00:00Z,\n");
  // Too many steps: a 400 that says the limit.
  r = Get("/api/v1/meters/A1/agg?from=2000-01-01&to=2026-01-01&step=1m&fn=sum", analyst_);
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(r->body, HasSubstr("100000 buckets"));
  EXPECT_THAT(r->body, HasSubstr("\"parameter\":\"step\""));
}

TEST_F(HttpReadings, LongRangesAreStreamed) {
  std::string csv = "meter_id,timestamp,kwh\n";
  for (int d = 1; d <= 28; ++d) {
    for (int h = 0; h < 24; ++h) {
      csv += "L1,2026-02-" + std::string(d < 10 ? "0" : "") + std::to_string(d) + "T" +
             (h < 10 ? "0" : "") + std::to_string(h) + ":00:00Z,0." + std::to_string(100 + h) +
             "\n";
    }
  }
  httplib::Result w = Post("/api/v1/import/csv", csv, "text/csv", ingest_);
  ASSERT_EQ(w->status, 200) << w->body;
  EXPECT_EQ(Json(w->body)["accepted"].GetUint64(), 28u * 24u);
  // Hourly data over 2000-2030: ~263,000 slots, past the threshold: chunked.
  httplib::Result r =
      Get("/api/v1/meters/L1/readings?from=2000-01-01&to=2030-01-01&format=csv", analyst_);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Transfer-Encoding"), "chunked");
  EXPECT_EQ(r->body,
            CliQuery({"readings", "--meter", "L1", "--from", "2000-01-01", "--to", "2030-01-01"}));
  r = Get("/api/v1/meters/L1/readings?from=2000-01-01&to=2030-01-01", analyst_);
  EXPECT_EQ(r->body, CliQuery({"readings", "--meter", "L1", "--from", "2000-01-01", "--to",
                               "2030-01-01", "--format", "json"}));
  Json(r->body);
}

TEST_F(HttpReadings, ImportsLongAndWideCsvWithRowErrors) {
  std::string wide = "meter_id,date";
  for (int i = 0; i < 24; ++i) wide += ",h" + std::to_string(i);
  wide += "\nW1,2026-07-01";
  for (int i = 0; i < 24; ++i) wide += ",0.5";
  wide += "\n";
  httplib::Result w = Post("/api/v1/import/csv?tz=Europe/London", wide, "text/csv", ingest_);
  ASSERT_EQ(w->status, 200) << w->body;
  EXPECT_EQ(Json(w->body)["accepted"].GetUint64(), 24u);
  w = Post("/api/v1/import/csv",
           "meter_id,timestamp,kwh\nM9,2026-07-01T00:00:00Z,1\nM9,2026-07-01T00:15:00Z,bad\n",
           "text/csv", ingest_);
  rapidjson::Document d = Json(w->body);
  EXPECT_EQ(d["accepted"].GetUint64(), 1u);
  ASSERT_EQ(d["errors"].Size(), 1u);
  EXPECT_EQ(d["errors"][0]["line"].GetInt(), 3);
  // A header that is not understood: 400 at line 1.
  w = Post("/api/v1/import/csv", "who,when,what\n", "text/csv", ingest_);
  EXPECT_EQ(w->status, 400);
  EXPECT_THAT(w->body, HasSubstr("\"line\":1"));
  httplib::Result r = Get("/api/v1/series?meter=W1", analyst_);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_THAT(r->body, HasSubstr("\"interval\":\"1h\""));
  EXPECT_THAT(r->body, HasSubstr("\"from\":\"2026-06-30T23:00:00Z\""));
  EXPECT_THAT(r->body, HasSubstr("\"to\":\"2026-07-01T23:00:00Z\""));
}

TEST_F(HttpReadings, IngestRouteTakesEveryFormatWithMeterAndMode) {
  // /api/v1/ingest/csv: a single-meter file named by ?meter=, and mode=all-or-nothing as strict.
  const std::string one_meter = "timestamp,kwh\n2026-07-01T00:00:00Z,1\n2026-07-01T00:15:00Z,2\n";
  httplib::Result w = Post("/api/v1/ingest/csv?meter=IG1", one_meter, "text/csv", ingest_);
  ASSERT_EQ(w->status, 200) << w->body;
  rapidjson::Document d = Json(w->body);
  EXPECT_EQ(d["accepted"].GetUint64(), 2u);
  EXPECT_EQ(d["series_created"].GetUint64(), 1u);
  httplib::Result r =
      Get("/api/v1/meters/IG1/readings?from=2026-07-01&to=2026-07-02&format=csv", analyst_);
  EXPECT_EQ(r->body,
            "timestamp,kwh,quality\n2026-07-01T00:00:00Z,1.000,actual\n"
            "2026-07-01T00:15:00Z,2.000,actual\n");
  w = Post("/api/v1/ingest/csv?meter=IG2&mode=all-or-nothing",
           "timestamp,kwh\n2026-07-01T00:00:00Z,1\n2026-07-01T00:15:00Z,x\n", "text/csv", ingest_);
  ASSERT_EQ(w->status, 400) << w->body;
  d = Json(w->body);
  EXPECT_TRUE(d["refused"].GetBool());
  EXPECT_EQ(d["detail"]["line"].GetInt(), 3);
  EXPECT_EQ(Get("/api/v1/meters/IG2/readings?from=2026-07-01&to=2026-07-02", analyst_)->status,
            404);
  // Best effort, the default: the good row is kept and the bad one listed.
  w = Post("/api/v1/ingest/csv?meter=IG2",
           "timestamp,kwh\n2026-07-01T00:00:00Z,1\n2026-07-01T00:15:00Z,x\n", "text/csv", ingest_);
  ASSERT_EQ(w->status, 200) << w->body;
  d = Json(w->body);
  EXPECT_EQ(d["accepted"].GetUint64(), 1u);
  EXPECT_EQ(d["rejected"].GetUint64(), 1u);
  EXPECT_EQ(Post("/api/v1/ingest/csv?mode=sometimes", one_meter, "text/csv", ingest_)->status, 400);
  EXPECT_EQ(Post("/api/v1/ingest/csv?meter=%01", one_meter, "text/csv", ingest_)->status, 400);
  EXPECT_EQ(Post("/api/v1/ingest/nosuchformat", one_meter, "text/csv", ingest_)->status, 404);
  EXPECT_EQ(Post("/api/v1/ingest/csv?meter=IG3", one_meter, "text/csv", analyst_)->status, 403);
}

TEST_F(HttpReadings, IdempotencyKeyRetryIsNotAppliedAgainAndGetsTheFirstAnswer) {
  auto post = [&](const std::string& body, const std::string& key, const std::string& token) {
    httplib::Headers h = Bearer(token);
    h.emplace("Idempotency-Key", key);
    return server_->client().Post("/api/v1/ingest/csv?meter=ID1", h, body, "text/csv");
  };
  const std::string first = "timestamp,kwh\n2026-07-01T00:00:00Z,1\n2026-07-01T00:15:00Z,2\n";
  httplib::Result a = post(first, "retry-1", Token("admin"));
  ASSERT_EQ(a->status, 200) << a->body;
  EXPECT_FALSE(a->has_header("Idempotent-Replayed"));
  // The retry carries another body: it is not applied, and gets the first answer byte for byte.
  httplib::Result b = post("timestamp,kwh\n2026-07-01T00:00:00Z,9\n", "retry-1", Token("admin"));
  ASSERT_EQ(b->status, 200) << b->body;
  EXPECT_EQ(b->body, a->body);
  EXPECT_EQ(b->get_header_value("Content-Type"), a->get_header_value("Content-Type"));
  EXPECT_EQ(b->get_header_value("Idempotent-Replayed"), "true");
  const std::string stored =
      "timestamp,kwh,quality\n2026-07-01T00:00:00Z,1.000,actual\n"
      "2026-07-01T00:15:00Z,2.000,actual\n";
  httplib::Result r =
      Get("/api/v1/meters/ID1/readings?from=2026-07-01&to=2026-07-02&format=csv", analyst_);
  EXPECT_EQ(r->body, stored);
  // A refused request is an answer too: its retry is refused the same way.
  httplib::Result c = post("timestamp,kwh\nnot a time,1\n", "retry-2", Token("admin"));
  httplib::Result d = post(first, "retry-2", Token("admin"));
  EXPECT_EQ(d->status, c->status);
  EXPECT_EQ(d->body, c->body);
  // The same key from another token is that caller's own.
  httplib::Result e = post("timestamp,kwh\n2026-07-01T00:30:00Z,3\n", "retry-1", ingest_);
  ASSERT_EQ(e->status, 200) << e->body;
  EXPECT_FALSE(e->has_header("Idempotent-Replayed"));
  // After a restart the retry is still recognised.
  ASSERT_EQ(StopServer(), 0);
  StartServer();
  httplib::Result f = post("timestamp,kwh\n2026-07-01T00:00:00Z,9\n", "retry-1", Token("admin"));
  EXPECT_EQ(f->body, a->body);
  EXPECT_EQ(f->get_header_value("Idempotent-Replayed"), "true");
  r = Get("/api/v1/meters/ID1/readings?from=2026-07-01&to=2026-07-01T00:30:00Z&format=csv",
          analyst_);
  EXPECT_EQ(r->body, stored);
  // A key that cannot be one is a 400.
  EXPECT_EQ(post(first, "has space", Token("admin"))->status, 400);
  EXPECT_EQ(post(first, std::string(300, 'k'), Token("admin"))->status, 400);
}

TEST_F(HttpReadings, SeriesArePaged) {
  std::string csv = "meter_id,timestamp,kwh\n";
  for (int m = 0; m < 5; ++m) csv += "P" + std::to_string(m) + ",2026-07-01T00:00:00Z,1\n";
  ASSERT_EQ(Post("/api/v1/import/csv", csv, "text/csv", ingest_)->status, 200);
  std::vector<std::string> meters;
  std::string cursor;
  for (int page = 0; page < 5; ++page) {
    httplib::Result r =
        Get("/api/v1/series?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor), analyst_);
    ASSERT_EQ(r->status, 200) << r->body;
    rapidjson::Document d = Json(r->body);
    for (const auto& s : d["series"].GetArray()) meters.push_back(s["meter"].GetString());
    if (d["next_cursor"].IsNull()) break;
    cursor = d["next_cursor"].GetString();
  }
  EXPECT_EQ(meters, (std::vector<std::string>{"P0", "P1", "P2", "P3", "P4"}));
  EXPECT_EQ(Get("/api/v1/series?limit=0", analyst_)->status, 400);
  EXPECT_EQ(Get("/api/v1/series?cursor=%21%21", analyst_)->status, 400);
  EXPECT_EQ(Get("/api/v1/series?meter=NOPE", analyst_)->status, 404);
}

TEST_F(HttpReadings, BadInputIsAJsonErrorThatSaysWhere) {
  ASSERT_EQ(Post("/api/v1/meters/E1/readings", kDayCsv, "text/csv", ingest_)->status, 200);
  httplib::Result r = Get("/api/v1/meters/E1/readings?from=yesterday&to=2026-07-02", analyst_);
  EXPECT_EQ(r->status, 400);
  rapidjson::Document d = Json(r->body);
  EXPECT_STREQ(d["error"].GetString(), "invalid_argument");
  EXPECT_STREQ(d["detail"]["parameter"].GetString(), "from");
  r = Get("/api/v1/meters/E1/readings?from=2026-07-02&to=2026-07-01", analyst_);
  EXPECT_EQ(r->status, 400);
  EXPECT_STREQ(Json(r->body)["detail"]["parameter"].GetString(), "to");
  r = Get("/api/v1/meters/E1/readings?to=2026-07-02", analyst_);
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(r->body, HasSubstr("from: required"));
  r = Get("/api/v1/meters/E1/readings?from=2026-07-01&to=2026-07-02&frm=1", analyst_);
  EXPECT_EQ(r->status, 400);
  EXPECT_THAT(r->body, HasSubstr("unknown parameter"));
  r = Get("/api/v1/meters/E1/readings?from=2026-07-01&to=2026-07-02&layer=cooked", analyst_);
  EXPECT_EQ(r->status, 400);
  r = Get("/api/v1/meters/NOPE/readings?from=2026-07-01&to=2026-07-02", analyst_);
  EXPECT_EQ(r->status, 404);
  d = Json(r->body);
  EXPECT_STREQ(d["error"].GetString(), "not_found");
  EXPECT_STREQ(d["message"].GetString(), "unknown meter 'NOPE'");
  r = Get("/api/v1/meters/E1/readings?from=2026-07-01&to=2026-07-02&channel=voltage", analyst_);
  EXPECT_EQ(r->status, 404);
  r = Get("/api/v1/meters/E1/readings?from=2026-07-01&to=2026-07-02&channel=nope", analyst_);
  EXPECT_EQ(r->status, 400);
  // A meter id with a slash travels percent-encoded.
  ASSERT_EQ(Post("/api/v1/meters/F%2F1/readings", kDayCsv, "text/csv", ingest_)->status, 200);
  r = Get("/api/v1/series?meter=F/1", analyst_);
  EXPECT_THAT(r->body, HasSubstr("\"meter\":\"F/1\""));
  // Bodies that are not what they say.
  httplib::Result w =
      Post("/api/v1/meters/E1/readings", "{\"readings\": [", "application/json", ingest_);
  EXPECT_EQ(w->status, 400);
  EXPECT_THAT(w->body, HasSubstr("\"offset\":"));
  w = Post("/api/v1/meters/E1/readings", "meter_id,timestamp,kwh\n", "text/csv", ingest_);
  EXPECT_EQ(w->status, 400);
  w = Post("/api/v1/meters/E1/readings", "<xml/>", "application/xml", ingest_);
  EXPECT_EQ(w->status, 400);
  // curl -d sends a form: said plainly, not as a thousand unknown parameters.
  w = Post("/api/v1/meters/E1/readings", kDayCsv, "application/x-www-form-urlencoded", ingest_);
  EXPECT_EQ(w->status, 400);
  EXPECT_THAT(w->body, HasSubstr("--data-binary"));
}

}  // namespace
}  // namespace gridline
