// response_writer.h: writing an answer (an httplib::Response filled by the dispatcher) to a
// client socket as HTTP/1.1, from a worker thread, with a deadline.
//
// A whole body goes out with its Content-Length; a streamed body (Reply::Stream, httplib's
// chunked content provider) in chunked encoding, the provider called piece by piece. Every wait
// for the socket to take more bytes is bounded by `write_timeout`: a client that stops reading
// loses its connection instead of holding a worker.
//
// Threading: the caller owns the socket while writing (no other thread reads or writes it).
#ifndef GRIDLINE_SERVER_TRANSPORT_RESPONSE_WRITER_H_
#define GRIDLINE_SERVER_TRANSPORT_RESPONSE_WRITER_H_

#include <chrono>
#include <string>
#include <string_view>

namespace httplib {
struct Response;
}

namespace gridline::server::transport {

// Blocking writes to a socket whose each wait is bounded by a timeout. The socket may be in
// non-blocking mode (Asio puts it there): the writer polls.
class SocketWriter {
 public:
  SocketWriter(int fd, std::chrono::milliseconds write_timeout)
      : fd_(fd), write_timeout_(write_timeout) {}

  // False once a write failed or timed out (and from then on).
  bool Write(std::string_view bytes);
  bool ok() const { return ok_; }

 private:
  int fd_;
  std::chrono::milliseconds write_timeout_;
  bool ok_ = true;
};

// The status line and headers of `response`, with Content-Length (or Transfer-Encoding: chunked
// when `chunked`) and `Connection: close` unless `keep_alive`.
std::string ResponseHead(const httplib::Response& response, bool chunked, bool keep_alive);

// Writes `response` (no body for a HEAD request). Returns whether it all went out; a streamed
// body cut by its provider or the client counts as a failure, after which the connection must
// be closed. Tells the provider's releaser how the stream ended.
bool WriteResponse(httplib::Response& response, bool head_request, bool keep_alive,
                   SocketWriter& out);

}  // namespace gridline::server::transport

#endif  // GRIDLINE_SERVER_TRANSPORT_RESPONSE_WRITER_H_
