// Tests of the route table: matching literal and parameter segments, the most literal route
// winning, 405 with the allowed methods, percent-decoded parameters, and the `format` parameter
// a CSV route gets.
#include "server/router.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gridline::server {
namespace {

absl::Status Ok(const ApiRequest&, Reply&) { return absl::OkStatus(); }

void Fill(Router& r) {
  r.Add({.method = "GET", .pattern = "/healthz", .access = kAnyone, .handler = Ok});
  r.Add({.method = "GET",
         .pattern = "/api/v1/meters/{id}/readings",
         .params = {PathParam("id", "meter")},
         .produces = {kJson, kCsv},
         .handler = Ok});
  r.Add({.method = "POST",
         .pattern = "/api/v1/meters/{id}/readings",
         .params = {PathParam("id", "meter")},
         .handler = Ok});
  r.Add({.method = "GET", .pattern = "/api/v1/meters/search/readings", .handler = Ok});
}

TEST(Router, MatchesLiteralAndParameterSegments) {
  Router r;
  Fill(r);
  Router::Match m = r.Find("GET", "/healthz");
  EXPECT_EQ(m.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(m.route, 0);
  m = r.Find("GET", "/api/v1/meters/M1/readings");
  ASSERT_EQ(m.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(m.route, 1);
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].first, "id");
  EXPECT_EQ(m.params[0].second, "M1");
  EXPECT_EQ(r.Find("POST", "/api/v1/meters/M1/readings").route, 2);
  EXPECT_EQ(r.Find("HEAD", "/healthz").kind, Router::Match::Kind::kFound);
}

TEST(Router, MostLiteralRouteWins) {
  Router r;
  Fill(r);
  EXPECT_EQ(r.Find("GET", "/api/v1/meters/search/readings").route, 3);
}

TEST(Router, UnknownPathsAndWrongMethods) {
  Router r;
  Fill(r);
  EXPECT_EQ(r.Find("GET", "/healthz/").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(r.Find("GET", "/api/v1/meters//readings").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(r.Find("GET", "/api/v1/meters/M1").kind, Router::Match::Kind::kNotFound);
  EXPECT_EQ(r.Find("GET", "").kind, Router::Match::Kind::kNotFound);
  Router::Match m = r.Find("DELETE", "/api/v1/meters/M1/readings");
  EXPECT_EQ(m.kind, Router::Match::Kind::kWrongMethod);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "POST"}));
}

TEST(Router, PathParametersArePercentDecoded) {
  Router r;
  Fill(r);
  Router::Match m = r.Find("GET", "/api/v1/meters/feeder%2F12%20a/readings");
  ASSERT_EQ(m.kind, Router::Match::Kind::kFound);
  EXPECT_EQ(m.params[0].second, "feeder/12 a");
  EXPECT_EQ(r.Find("GET", "/api/v1/meters/bad%2/readings").kind, Router::Match::Kind::kNotFound);
  std::string out;
  EXPECT_TRUE(PercentDecode("a+b%41", &out));
  EXPECT_EQ(out, "a+bA");
  EXPECT_FALSE(PercentDecode("%zz", &out));
  EXPECT_FALSE(PercentDecode("%4", &out));
}

TEST(Router, CsvRoutesTakeFormatAndGetATag) {
  Router r;
  Fill(r);
  const Route& readings = r.routes()[1];
  bool has_format = false;
  for (const ParamSpec& p : readings.params) has_format |= p.name == "format";
  EXPECT_TRUE(has_format);
  EXPECT_EQ(readings.tag, "meters");
  EXPECT_EQ(r.routes()[0].tag, "healthz");
  for (const ParamSpec& p : r.routes()[2].params) EXPECT_NE(p.name, "format");
}

TEST(RouterDeathTest, MalformedTablesAreProgrammerErrors) {
  EXPECT_DEATH(
      {
        Router r;
        r.Add({.method = "GET", .pattern = "/a/{id}", .handler = Ok});
      },
      "not declared");
  EXPECT_DEATH(
      {
        Router r;
        r.Add({.method = "GET", .pattern = "/a", .handler = Ok});
        r.Add({.method = "GET", .pattern = "/a", .handler = Ok});
      },
      "added twice");
  EXPECT_DEATH(
      {
        Router r;
        r.Add({.method = "GET", .pattern = "/a"});
      },
      "no handler");
}

}  // namespace
}  // namespace gridline::server
