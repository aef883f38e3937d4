// query_check.cc: CheckQuery (query_check.h).
#include "server/query_check.h"

#include <string>
#include <string_view>

#include "fmt/format.h"
#include "httplib.h"
#include "ingest/csv/csv_text.h"
#include "server/api_error.h"
#include "server/api_request.h"

namespace gridline::server {

namespace {

// A parameter name the route does not know, as the error names it: at most 64 bytes of it, so
// that a hostile name cannot make a message (and its detail) as long as the request.
std::string ClippedName(std::string_view name) {
  constexpr size_t kShownBytes = 64;
  if (name.size() <= kShownBytes) return std::string(name);
  return std::string(name.substr(0, kShownBytes)) + "...";
}

}  // namespace

absl::StatusOr<query::OutputFormat> CheckQuery(const httplib::Request& request,
                                               const Route& route) {
  if (request.params.size() > kMaxQueryParams) {
    return InvalidParameter(
        ClippedName(request.params.begin()->first),
        fmt::format("{} query parameters, more than {}", request.params.size(), kMaxQueryParams));
  }
  bool csv_ok = false;
  for (const std::string& t : route.produces) csv_ok |= t == kCsv;
  for (auto it = request.params.begin(); it != request.params.end();
       it = request.params.upper_bound(it->first)) {
    const std::string& name = it->first;
    if (request.params.count(name) > 1) {
      return InvalidParameter(ClippedName(name), "given more than once");
    }
    const ParamSpec* spec = nullptr;
    for (const ParamSpec& p : route.params) {
      if (p.in == ParamIn::kQuery && p.name == name) spec = &p;
    }
    if (spec == nullptr) {
      // `format=json` is always understood: JSON is every route's default.
      if (name == "format" && it->second == "json") continue;
      std::string known;
      for (const ParamSpec& p : route.params) {
        if (p.in == ParamIn::kQuery)
          known += fmt::format("{}{}", known.empty() ? "" : ", ", p.name);
      }
      if (name == "format") {
        return InvalidParameter(name, fmt::format("this route answers JSON only ({} asked)",
                                                  ingest::Shown(it->second)));
      }
      return InvalidParameter(
          ClippedName(name),
          fmt::format("unknown parameter of {} {}; it takes: {}", route.method, route.pattern,
                      known.empty() ? std::string("none") : known));
    }
    if (absl::Status s = CheckParamType(*spec, it->second); !s.ok()) return s;
  }
  for (const ParamSpec& p : route.params) {
    if (p.in == ParamIn::kQuery && p.required && !request.has_param(p.name)) {
      return InvalidParameter(p.name, "required");
    }
  }
  if (request.has_param("format")) {
    return request.get_param_value("format") == "csv" ? query::OutputFormat::kCsv
                                                      : query::OutputFormat::kJson;
  }
  if (csv_ok && request.get_header_value("Accept").find("text/csv") != std::string::npos) {
    return query::OutputFormat::kCsv;
  }
  return query::OutputFormat::kJson;
}

}  // namespace gridline::server
