// Tests of the query-string check (query_check.h) and the geo parameters (geo_params.h) on
// hostile text: many parameters, long names and values, too many points. Each is a 400 whose
// message stays short, never a message as long as the request.
#include "server/query_check.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "server/geo_params.h"

namespace gridline::server {
namespace {

using ::testing::HasSubstr;

Route ListRoute() {
  Route route;
  route.method = "GET";
  route.pattern = "/api/v1/assets";
  route.params = {QueryParam("limit", ParamType::kInteger, "n"),
                  QueryParam("from", ParamType::kInstant, "t"),
                  EnumParam("layer", {"raw", "validated"}, "l")};
  return route;
}

absl::Status Check(const std::string& query) {
  httplib::Request request;
  httplib::detail::parse_query_text(query, request.params);
  return CheckQuery(request, ListRoute()).status();
}

TEST(QueryCheck, RejectsMoreThanMaxQueryParams) {
  std::string query = "limit=1";
  for (size_t i = 1; i < kMaxQueryParams; ++i) query += "&limit" + std::to_string(i) + "=1";
  EXPECT_THAT(Check(query).message(), HasSubstr("unknown parameter"));  // checked one by one
  const absl::Status s = Check(query + "&one_more=1");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("101 query parameters, more than 100"));
}

TEST(QueryCheck, LongValuesAndNamesAreNotEchoedWhole) {
  for (const std::string& query :
       {"limit=" + std::string(100'000, '9'), "from=" + std::string(100'000, '2'),
        "layer=" + std::string(100'000, 'r'), std::string(100'000, 'n') + "=1",
        std::string(100'000, 'n') + "=1&" + std::string(100'000, 'n') + "=2"}) {
    const absl::Status s = Check(query);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_LT(s.message().size(), 300u) << s.message();
  }
  EXPECT_THAT(Check("limit=" + std::string(100, '9')).message(),
              HasSubstr("limit: '" + std::string(64, '9') + "...' is not an integer"));
}

TEST(GeoParams, RejectsMoreThanMaxPointsAsItReadsThem) {
  std::string ring;
  for (size_t i = 0; i < kMaxGeoPoints; ++i) ring += "1 2,";
  absl::StatusOr<std::vector<topology::LatLon>> points = ParseGeoPoints("polygon", ring, 0);
  ASSERT_TRUE(points.ok()) << points.status();
  EXPECT_EQ(points->size(), kMaxGeoPoints);
  EXPECT_EQ(ParseGeoPoints("polygon", ring + "3 4", 0).status().message(),
            "polygon: more than 10000 points");
  EXPECT_EQ(ParseGeoPoints("bbox", "1,2,3,4,5,6", 2).status().message(),
            "bbox: expected W,S,E,N (degrees)");
}

TEST(GeoParams, BadNumbersAreShortErrors) {
  EXPECT_EQ(ParseGeoPoints("polygon", "1 2,3 " + std::string(10'000, 'x'), 0).status().message(),
            "polygon: '" + std::string(64, 'x') + "...' is not a number");
  EXPECT_FALSE(ParseGeoPoints("polygon", "nan 1,2 3,4 5", 0).ok());
  EXPECT_FALSE(ParseGeoPoints("polygon", "inf 1,2 3,4 5", 0).ok());
  EXPECT_FALSE(ParseGeoNumber("lat", "nan", -90, 90).ok());
  EXPECT_FALSE(ParseGeoNumber("lat", "", -90, 90).ok());
  EXPECT_EQ(*ParseGeoNumber("lat", "-90", -90, 90), -90);
}

}  // namespace
}  // namespace gridline::server
