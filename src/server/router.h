// router.h: the route table and path matching. Routes are added once, before the server
// starts (RegisterAllRoutes, routes/routes.h); then the table is read-only and shared by all
// worker threads. A path is matched segment by segment against the patterns (literal segments
// and {name} parameters; a parameter takes one whole percent-decoded segment), so `/api/v1/
// meters/M%2F1/readings` reaches the meter `M/1`. Dispatching a request (auth, parameters,
// formats, errors, metrics) is dispatcher.h's.
#ifndef GRIDLINE_SERVER_ROUTER_H_
#define GRIDLINE_SERVER_ROUTER_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/route.h"

namespace gridline::server {

class Router {
 public:
  Router() = default;
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Adds `route`. A route that produces CSV gets the `format` query parameter. A malformed
  // pattern, a duplicate (method, pattern), a path parameter not in the pattern or a missing
  // handler is a programmer error (GL_CHECK).
  void Add(Route route);

  const std::vector<Route>& routes() const { return routes_; }

  struct Match {
    enum class Kind : uint8_t { kFound, kWrongMethod, kNotFound };
    Kind kind = Kind::kNotFound;
    int route = -1;                                           // kFound: index in routes()
    std::vector<std::pair<std::string, std::string>> params;  // kFound: path parameters
    std::vector<std::string> allowed;                         // kWrongMethod: for `Allow`
  };
  // Matches `method` (HEAD matches GET) and `path` (the request target up to '?', not decoded).
  Match Find(std::string_view method, std::string_view path) const;

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter's name
    bool param = false;
  };
  static std::vector<Segment> ParsePattern(const std::string& pattern);

  std::vector<Route> routes_;
  std::vector<std::vector<Segment>> segments_;  // per route
};

// Decodes %XX escapes (a '+' stays a '+': this is a path). False on a malformed escape.
bool PercentDecode(std::string_view in, std::string* out);

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_ROUTER_H_
