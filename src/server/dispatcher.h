// dispatcher.h: answering one HTTP request through the route table. In order: match the path
// (404 `not_found`, 405 `method_not_allowed` with `Allow`), authenticate the bearer token and
// check the route's roles (401 `unauthenticated` with `WWW-Authenticate: Bearer`, 403
// `permission_denied`), check the query parameters against the route's declaration (400 for an
// unknown, missing or ill-typed one), negotiate the format (`?format=csv|json`, else
// `Accept: text/csv`, else JSON), run the handler, and answer its Status as a JSON error when it
// failed. Every request is counted in the metrics under its route pattern and status.
//
// The deadline: a request still waiting when its deadline passed is answered 504
// `deadline_exceeded` without running its handler (nothing is done); the handler gets it as
// ApiRequest::deadline(), and a DeadlineExceeded it returns is answered 504 with a message that
// names the limit (`serve --request-timeout`).
//
// Thread-safety: Handle is called concurrently from the server's worker threads.
#ifndef GRIDLINE_SERVER_DISPATCHER_H_
#define GRIDLINE_SERVER_DISPATCHER_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "common/deadline.h"
#include "ingest/input_file.h"
#include "server/role.h"
#include "server/router.h"
#include "server/server_context.h"
#include "server/token_store.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace gridline::server {

class Dispatcher {
 public:
  // `tokens` may be null when context->auth is false.
  Dispatcher(ServerContext* context, TokenStore* tokens) : context_(context), tokens_(tokens) {}

  // `body`: the body of a streaming route as it arrives (null: request.body holds it whole).
  void Handle(const httplib::Request& request, httplib::Response& response,
              const Deadline& deadline = Deadline(), ingest::ByteStream* body = nullptr);

 private:
  // The caller's role, or the Status to answer (401/403).
  absl::StatusOr<Role> Authenticate(const httplib::Request& request, const Route& route,
                                    httplib::Response& response);

  ServerContext* context_;
  TokenStore* tokens_;
};

// Writes the JSON error for `status` into `response` (its HTTP status included).
void SetError(const absl::Status& status, httplib::Response& response);

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_DISPATCHER_H_
