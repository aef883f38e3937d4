// api_request.h: a request as a handler sees it: its route's path parameters, its declared
// query parameters (already checked by the router for presence and type), the caller's role,
// the negotiated output format, the body, and the server's context (store, metrics, limits).
//
// The typed getters turn a bad value into InvalidParameter (400 with detail {"parameter": ..}),
// so a handler propagates them with GL_ASSIGN_OR_RETURN and never formats a parameter error.
// Asking for a parameter the route did not declare is a programmer error (GL_CHECK).
//
// deadline(): when the request must be answered by (`serve --request-timeout`, from the moment it
// arrived whole). A handler passes it to its long loops (common/deadline.h); a DeadlineExceeded it
// returns is answered 504 `deadline_exceeded`.
#ifndef GRIDLINE_SERVER_API_REQUEST_H_
#define GRIDLINE_SERVER_API_REQUEST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/deadline.h"
#include "common/time_zone.h"
#include "ingest/input_file.h"
#include "query/output_format.h"
#include "server/role.h"
#include "server/route.h"
#include "server/server_context.h"

namespace httplib {
struct Request;
}

namespace gridline::server {

// A time range [from, to) in UTC seconds.
struct TimeRange {
  int64_t from = 0;
  int64_t to = 0;
};

class ApiRequest {
 public:
  ApiRequest(const httplib::Request& http, const Route& route, ServerContext& context,
             std::vector<std::pair<std::string, std::string>> path_params, Role role,
             query::OutputFormat format, Deadline deadline = Deadline(),
             ingest::ByteStream* body_stream = nullptr);

  const httplib::Request& http() const { return http_; }
  const Route& route() const { return route_; }
  ServerContext& context() const { return context_; }
  storage::Store& store() const { return *context_.store; }
  Role role() const { return role_; }
  query::OutputFormat format() const { return format_; }
  bool csv() const { return format_ == query::OutputFormat::kCsv; }
  const Deadline& deadline() const { return deadline_; }
  const std::string& body() const;
  // The body of a streaming route (Route::streaming) as it arrives, read once; null when the
  // body is in body() (a route that does not stream, or a body that came whole with its
  // headers). Valid during the handler.
  ingest::ByteStream* body_stream() const { return body_stream_; }
  // A request header ("" when absent).
  std::string Header(const std::string& name) const;

  // A path parameter, percent-decoded.
  const std::string& PathParam(std::string_view name) const;

  // A query parameter as sent, nullopt when absent.
  std::optional<std::string> Query(std::string_view name) const;
  // Its value, or `fallback` when absent.
  std::string QueryOr(std::string_view name, std::string_view fallback) const;
  absl::StatusOr<int64_t> Int(std::string_view name, int64_t fallback) const;
  absl::StatusOr<bool> Bool(std::string_view name, bool fallback) const;
  // An ISO 8601 instant (UTC seconds); a naive time is read in `zone`. Absent: InvalidParameter.
  absl::StatusOr<int64_t> Instant(std::string_view name, std::string_view zone = "") const;
  // The zone of the `tz` parameter (UTC when absent); InvalidParameter for an unknown zone.
  absl::StatusOr<TimeZone> Zone(std::string_view name = "tz") const;
  // `from` and `to` (naive times read in `tz` when the route takes it), from < to.
  absl::StatusOr<TimeRange> Range() const;

 private:
  const ParamSpec& Declared(std::string_view name, ParamIn in) const;

  const httplib::Request& http_;
  const Route& route_;
  ServerContext& context_;
  std::vector<std::pair<std::string, std::string>> path_params_;
  Role role_;
  query::OutputFormat format_;
  Deadline deadline_;
  ingest::ByteStream* body_stream_;
};

// Checks a query parameter's text against its declared type (the router runs this on every
// declared parameter present). InvalidParameter when it does not fit.
absl::Status CheckParamType(const ParamSpec& spec, std::string_view value);

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_API_REQUEST_H_
