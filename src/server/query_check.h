// query_check.h: the check every request's query string passes before its handler runs: each
// parameter given once, declared by the route and of its declared type, every required one
// present; and the output format it asks for (`format=`, or `Accept: text/csv`). The dispatcher
// runs it; the query_params fuzzer (test/fuzz/) runs it on arbitrary query text.
#ifndef GRIDLINE_SERVER_QUERY_CHECK_H_
#define GRIDLINE_SERVER_QUERY_CHECK_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "query/output_format.h"
#include "server/route.h"

namespace httplib {
struct Request;
}

namespace gridline::server {

// Query parameters of one request. More is an error before any is looked at: no route takes
// more than a dozen, and a check per parameter costs the route's parameter count.
inline constexpr size_t kMaxQueryParams = 100;

// InvalidParameter (400, detail {"parameter": NAME}) for the first parameter that does not fit.
absl::StatusOr<query::OutputFormat> CheckQuery(const httplib::Request& request, const Route& route);

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_QUERY_CHECK_H_
