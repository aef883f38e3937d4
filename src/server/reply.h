// reply.h: how a handler answers: a JSON body written with RapidJSON, a CSV or other text
// body, or a streamed (chunked) body produced piece by piece. Errors are not answered here: the
// handler returns a non-OK Status and the router writes the JSON error (api_error.h).
#ifndef GRIDLINE_SERVER_REPLY_H_
#define GRIDLINE_SERVER_REPLY_H_

#include <functional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/json_writer.h"

namespace httplib {
struct Response;
}

namespace gridline::server {

class Reply {
 public:
  // Produces the next piece of a streamed body by appending to *out; returns false when the
  // body is complete. An error after the status line went out can only cut the connection,
  // which a client sees as a body that ends early (chunked encoding has no last chunk).
  using Producer = std::function<absl::StatusOr<bool>(std::string* out)>;

  explicit Reply(httplib::Response* response) : response_(response) {}

  void set_status(int status);
  void SetHeader(const std::string& name, const std::string& value);

  // A JSON body: `write` writes one JSON value with the writer.
  void Json(const std::function<void(JsonWriter&)>& write);
  // The same, served as `content_type` (application/geo+json).
  void Json(const std::function<void(JsonWriter&)>& write, const std::string& content_type);
  // A body of `content_type` (e.g. kCsv, kJson when the text is already JSON).
  void Body(std::string body, const std::string& content_type);
  // A streamed body: `next` is called from the server's worker thread after the handler
  // returned, until it reports the end; whatever it needs must be owned by it.
  void Stream(const std::string& content_type, Producer next);

  bool streaming() const { return streaming_; }

  // The router's hook, set before the handler runs: called once a streamed body ended (true) or
  // was cut (false).
  void set_on_stream_end(std::function<void(bool ok)> f) { on_stream_end_ = std::move(f); }

 private:
  httplib::Response* response_;
  bool streaming_ = false;
  std::function<void(bool)> on_stream_end_;
};

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_REPLY_H_
