// route.h: one route of the HTTP API, as a routes/<resource>.cc file declares it. The route
// table is the single truth: the router matches on it, checks roles and parameters with it, and
// the OpenAPI document (openapi.h) is generated from it. src/server/README.md shows how to add
// one.
#ifndef GRIDLINE_SERVER_ROUTE_H_
#define GRIDLINE_SERVER_ROUTE_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "server/role.h"

namespace gridline::server {

class ApiRequest;
class Reply;

// Answers one request: fills `reply`, or fails with a Status that the router turns into the
// JSON error of its code (api_error.h). Runs on a server worker thread; may block (store reads,
// durable writes). Must not throw.
using Handler = std::function<absl::Status(const ApiRequest& request, Reply& reply)>;

enum class ParamIn : uint8_t { kPath, kQuery };

// How the router checks a parameter before the handler runs (and how OpenAPI types it).
enum class ParamType : uint8_t {
  kString,
  kInteger,  // a decimal int64
  kBoolean,  // true/false (also 1/0)
  kInstant,  // ISO 8601; a naive time is read in the route's `tz` parameter, else UTC
  kEnum,     // one of ParamSpec::values
};

struct ParamSpec {
  std::string name;
  ParamIn in = ParamIn::kQuery;
  ParamType type = ParamType::kString;
  bool required = false;
  std::string description;
  std::vector<std::string> values;  // kEnum: the accepted values
  std::string default_value;        // documented default, "" when none
};

// Shorthands for the table: PathParam("id", "meter id"),
// QueryParam("from", ParamType::kInstant, "start, inclusive", /*required=*/true),
// EnumParam("layer", {"raw", "validated"}, "which layer", "validated").
ParamSpec PathParam(std::string name, std::string description);
ParamSpec QueryParam(std::string name, ParamType type, std::string description,
                     bool required = false, std::string default_value = "");
ParamSpec EnumParam(std::string name, std::vector<std::string> values, std::string description,
                    std::string default_value = "");
// `p`, required.
ParamSpec Required(ParamSpec p);

// Content types routes produce and consume.
inline constexpr char kJson[] = "application/json";
inline constexpr char kCsv[] = "text/csv";
inline constexpr char kText[] = "text/plain";

struct Route {
  std::string method;   // GET, POST, PUT, PATCH, DELETE
  std::string pattern;  // "/api/v1/meters/{id}/readings": literal segments and {name} params
  Access access = kAdminOnly;
  std::string summary;            // one line, for OpenAPI and the docs
  std::vector<ParamSpec> params;  // every path parameter and every query parameter taken
  std::vector<std::string> produces = {kJson};  // answers; with kCsv the route takes `format`
  std::vector<std::string> consumes;            // request body types (POST/PUT), empty: no body
  Handler handler;
  std::string tag;  // OpenAPI group, e.g. "readings"; defaults to the pattern's first word
  // A route that another system's clients call as they call that system (InfluxDB's /write,
  // /ping, /query): its body is read whatever its Content-Type (curl -d sends form encoding),
  // and the token may also come as the password of Basic auth or the `p` query parameter.
  bool foreign_clients = false;
  // The body is read as it arrives (ApiRequest::body_stream(), server/transport/http_front.h):
  // bounded by `serve --max-upload` instead of --max-body, never held whole in memory; the
  // checks before the handler (route, token and role, parameters, Idempotency-Key) run before
  // any of it is read.
  bool streaming = false;
};

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_ROUTE_H_
