// api_request.cc: parameter access and checking for handlers (api_request.h).
#include "server/api_request.h"

#include <charconv>
#include <cstdio>

#include "common/status_macros.h"
#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"
#include "httplib.h"
#include "ingest/csv/csv_text.h"
#include "server/api_error.h"

namespace gridline::server {

namespace {

std::optional<int64_t> ParseInt(std::string_view s) {
  int64_t v = 0;
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, v);
  if (ec != std::errc() || p != end || s.empty()) return std::nullopt;
  return v;
}

std::optional<bool> ParseBool(std::string_view s) {
  if (s == "true" || s == "1") return true;
  if (s == "false" || s == "0") return false;
  return std::nullopt;
}

// An unencoded '+' of an offset (`?from=2026-07-01T00:00:00+02:00` typed into curl) arrives
// as a space; a space after the time can only be that, so it is read as '+'.
std::string RestoreOffsetPlus(std::string_view text) {
  std::string out(text);
  const size_t space = out.rfind(' ');
  if (space != std::string::npos && space > 13) out[space] = '+';
  return out;
}

}  // namespace

absl::Status CheckParamType(const ParamSpec& spec, std::string_view value) {
  switch (spec.type) {
    case ParamType::kString:
      return absl::OkStatus();
    case ParamType::kInteger:
      if (!ParseInt(value)) {
        return InvalidParameter(spec.name,
                                fmt::format("{} is not an integer", ingest::Shown(value)));
      }
      return absl::OkStatus();
    case ParamType::kBoolean:
      if (!ParseBool(value)) {
        return InvalidParameter(spec.name,
                                fmt::format("{} is not true or false", ingest::Shown(value)));
      }
      return absl::OkStatus();
    case ParamType::kInstant: {
      // The syntax only: a naive time's zone is the handler's to apply.
      ParsedTime t;
      if (const char* reason = ParseTimestamp(RestoreOffsetPlus(value), &t)) {
        return InvalidParameter(spec.name, fmt::format("{}: {}", ingest::Shown(value), reason));
      }
      return absl::OkStatus();
    }
    case ParamType::kEnum:
      for (const std::string& v : spec.values) {
        if (v == value) return absl::OkStatus();
      }
      {
        std::string list;
        for (const std::string& v : spec.values) list += (list.empty() ? "" : ", ") + v;
        return InvalidParameter(spec.name,
                                fmt::format("{} is not one of {}", ingest::Shown(value), list));
      }
  }
  return absl::OkStatus();
}

ApiRequest::ApiRequest(const httplib::Request& http, const Route& route, ServerContext& context,
                       std::vector<std::pair<std::string, std::string>> path_params, Role role,
                       query::OutputFormat format, Deadline deadline,
                       ingest::ByteStream* body_stream)
    : http_(http),
      route_(route),
      context_(context),
      path_params_(std::move(path_params)),
      role_(role),
      format_(format),
      deadline_(deadline),
      body_stream_(body_stream) {}

const std::string& ApiRequest::body() const { return http_.body; }

std::string ApiRequest::Header(const std::string& name) const {
  return http_.get_header_value(name);
}

const ParamSpec& ApiRequest::Declared(std::string_view name, ParamIn in) const {
  for (const ParamSpec& p : route_.params) {
    if (p.name == name && p.in == in) return p;
  }
  std::fprintf(stderr, "route %s %s reads undeclared parameter '%.*s'\n", route_.method.c_str(),
               route_.pattern.c_str(), static_cast<int>(name.size()), name.data());
  GL_CHECK(false);
  return route_.params.front();
}

const std::string& ApiRequest::PathParam(std::string_view name) const {
  for (const auto& [k, v] : path_params_) {
    if (k == name) return v;
  }
  return Declared(name, ParamIn::kPath).name;  // aborts: not a path parameter of the route
}

std::optional<std::string> ApiRequest::Query(std::string_view name) const {
  Declared(name, ParamIn::kQuery);
  const std::string key(name);
  if (!http_.has_param(key)) return std::nullopt;
  return http_.get_param_value(key);
}

std::string ApiRequest::QueryOr(std::string_view name, std::string_view fallback) const {
  std::optional<std::string> v = Query(name);
  return v ? *v : std::string(fallback);
}

absl::StatusOr<int64_t> ApiRequest::Int(std::string_view name, int64_t fallback) const {
  std::optional<std::string> v = Query(name);
  if (!v) return fallback;
  std::optional<int64_t> n = ParseInt(*v);
  if (!n) return InvalidParameter(name, fmt::format("{} is not an integer", ingest::Shown(*v)));
  return *n;
}

absl::StatusOr<bool> ApiRequest::Bool(std::string_view name, bool fallback) const {
  std::optional<std::string> v = Query(name);
  if (!v) return fallback;
  std::optional<bool> b = ParseBool(*v);
  if (!b) return InvalidParameter(name, fmt::format("{} is not true or false", ingest::Shown(*v)));
  return *b;
}

absl::StatusOr<int64_t> ApiRequest::Instant(std::string_view name, std::string_view zone) const {
  std::optional<std::string> v = Query(name);
  if (!v) return InvalidParameter(name, "required (an ISO 8601 time)");
  absl::StatusOr<int64_t> t = ParseInstant(RestoreOffsetPlus(*v), zone);
  if (!t.ok()) return InvalidParameter(name, StdView(t.status().message()));
  return *t;
}

absl::StatusOr<TimeZone> ApiRequest::Zone(std::string_view name) const {
  std::optional<std::string> v = Query(name);
  if (!v) return TimeZone();
  absl::StatusOr<TimeZone> zone = TimeZone::Load(*v);
  if (!zone.ok()) return InvalidParameter(name, StdView(zone.status().message()));
  return *std::move(zone);
}

absl::StatusOr<TimeRange> ApiRequest::Range() const {
  std::string zone;
  for (const ParamSpec& p : route_.params) {
    if (p.name == "tz" && p.in == ParamIn::kQuery) zone = QueryOr("tz", "");
  }
  if (!zone.empty()) GL_RETURN_IF_ERROR(Zone("tz").status());
  TimeRange r;
  GL_ASSIGN_OR_RETURN(r.from, Instant("from", zone));
  GL_ASSIGN_OR_RETURN(r.to, Instant("to", zone));
  if (r.from >= r.to) {
    return InvalidParameter("to", fmt::format("must be after from ({} >= {})", FormatIsoUtc(r.from),
                                              FormatIsoUtc(r.to)));
  }
  return r;
}

}  // namespace gridline::server
