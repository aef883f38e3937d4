// query_params_fuzzer: query strings, the text after `?` of a request target, through the code
// the server runs on them: cpp-httplib's parsing into parameters, the dispatcher's check against
// a route's declaration (server/query_check.h), then the handlers' typed getters (time range,
// zone, integers, booleans), the page and cursor (server/pagination.h) and the geo parameters
// (server/geo_params.h). Three routes declare between them every parameter type and shape.
// No network and no store: none of this reaches one.
#include <cstdlib>
#include <string>
#include <vector>

#include "common/time.h"
#include "httplib.h"
#include "server/api_error.h"
#include "server/api_request.h"
#include "server/geo_params.h"
#include "server/pagination.h"
#include "server/query_check.h"
#include "test/fuzz/fuzz_targets.h"

namespace gridline::fuzz {

namespace {

using server::ParamType;
using server::QueryParam;

std::vector<server::Route> MakeRoutes() {
  std::vector<server::Route> routes(3);
  routes[0].method = "GET";
  routes[0].pattern = "/api/v1/meters/{id}/readings";
  routes[0].produces = {server::kJson, server::kCsv};
  routes[0].params = {
      server::PathParam("id", "meter"),
      QueryParam("from", ParamType::kInstant, "start", true),
      QueryParam("to", ParamType::kInstant, "end", true),
      QueryParam("tz", ParamType::kString, "zone"),
      QueryParam("channel", ParamType::kString, "channel"),
      server::EnumParam("layer", {"raw", "validated"}, "layer", "validated"),
      // As Router::Add declares it for every route that produces CSV.
      server::EnumParam("format", {"json", "csv"}, "answer as JSON or CSV", "json"),
  };
  routes[1].method = "GET";
  routes[1].pattern = "/api/v1/assets";
  routes[1].params = server::PageParams();
  routes[1].params.push_back(QueryParam("q", ParamType::kString, "id substring"));
  routes[1].params.push_back(QueryParam("all", ParamType::kBoolean, "every asset"));
  routes[2].method = "GET";
  routes[2].pattern = "/api/v1/geo/assets";
  for (const char* name : {"bbox", "polygon", "lat", "lon", "radius_m", "kind"}) {
    routes[2].params.push_back(QueryParam(name, ParamType::kString, name));
  }
  routes[2].params.push_back(QueryParam("nearest", ParamType::kInteger, "n"));
  routes[2].params.push_back(QueryParam("limit", ParamType::kInteger, "n"));
  routes[2].params.push_back(QueryParam("routes", ParamType::kBoolean, "routes"));
  return routes;
}

// An error of a parameter: a 400 that names it, in a message of bounded size.
void CheckError(const absl::Status& s) {
  if (s.code() != absl::StatusCode::kInvalidArgument || s.message().empty() ||
      s.message().size() > 1024 || !server::DetailJson(s).has_value()) {
    std::abort();
  }
}

template <typename T>
bool Ok(const absl::StatusOr<T>& v) {
  if (!v.ok()) CheckError(v.status());
  return v.ok();
}

bool CheckReadings(const server::ApiRequest& api) {
  absl::StatusOr<server::TimeRange> range = api.Range();
  if (!Ok(range)) return false;
  if (range->from >= range->to) std::abort();
  // A time the server accepted prints as a UTC time that reads back as the same instant.
  for (int64_t t : {range->from, range->to}) {
    absl::StatusOr<int64_t> back = ParseInstant(FormatIsoUtc(t), "");
    if (!back.ok() || *back != t) std::abort();
  }
  return Ok(api.Zone());
}

bool CheckList(const server::ApiRequest& api) {
  absl::StatusOr<server::PageRequest> page = server::Page(api);
  if (!Ok(page)) return false;
  if (page->limit < 1 || page->limit > api.context().limits.max_page) std::abort();
  // A cursor the server hands out decodes to the key it was made from.
  absl::StatusOr<std::string> back = server::DecodeCursor(server::EncodeCursor(page->after));
  if (!back.ok() || *back != page->after) std::abort();
  return Ok(api.Bool("all", false));
}

bool CheckGeo(const server::ApiRequest& api) {
  bool ok =
      Ok(api.Int("nearest", 10)) && Ok(api.Int("limit", 100)) && Ok(api.Bool("routes", false));
  if (std::optional<std::string> bbox = api.Query("bbox")) {
    absl::StatusOr<std::vector<topology::LatLon>> box = server::ParseGeoPoints("bbox", *bbox, 2);
    if (Ok(box) && box->size() != 2) std::abort();
    ok &= box.ok();
  }
  if (std::optional<std::string> polygon = api.Query("polygon")) {
    absl::StatusOr<std::vector<topology::LatLon>> ring =
        server::ParseGeoPoints("polygon", *polygon, 0);
    if (Ok(ring) && (ring->empty() || ring->size() > server::kMaxGeoPoints)) std::abort();
    ok &= ring.ok();
  }
  struct Range {
    const char* name;
    double lo, hi;
  };
  for (const Range& r :
       {Range{"lat", -90, 90}, Range{"lon", -180, 180}, Range{"radius_m", 0, 20'037'000}}) {
    if (std::optional<std::string> v = api.Query(r.name)) {
      absl::StatusOr<double> d = server::ParseGeoNumber(r.name, *v, r.lo, r.hi);
      if (Ok(d) && !(*d >= r.lo && *d <= r.hi)) std::abort();
      ok &= d.ok();
    }
  }
  return ok;
}

}  // namespace

bool FuzzQueryParams(const uint8_t* data, size_t size) {
  static const std::vector<server::Route>* const routes = new auto(MakeRoutes());
  const std::string text(reinterpret_cast<const char*>(data), size);
  httplib::Request request;
  httplib::detail::parse_query_text(text, request.params);
  server::ServerContext context;  // no store: nothing here reaches one
  bool accepted = false;
  for (size_t i = 0; i < routes->size(); ++i) {
    const server::Route& route = (*routes)[i];
    absl::StatusOr<query::OutputFormat> format = server::CheckQuery(request, route);
    if (!Ok(format)) continue;
    const server::ApiRequest api(request, route, context, {{"id", "M1"}}, server::Role::kAdmin,
                                 *format);
    accepted |= i == 0 ? CheckReadings(api) : i == 1 ? CheckList(api) : CheckGeo(api);
  }
  return accepted;
}

}  // namespace gridline::fuzz

#if defined(GL_FUZZER_query_params)
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gridline::fuzz::FuzzQueryParams(data, size);
  return 0;
}
#endif
