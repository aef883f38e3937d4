// Tests of the metrics registry and its Prometheus text: counts and cumulative histogram
// buckets per route pattern and status, unmatched requests, ingest counts, the roll-up lag
// callback.
#include "server/metrics.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test/test_util.h"

namespace gridline::server {
namespace {

using ::testing::HasSubstr;

TEST(Metrics, RendersRequestsHistogramsAndGauges) {
  testing::TempDir dir;
  Metrics m(dir.path());
  m.SetRoutes({{"GET", "/healthz"}, {"GET", "/api/v1/meters/{id}/readings"}});
  m.ObserveRequest(0, 200, 0.0002);
  m.ObserveRequest(0, 200, 0.003);
  m.ObserveRequest(1, 404, 20);
  m.ObserveRequest(-1, 404, 0);
  m.ObserveRequest(7, 299, 0);  // out of range: unmatched, code "other"
  m.AddIngest({.accepted = 5, .duplicates = 1, .versions = 2, .rejected = 3, .rounded = 0});
  m.SetRollupLagSource([] { return 12.5; });
  const std::string text = m.Render();
  EXPECT_THAT(text, HasSubstr("gridline_http_requests_total{method=\"GET\",route=\"/healthz\","
                              "code=\"200\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("gridline_http_request_duration_seconds_bucket{method=\"GET\","
                              "route=\"/healthz\",code=\"200\",le=\"0.0005\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("gridline_http_request_duration_seconds_bucket{method=\"GET\","
                              "route=\"/healthz\",code=\"200\",le=\"0.005\"} 2\n"));
  EXPECT_THAT(text,
              HasSubstr("route=\"/api/v1/meters/{id}/readings\",code=\"404\",le=\"10\"} 0\n"));
  EXPECT_THAT(text,
              HasSubstr("route=\"/api/v1/meters/{id}/readings\",code=\"404\",le=\"+Inf\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("route=\"unmatched\",code=\"404\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("route=\"unmatched\",code=\"other\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("gridline_ingest_readings_total{result=\"version\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("gridline_rollup_lag_seconds 12.5\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE gridline_http_request_duration_seconds histogram\n"));
  EXPECT_EQ(m.RequestCount(0), 2u);
  EXPECT_EQ(m.RequestCount(-1), 2u);
}

}  // namespace
}  // namespace gridline::server
