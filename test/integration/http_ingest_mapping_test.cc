// The CSV flags of `import csv` as query parameters of the ingest routes (columns, time_format,
// unit, skip), through the real server.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "test/integration/server_fixture.h"

namespace gridline {
namespace {

using ::testing::HasSubstr;

class HttpIngestMapping : public testing::ServerTest {
 protected:
  void SetUp() override {
    StartServer();
    ingest_ = Token("ingest");
    analyst_ = Token("analyst");
  }
  std::string ingest_, analyst_;
};

TEST_F(HttpIngestMapping, ColumnsTimeFormatUnitAndSkipAsQueryParameters) {
  // A prologue line, then an Ausgrid-like file: average kW per half hour, M/D/YYYY dates.
  const std::string body =
      "Customer 12, exported 2012-07-01\n"
      ",GC,GG\n"
      "7/1/2011 0:00,0.392,0.0\n"
      "7/1/2011 0:30,0.578,0.2\n"
      "7/1/2011 1:00,0.39799999999999996,0.2\n";
  const std::string path =
      "/api/v1/ingest/csv?meter=C12&skip=1&unit=kw"
      "&columns=timestamp%3D%231%2Ckwh_delivered%3DGC%2Ckwh_received%3DGG"
      "&time_format=%25m%2F%25d%2F%25Y%20%25H%3A%25M";
  httplib::Result w = Post(path, body, "text/csv", ingest_);
  ASSERT_EQ(w->status, 200) << w->body;
  rapidjson::Document d;
  d.Parse(w->body.c_str());
  EXPECT_EQ(d["accepted"].GetUint64(), 5u) << w->body;
  EXPECT_EQ(d["rejected"].GetUint64(), 1u);
  ASSERT_EQ(d["errors"].Size(), 1u);
  EXPECT_EQ(d["errors"][0]["line"].GetInt(), 5);  // the file's own line, prologue counted
  EXPECT_EQ(std::string(d["errors"][0]["field"].GetString()), "GC");
  EXPECT_THAT(d["errors"][0]["reason"].GetString(), HasSubstr("use --round"));
  httplib::Result r =
      Get("/api/v1/meters/C12/readings?from=2011-07-01&to=2011-07-02&format=csv", analyst_);
  EXPECT_EQ(r->body,
            "timestamp,kwh,quality\n2011-07-01T00:00:00Z,0.196,actual\n"
            "2011-07-01T00:30:00Z,0.289,actual\n");
  // round=true takes the float noise, half to even, and counts it.
  w = Post(path + "&round=true", body, "text/csv", ingest_);
  ASSERT_EQ(w->status, 200) << w->body;
  d.Parse(w->body.c_str());
  EXPECT_EQ(d["rounded"].GetUint64(), 1u);
  EXPECT_EQ(d["rejected"].GetUint64(), 0u);
  // Bad parameters are 400 naming the parameter; a mapping file is not read over HTTP.
  for (const std::string bad : {"columns=%40%2Fetc%2Fpasswd", "columns=bogus%3Dx",
                                "time_format=%25Q", "unit=parsec", "skip=-1"}) {
    httplib::Result b = Post("/api/v1/ingest/csv?meter=X&" + bad, body, "text/csv", ingest_);
    EXPECT_EQ(b->status, 400) << bad << ": " << b->body;
    EXPECT_THAT(b->body, HasSubstr(bad.substr(0, bad.find('='))));
  }
  // The same parameters on /api/v1/import/csv.
  w = Post("/api/v1/import/csv?columns=meter%3DLCLid%2Ctimestamp%3Dtstp%2Ckwh%3De",
           "LCLid,tstp,e\nL1,2013-01-01 00:00:00, 0.219 \n", "text/csv", ingest_);
  ASSERT_EQ(w->status, 200) << w->body;
  r = Get("/api/v1/meters/L1/readings?from=2013-01-01&to=2013-01-02&format=csv", analyst_);
  EXPECT_EQ(r->body, "timestamp,kwh,quality\n2013-01-01T00:00:00Z,0.219,actual\n");
}

}  // namespace
}  // namespace gridline
