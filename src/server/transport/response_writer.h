// response_writer.h: writing an answer (an httplib::Response filled by the dispatcher) to a
// client socket as HTTP/1.1, from a worker thread, with a deadline.
//
// A whole body goes out with its Content-Length; a streamed body (Reply::Stream, httplib's
// chunked content provider) in chunked encoding, the provider called piece by piece. Either is
// compressed with gzip when the client accepts it and the answer is worth it
// (response_compression.h). The whole
// answer must go out within `write_timeout` of its first byte, however the client paces its
// reads (a client that reads a byte now and then would otherwise hold a worker for ever): past
// it the connection is cut.
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

// Blocking writes to a socket, all of them within one deadline: `write_timeout` from the
// writer's construction. The socket may be in non-blocking mode (Asio puts it there): the
// writer polls.
class SocketWriter {
 public:
  SocketWriter(int fd, std::chrono::milliseconds write_timeout)
      : fd_(fd), deadline_(std::chrono::steady_clock::now() + write_timeout) {}

  // False once a write failed or the deadline passed (and from then on).
  bool Write(std::string_view bytes);
  bool ok() const { return ok_; }

 private:
  int fd_;
  std::chrono::steady_clock::time_point deadline_;
  bool ok_ = true;
};

// The status line and headers of `response`, with Content-Length (or Transfer-Encoding: chunked
// when `chunked`) and `Connection: close` unless `keep_alive`.
std::string ResponseHead(const httplib::Response& response, bool chunked, bool keep_alive);

// Whether an answer of `status` carries a body: not 1xx, 204 or 304.
bool HasBody(int status);

// Writes `response` (no body for a HEAD request), compressed when `accepts_gzip` (the request's
// Accept-Encoding, AcceptsGzip) and Compressible. Returns whether it all went out; a streamed
// body cut by its provider or the client counts as a failure, after which the connection must
// be closed. Tells the provider's releaser how the stream ended.
bool WriteResponse(httplib::Response& response, bool head_request, bool keep_alive,
                   bool accepts_gzip, SocketWriter& out);

}  // namespace gridline::server::transport

#endif  // GRIDLINE_SERVER_TRANSPORT_RESPONSE_WRITER_H_
