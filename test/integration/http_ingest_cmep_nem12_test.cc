// POST /api/v1/ingest/cmep and /api/v1/ingest/nem12 through the real server, on the real CMEP
// sample and the NEM12 examples of test/data: the answer counts what the CLI counts, the
// parameters of the CMEP registers work, and the stored totals equal an independent reading of
// the source files.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "test/integration/import_cmep_nem12_util.h"
#include "test/integration/server_fixture.h"

namespace gridline {
namespace {

using gridline::testing::SumColumn;
using ::testing::HasSubstr;

class HttpIngestCmepNem12 : public testing::ServerTest {
 protected:
  void SetUp() override {
    StartServer();
    ingest_ = Token("ingest");
    analyst_ = Token("analyst");
  }
  std::string Csv(const std::string& meter, const std::string& channel, const std::string& from,
                  const std::string& to) {
    httplib::Result r = Get("/api/v1/meters/" + meter + "/readings?channel=" + channel +
                                "&from=" + from + "&to=" + to + "&format=csv",
                            analyst_);
    EXPECT_TRUE(r);
    if (!r) return "";
    EXPECT_EQ(r->status, 200) << r->body;
    return r->body;
  }
  static std::string Source(const std::string& name) {
    return gridline::testing::ReadFile(std::string(GL_SOURCE_DIR) + "/test/data/" + name);
  }
  std::string ingest_, analyst_;
};

TEST_F(HttpIngestCmepNem12, RealCmepSample) {
  const std::string body = Source("cmep/cmep.dat");
  const auto electric = gridline::testing::CmepElectricReads(body);
  ASSERT_EQ(electric.size(), 1u);
  const std::vector<int64_t>& reads = electric[0].second;
  int64_t register_sum = 0;
  for (int64_t v : reads) register_sum += v;
  httplib::Result w = Post("/api/v1/ingest/cmep?register_tolerance=5m&register_to_interval=true",
                           body, "text/plain", ingest_);
  ASSERT_TRUE(w);
  ASSERT_EQ(w->status, 200) << w->body;
  rapidjson::Document d = Json(w->body);
  EXPECT_EQ(d["accepted"].GetUint64(), reads.size() * 2 - 1);
  EXPECT_EQ(d["rejected"].GetUint64(), 100u);  // four water records of 25 reads
  EXPECT_EQ(d["series_created"].GetUint64(), 2u);
  ASSERT_GE(d["errors"].Size(), 1u);
  EXPECT_EQ(d["errors"][0]["line"].GetInt(), 1);
  EXPECT_EQ(std::string(d["errors"][0]["field"].GetString()), "commodity");
  EXPECT_THAT(w->body, HasSubstr("register reads moved onto the interval boundary"));
  EXPECT_EQ(SumColumn(Csv("E36525F12SD", "kwh_register", "2011-09-20", "2011-09-22"), 1),
            std::make_pair(register_sum, static_cast<int64_t>(reads.size())));
  EXPECT_EQ(SumColumn(Csv("E36525F12SD", "kwh_delivered", "2011-09-20", "2011-09-22"), 1),
            std::make_pair(reads.back() - reads.front(), static_cast<int64_t>(reads.size() - 1)));
  // A tolerance that is not a duration is the caller's error.
  EXPECT_EQ(
      Post("/api/v1/ingest/cmep?register_tolerance=soon", body, "text/plain", ingest_)->status,
      400);
}

TEST_F(HttpIngestCmepNem12, CmepAllOrNothingRefusesTheSample) {
  httplib::Result w = Post("/api/v1/ingest/cmep?mode=all-or-nothing", Source("cmep/cmep.dat"),
                           "text/plain", ingest_);
  ASSERT_EQ(w->status, 400) << w->body;
  EXPECT_TRUE(Json(w->body)["refused"].GetBool());
  EXPECT_EQ(Get("/api/v1/meters/E36525F12SD/readings?channel=kwh_register&from=2011-09-20&to="
                "2011-09-22",
                analyst_)
                ->status,
            404);
}

TEST_F(HttpIngestCmepNem12, Nem12Examples) {
  const std::string body = Source("nem12/Example_NEM12_multiple_meters.csv");
  const auto sums = gridline::testing::Nem12Sums(body);
  httplib::Result w = Post("/api/v1/ingest/nem12", body, "text/csv", ingest_);
  ASSERT_TRUE(w);
  ASSERT_EQ(w->status, 200) << w->body;
  rapidjson::Document d = Json(w->body);
  int64_t stored = 0, rejected = 0;
  for (const auto& [key, s] : sums) (key.second == "K2" ? rejected : stored) += s.values;
  EXPECT_EQ(static_cast<int64_t>(d["accepted"].GetUint64()), stored);
  EXPECT_EQ(static_cast<int64_t>(d["rejected"].GetUint64()), rejected);
  const auto& e1 = sums.at({"NCDE001111", "E1"});
  EXPECT_EQ(SumColumn(Csv("NCDE001111", "kwh_delivered", "2003-12-03", "2003-12-06"), 1),
            std::make_pair(e1.sum_milli / 1000, e1.values));
  const auto& b1 = sums.at({"NDDD001888", "B1"});
  EXPECT_EQ(SumColumn(Csv("NDDD001888", "kwh_received", "2003-12-03", "2003-12-06"), 1),
            std::make_pair(b1.sum_milli / 1000, b1.values));

  const std::string quality = Source("nem12/Example_NEM12_multiple_quality.csv");
  const auto q = gridline::testing::Nem12Sums(quality).at({"CCCC123456", "E1"});
  w = Post("/api/v1/ingest/nem12", quality, "text/csv", ingest_);
  ASSERT_EQ(w->status, 200) << w->body;
  EXPECT_EQ(Json(w->body)["accepted"].GetUint64(), 48u);
  const std::string day =
      Csv("CCCC123456", "kwh_delivered", "2004-04-16T14:00:00Z", "2004-04-17T14:00:00Z");
  EXPECT_EQ(SumColumn(day, 1), std::make_pair(q.sum_milli, q.values));
  EXPECT_THAT(day, HasSubstr("2004-04-17T13:30:00Z,14.733,estimated"));
}

TEST_F(HttpIngestCmepNem12, Nem12RefusesTz) {
  // NEM time is fixed by the market (UTC+10 all year): a zone is refused, not ignored.
  httplib::Result w = Post("/api/v1/ingest/nem12?tz=Australia/Sydney",
                           Source("nem12/Example_NEM12_multiple_quality.csv"), "text/csv", ingest_);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->status, 400) << w->body;
  rapidjson::Document d = Json(w->body);
  EXPECT_STREQ(d["error"].GetString(), "invalid_argument");
  EXPECT_THAT(d["message"].GetString(), HasSubstr("?tz=) does not apply: NEM12 times are NEM"));
  httplib::Result q =
      Get("/api/v1/meters/CCCC123456/readings?from=2004-04-16T14:00:00Z&to=2004-04-17T14:00:00Z",
          analyst_);
  ASSERT_TRUE(q);
  EXPECT_EQ(q->status, 404) << q->body;  // nothing was stored
}

TEST_F(HttpIngestCmepNem12, Nem12WrongValueCountIsARowErrorInTheAnswer) {
  std::string values;
  for (int i = 0; i < 47; ++i) values += "1,";
  httplib::Result w = Post("/api/v1/ingest/nem12",
                           "100,NEM12,200404201300,MDA1,Ret1\n"
                           "200,N1,E1,1,E1,N1,M,kWh,30,\n"
                           "300,20040417," +
                               values + "A,,,,\n900\n",
                           "text/csv", ingest_);
  ASSERT_EQ(w->status, 200) << w->body;
  rapidjson::Document d = Json(w->body);
  EXPECT_EQ(d["accepted"].GetUint64(), 0u);
  EXPECT_EQ(d["rejected"].GetUint64(), 48u);
  EXPECT_EQ(d["errors"][0]["line"].GetInt(), 3);
  EXPECT_THAT(std::string(d["errors"][0]["reason"].GetString()), HasSubstr("exactly 48"));
}

}  // namespace
}  // namespace gridline
