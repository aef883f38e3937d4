// router.cc: the route table and segment matching (router.h).
#include "server/router.h"

#include <cstdio>

#include "common/status_macros.h"
#include "server/api_error.h"

namespace gridline::server {

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void Fatal(const Route& route, const char* what) {
  std::fprintf(stderr, "route %s %s: %s\n", route.method.c_str(), route.pattern.c_str(), what);
  GL_CHECK(false);
}

}  // namespace

bool PercentDecode(std::string_view in, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out->push_back(in[i]);
      continue;
    }
    const int hi = i + 1 < in.size() ? HexDigit(in[i + 1]) : -1;
    const int lo = i + 2 < in.size() ? HexDigit(in[i + 2]) : -1;
    if (hi < 0 || lo < 0) return false;
    out->push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

std::vector<Router::Segment> Router::ParsePattern(const std::string& pattern) {
  std::vector<Segment> out;
  size_t i = 1;
  while (i <= pattern.size()) {
    size_t j = pattern.find('/', i);
    if (j == std::string::npos) j = pattern.size();
    const std::string s = pattern.substr(i, j - i);
    if (s.size() > 2 && s.front() == '{' && s.back() == '}') {
      out.push_back({s.substr(1, s.size() - 2), true});
    } else {
      out.push_back({s, false});
    }
    i = j + 1;
  }
  return out;
}

void Router::Add(Route route) {
  if (route.pattern.empty() || route.pattern[0] != '/') Fatal(route, "pattern must start with /");
  if (!route.handler) Fatal(route, "no handler");
  if (route.method != "GET" && route.method != "POST" && route.method != "PUT" &&
      route.method != "PATCH" && route.method != "DELETE") {
    Fatal(route, "method must be GET, POST, PUT, PATCH or DELETE");
  }
  std::vector<Segment> segments = ParsePattern(route.pattern);
  for (const Segment& s : segments) {
    if (s.text.empty()) Fatal(route, "empty segment");
    if (s.text.find_first_of("{}") != std::string::npos && !s.param) {
      Fatal(route, "a parameter must be a whole segment: {name}");
    }
    if (!s.param) continue;
    bool declared = false;
    for (const ParamSpec& p : route.params) declared |= p.in == ParamIn::kPath && p.name == s.text;
    if (!declared) Fatal(route, "a path parameter is not declared in params (PathParam)");
  }
  for (const ParamSpec& p : route.params) {
    if (p.in != ParamIn::kPath) continue;
    bool in_pattern = false;
    for (const Segment& s : segments) in_pattern |= s.param && s.text == p.name;
    if (!in_pattern) Fatal(route, "a PathParam is not in the pattern");
  }
  for (const Route& r : routes_) {
    if (r.method == route.method && r.pattern == route.pattern) Fatal(route, "added twice");
  }
  bool csv = false;
  for (const std::string& t : route.produces) csv |= t == kCsv;
  bool has_format = false;
  for (const ParamSpec& p : route.params) has_format |= p.name == "format";
  if (csv && !has_format) {
    route.params.push_back(EnumParam("format", {"json", "csv"},
                                     "answer as JSON or CSV (also: Accept: text/csv)", "json"));
  }
  if (route.tag.empty()) {
    // "/api/v1/meters/{id}/readings" -> "meters"; "/healthz" -> "healthz"
    for (const Segment& s : segments) {
      if (s.param || s.text == "api" ||
          (s.text.size() >= 2 && s.text[0] == 'v' &&
           s.text.find_first_not_of("0123456789", 1) == std::string::npos)) {
        continue;
      }
      route.tag = s.text;
      break;
    }
  }
  routes_.push_back(std::move(route));
  segments_.push_back(std::move(segments));
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match m;
  if (method == "HEAD") method = "GET";
  // Cut the path into raw segments once.
  std::vector<std::string_view> parts;
  if (path.empty() || path[0] != '/') return m;
  size_t i = 1;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    parts.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  // Every route whose segments fit; the most literal ones win (`/meters/search` before
  // `/meters/{id}`), then the method decides between found and 405.
  int best_literals = -1;
  int found = -1;
  for (size_t r = 0; r < routes_.size(); ++r) {
    const std::vector<Segment>& segs = segments_[r];
    if (segs.size() != parts.size()) continue;
    bool ok = true;
    int literals = 0;
    for (size_t k = 0; k < segs.size() && ok; ++k) {
      ok = segs[k].param ? !parts[k].empty() : segs[k].text == parts[k];
      literals += !segs[k].param;
    }
    if (!ok || literals < best_literals) continue;
    if (literals > best_literals) {
      best_literals = literals;
      found = -1;
      m.allowed.clear();
    }
    if (routes_[r].method == method) {
      if (found < 0) found = static_cast<int>(r);
    } else {
      m.allowed.push_back(routes_[r].method);
    }
  }
  if (found < 0) {
    if (!m.allowed.empty()) m.kind = Match::Kind::kWrongMethod;
    return m;
  }
  m.allowed.clear();
  const std::vector<Segment>& segs = segments_[static_cast<size_t>(found)];
  std::string decoded;
  for (size_t k = 0; k < segs.size(); ++k) {
    if (!segs[k].param) continue;
    // An undecodable segment names nothing we hold.
    if (!PercentDecode(parts[k], &decoded)) return Match();
    m.params.emplace_back(segs[k].text, decoded);
  }
  m.kind = Match::Kind::kFound;
  m.route = found;
  return m;
}

}  // namespace gridline::server
