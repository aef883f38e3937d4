// http_front.h: the HTTP/1.1 front of `gridline serve`: an event-driven reader (Boost.Asio and
// Beast's parser) in front of a bounded worker pool that runs the dispatcher.
//
// Why not cpp-httplib's own server: it holds a worker thread per open connection and its read
// timeout is per recv(), so 70 clients sending a byte a second held every worker and /healthz
// timed out for everyone. Here a few I/O threads read all connections; a connection costs a
// socket and a small buffer until its request is complete, and only then takes a worker.
//
// Per-request bounds, all checked before the bytes are kept:
//   - headers at most `max_header_bytes` (431), a body at most `max_body_bytes` as sent (413)
//     and, with Content-Encoding gzip/deflate, at most `max_body_bytes` inflated (413);
//   - headers and body within `request_timeout` of the request's first byte (408), an idle
//     keep-alive connection closed after `idle_timeout`, the whole answer taken by the client
//     within `write_timeout` of its first byte;
//   - the handler's run within `handler_timeout` of the request's arrival whole (waiting for a
//     worker included): the handler gets that Deadline and checks it in its long loops;
//   - ambiguous framing refused with 400: two Content-Length headers (even equal), or
//     Transfer-Encoding with Content-Length; a transfer coding other than chunked is 501;
//   - at most `max_connections` open (beyond: 503 and close), at most `max_queued` complete
//     requests waiting for a worker (beyond: 503).
// Streamed bodies: a request whose route streams (`streams(method, target)`, the route table's
// `Route::streaming`) and whose body is chunked or longer than 64 KiB (and --max-body) goes to a
// worker as soon as its headers arrived and passed the checks
// above; its handler reads the body as it arrives, from a bounded queue (body_queue.h) that the
// I/O strand fills in chunks of `stream_chunk_bytes`, at most `stream_chunks` waiting. Nothing
// of the body is read (and `Expect: 100-continue` not answered) until the handler reads, so a
// request refused before its body (401, 403, a replayed Idempotency-Key) never reads it. Such a
// body is bounded by `max_upload_bytes` instead of `max_body_bytes`; its bytes must keep
// coming: a read that waits `request_timeout` for a byte cuts the upload (the deadline applies
// per read, not to the whole body), and the handler's deadline starts once the headers arrived
// (the upload routes do not cut an import that started). Content-Encoding is left to the
// handler (the importer inflates gzip and zlib as a stream). A request whose handler did not
// read its body to the end is answered, then the connection is closed.
//
// The wire behaviour is documented in docs/api.md ("Serving").
//
// Life: Bind, Serve on one thread, Stop from another (thread-safe): Serve stops accepting,
// closes idle connections, lets the requests in flight finish (each bounded by the deadlines
// above) and returns.
#ifndef GRIDLINE_SERVER_TRANSPORT_HTTP_FRONT_H_
#define GRIDLINE_SERVER_TRANSPORT_HTTP_FRONT_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/deadline.h"
#include "ingest/input_file.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace gridline::server::transport {

struct FrontOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: an ephemeral port
  int io_threads = 2;
  int workers = 64;
  size_t max_queued = 4096;
  size_t max_body_bytes = size_t{64} << 20;
  size_t max_upload_bytes = size_t{64} << 30;  // a streamed body, as sent
  size_t stream_chunk_bytes = size_t{1} << 20;
  size_t stream_chunks = 4;
  size_t max_header_bytes = 32 * 1024;
  std::chrono::milliseconds request_timeout{30'000};
  std::chrono::milliseconds idle_timeout{5'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds handler_timeout{30'000};
  size_t max_requests_per_connection = 100'000;
  size_t max_connections = 0;  // 0: three quarters of RLIMIT_NOFILE (raised to its hard limit)
};

// Answers one request by `deadline`; called on a worker thread, concurrently. `body` is null
// when the request's body is in Request::body (complete); for a streamed route it is the body
// as it arrives (Request::body empty), valid during the call.
using Handler = std::function<void(const httplib::Request&, httplib::Response&,
                                   const Deadline& deadline, ingest::ByteStream* body)>;
// Whether the route of `method` `target` takes its body as a stream.
using StreamsBody = std::function<bool(std::string_view method, std::string_view target)>;
// Called for each error the front answers itself, before any handler: its HTTP status, the
// request's method and target as far as they were received ("" when not: a connection refused
// at accept, a request line cut short), and the seconds since the request's first byte.
using ErrorCounter = std::function<void(int status, std::string_view method,
                                        std::string_view target, double seconds)>;

class HttpFront {
 public:
  HttpFront(FrontOptions options, Handler handler, ErrorCounter count_error,
            StreamsBody streams = nullptr);
  ~HttpFront();
  HttpFront(const HttpFront&) = delete;
  HttpFront& operator=(const HttpFront&) = delete;

  // Raises RLIMIT_NOFILE's soft limit to the hard limit, binds and listens. Returns the port.
  // Unavailable when the address cannot be resolved or bound.
  absl::StatusOr<int> Bind();

  // Serves until Stop(). REQUIRES: Bind succeeded.
  absl::Status Serve();

  // Safe from any thread, more than once.
  void Stop();

  size_t max_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gridline::server::transport

#endif  // GRIDLINE_SERVER_TRANSPORT_HTTP_FRONT_H_
