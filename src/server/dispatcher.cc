// dispatcher.cc: one request through the route table (dispatcher.h).
#include "server/dispatcher.h"

#include <chrono>
#include <cstdio>
#include <memory>

#include "common/base64url.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "httplib.h"
#include "server/api_error.h"
#include "server/api_request.h"
#include "server/idempotency.h"
#include "server/metrics.h"
#include "server/query_check.h"
#include "server/reply.h"
#include "server/token_file.h"

namespace gridline::server {

namespace {

using Clock = std::chrono::steady_clock;

constexpr char kFormEncoded[] =
    "the body is sent as application/x-www-form-urlencoded (curl -d does that): send it with its "
    "own type, e.g. curl -H 'Content-Type: text/csv' --data-binary @file.csv";

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string_view PathOf(const httplib::Request& request) {
  std::string_view target = request.target;
  const size_t q = target.find('?');
  return q == std::string_view::npos ? target : target.substr(0, q);
}

// The token of `Authorization: Bearer <token>` (the scheme is case-insensitive), "" when none.
std::string_view BearerToken(const std::string& header) {
  std::string_view h = StripSpaces(header);
  constexpr std::string_view kScheme = "bearer ";
  if (h.size() <= kScheme.size() || !EqualsIgnoreCase(h.substr(0, kScheme.size()), kScheme)) {
    return {};
  }
  return StripSpaces(h.substr(kScheme.size()));
}

// The password of `Authorization: Basic base64(user:password)`, "" when none.
std::string BasicPassword(const std::string& header) {
  std::string_view h = StripSpaces(header);
  constexpr std::string_view kScheme = "basic ";
  if (h.size() <= kScheme.size() || !EqualsIgnoreCase(h.substr(0, kScheme.size()), kScheme)) {
    return {};
  }
  std::optional<std::string> decoded = Base64Decode(StripSpaces(h.substr(kScheme.size())));
  if (!decoded) return {};
  const size_t colon = decoded->find(':');
  return colon == std::string::npos ? std::string() : decoded->substr(colon + 1);
}

// The token a request carries: a bearer token, or for routes of foreign clients also the
// password of Basic auth or the `p` query parameter (as InfluxDB 1.x clients send it).
std::string RequestToken(const httplib::Request& request, const Route& route) {
  const std::string authorization = request.get_header_value("Authorization");
  std::string token(BearerToken(authorization));
  if (!token.empty() || !route.foreign_clients) return token;
  token = BasicPassword(authorization);
  if (token.empty() && request.has_param("p")) token = request.get_param_value("p");
  return token;
}

std::string RoleList(const Access& access) {
  std::string out;
  for (Role r : access.roles()) out += fmt::format("{}{}", out.empty() ? "" : ", ", RoleName(r));
  return out;
}

// The error of a request stopped at its deadline: which limit, then where it stopped.
absl::Status DeadlineError(std::string_view where) {
  return absl::DeadlineExceededError(
      fmt::format("the request ran out of time (serve --request-timeout): {}", where));
}

}  // namespace

void SetError(const absl::Status& status, httplib::Response& response) {
  response.status = HttpStatusFor(status);
  if (const std::optional<int> s = RetryAfterSeconds(status)) {
    response.set_header("Retry-After", std::to_string(*s));
  }
  response.set_content(ErrorBody(status), "application/json");
}

absl::StatusOr<Role> Dispatcher::Authenticate(const httplib::Request& request, const Route& route,
                                              httplib::Response& response) {
  if (!context_->auth) return Role::kAdmin;
  const std::string token = RequestToken(request, route);
  if (route.access.anyone()) {
    // Open routes ignore a token that does not work: a health probe must not fail on one.
    std::optional<Role> role = token.empty() ? std::nullopt : tokens_->Lookup(token);
    return role.value_or(Role::kPublic);
  }
  if (token.empty()) {
    response.set_header("WWW-Authenticate", "Bearer realm=\"gridline\"");
    return absl::UnauthenticatedError(fmt::format(
        "{} {} needs a bearer token (Authorization: Bearer <token>; make one with `gridline token "
        "create --role ROLE`)",
        route.method, route.pattern));
  }
  const std::optional<Role> role = tokens_->Lookup(token);
  if (!role) {
    response.set_header("WWW-Authenticate", "Bearer realm=\"gridline\", error=\"invalid_token\"");
    return absl::UnauthenticatedError("the bearer token is not valid here");
  }
  if (!route.access.Allows(*role)) {
    return absl::PermissionDeniedError(fmt::format("role '{}' may not call {} {} (allowed: {})",
                                                   RoleName(*role), route.method, route.pattern,
                                                   RoleList(route.access)));
  }
  return *role;
}

void Dispatcher::Handle(const httplib::Request& request, httplib::Response& response,
                        const Deadline& deadline, ingest::ByteStream* body) {
  const Clock::time_point start = Clock::now();
  Metrics* metrics = context_->metrics;
  metrics->RequestStarted();
  int route_index = -1;
  auto finish = [&] {
    metrics->ObserveRequest(route_index, response.status, SecondsSince(start));
    metrics->RequestFinished();
  };

  const Router::Match match = context_->router->Find(request.method, PathOf(request));
  if (match.kind == Router::Match::Kind::kNotFound) {
    response.status = 404;
    response.set_content(
        ErrorBody("not_found", fmt::format("no route for {} (the routes: /api/v1/openapi.json)",
                                           PathOf(request))),
        "application/json");
    return finish();
  }
  if (match.kind == Router::Match::Kind::kWrongMethod) {
    std::string allow;
    for (const std::string& m : match.allowed) allow += (allow.empty() ? "" : ", ") + m;
    response.status = 405;
    response.set_header("Allow", allow);
    response.set_content(
        ErrorBody("method_not_allowed", fmt::format("{} does not take {} (allowed: {})",
                                                    PathOf(request), request.method, allow)),
        "application/json");
    return finish();
  }
  route_index = match.route;
  const Route& route = context_->router->routes()[static_cast<size_t>(match.route)];
  absl::StatusOr<Role> role = Authenticate(request, route, response);
  if (!role.ok()) {
    SetError(role.status(), response);
    return finish();
  }
  // cpp-httplib reads a form-encoded body as query parameters: say what to send instead.
  if (!route.foreign_clients &&
      request.get_header_value("Content-Type").find("application/x-www-form-urlencoded") !=
          std::string::npos) {
    SetError(absl::InvalidArgumentError(kFormEncoded), response);
    return finish();
  }
  absl::StatusOr<query::OutputFormat> format = CheckQuery(request, route);
  if (!format.ok()) {
    SetError(format.status(), response);
    return finish();
  }
  // A request that waited for a worker past its deadline is not started: nothing is done.
  if (deadline.Expired()) {
    SetError(DeadlineError(fmt::format("it waited for a worker past its deadline of {:g} s and was "
                                       "not started (nothing was done)",
                                       static_cast<double>(deadline.budget().count()) / 1e3)),
             response);
    return finish();
  }
  // A retried write with an Idempotency-Key gets its first answer (idempotency.h).
  std::string idempotency_key, caller;
  if (context_->idempotency != nullptr && request.method != "GET" &&
      request.has_header("Idempotency-Key")) {
    idempotency_key = request.get_header_value("Idempotency-Key");
    if (const std::string problem = IdempotencyStore::KeyProblem(idempotency_key);
        !problem.empty()) {
      SetError(absl::InvalidArgumentError(problem), response);
      return finish();
    }
    if (context_->auth) caller = Sha256Hex(RequestToken(request, route));
    if (std::optional<KeptAnswer> kept =
            context_->idempotency->BeginOrReplay(caller, idempotency_key)) {
      response.status = kept->status;
      response.set_content(std::move(kept->body), kept->content_type);
      response.set_header("Idempotent-Replayed", "true");
      return finish();
    }
  }
  ApiRequest api(request, route, *context_, match.params, *role, *format, deadline,
                 route.streaming ? body : nullptr);
  Reply reply(&response);
  response.status = 200;
  reply.set_on_stream_end([metrics, route_index, start, &response = response](bool) {
    metrics->ObserveRequest(route_index, response.status, SecondsSince(start));
    metrics->RequestFinished();
  });
  absl::Status status = route.handler(api, reply);
  if (status.code() == absl::StatusCode::kDeadlineExceeded && deadline.Expired()) {
    status = DeadlineError(StdView(status.message()));
  }
  if (!status.ok()) {
    // A handler that failed after starting a stream answers the error instead.
    response.content_provider_ = nullptr;
    response.content_provider_resource_releaser_ = nullptr;
    response.is_chunked_content_provider_ = false;
    SetError(status, response);
  }
  if (!idempotency_key.empty()) {
    // Kept unless the request may not have been applied (5xx) or its answer is a stream.
    if (response.status >= 500 || (status.ok() && reply.streaming())) {
      context_->idempotency->Release(caller, idempotency_key);
    } else {
      absl::Status kept = context_->idempotency->Finish(
          caller, idempotency_key,
          KeptAnswer{response.status, response.get_header_value("Content-Type"), response.body});
      if (!kept.ok()) {
        std::fprintf(stderr, "gridline serve: Idempotency-Key not kept on disk: %.*s\n",
                     static_cast<int>(kept.message().size()), kept.message().data());
      }
    }
  }
  if (!status.ok() || !reply.streaming()) finish();
}

}  // namespace gridline::server
