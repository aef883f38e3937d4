// reply.cc: Reply over cpp-httplib's Response (whole bodies, and chunked content providers for
// streamed ones).
#include "server/reply.h"

#include <memory>

#include "httplib.h"

namespace gridline::server {

namespace {

// What a streamed body keeps between pieces.
struct StreamState {
  Reply::Producer next;
  std::function<void(bool)> on_end;
  std::string piece;
  bool ended = false;
};

// Pieces are handed to the socket once they reach this size (fewer, larger chunks).
constexpr size_t kPieceBytes = 64 * 1024;

}  // namespace

void Reply::set_status(int status) { response_->status = status; }

void Reply::SetHeader(const std::string& name, const std::string& value) {
  response_->set_header(name, value);
}

void Reply::Json(const std::function<void(JsonWriter&)>& write) { Json(write, "application/json"); }

void Reply::Json(const std::function<void(JsonWriter&)>& write, const std::string& content_type) {
  std::string body;
  JsonStringSink sink(&body);
  JsonWriter w(sink);
  write(w);
  body.push_back('\n');
  response_->set_content(std::move(body), content_type);
}

void Reply::Body(std::string body, const std::string& content_type) {
  response_->set_content(std::move(body), content_type);
}

void Reply::Stream(const std::string& content_type, Producer next) {
  streaming_ = true;
  auto state = std::make_shared<StreamState>();
  state->next = std::move(next);
  state->on_end = on_stream_end_;
  response_->set_chunked_content_provider(
      content_type,
      [state](size_t /*offset*/, httplib::DataSink& sink) {
        state->piece.clear();
        bool more = true;
        while (more && state->piece.size() < kPieceBytes) {
          absl::StatusOr<bool> r = state->next(&state->piece);
          if (!r.ok()) return false;  // cuts the connection: the body ends without a last chunk
          more = *r;
        }
        if (!state->piece.empty() && !sink.write(state->piece.data(), state->piece.size())) {
          return false;
        }
        if (!more) {
          state->ended = true;
          sink.done();
        }
        return true;
      },
      [state](bool success) {
        if (state->on_end) state->on_end(success && state->ended);
      });
}

}  // namespace gridline::server
