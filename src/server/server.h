// server.h: gridline's HTTP server: the event-driven front (transport/http_front.h: a few I/O
// threads read requests with per-request bounds, a bounded worker pool answers them), the route
// table, bearer-token auth and metrics.
//
// Life: construct, register routes (RegisterAllRoutes(&server.router()), routes/routes.h), set
// what routes need in context(), Bind (which reports the real port, for `--listen HOST:0`),
// Serve on one thread, Stop from another (a signal handler thread): Serve returns once every
// request in flight is answered. The engine (engine/engine.h: the store with the roll-up
// maintainer on its writes) is the caller's.
//
// Workers hold a request only once it arrived whole, so `threads` bounds the requests being
// answered at once, not the open connections (those are bounded by max_connections, by default
// three quarters of the open-files limit). Many more workers than cores still pay off: a worker
// also waits for the client to take a long (streamed) answer.
#ifndef GRIDLINE_SERVER_SERVER_H_
#define GRIDLINE_SERVER_SERVER_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "server/dispatcher.h"
#include "server/idempotency.h"
#include "server/metrics.h"
#include "server/mqtt/mqtt_feed.h"
#include "server/router.h"
#include "server/server_context.h"
#include "server/token_store.h"

namespace gridline::server::transport {
class HttpFront;
}

namespace gridline::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  // Continuous VEE (vee/run/continuous_vee.h): a pass every vee_every_s seconds (0: off) over
  // the trailing vee_window_s, with local days in vee_zone.
  int64_t vee_every_s = 60;
  int64_t vee_window_s = 7 * 86400;
  std::string vee_zone = "UTC";
  int port = 8080;  // 0: an ephemeral port (Bind says which)
  bool auth = true;
  int threads = 0;                // worker threads; 0: 16 per core, at least 64 (see above)
  int read_timeout_s = 30;        // a whole request, headers and body, from its first byte (408)
  int write_timeout_s = 30;       // for the client to take the whole answer, from its first byte
  double request_timeout_s = 30;  // the handler's run, from the request's arrival whole (504)
  int keep_alive_timeout_s = 5;
  size_t keep_alive_max_requests = 100'000;
  size_t max_connections = 0;  // 0: three quarters of the open-files limit
  ServerLimits limits;
  ingest::LineProtocolMapping line_protocol;  // ServerContext::line_protocol
  // serve --mqtt: the live feed the command runs beside the server (mqtt/mqtt_feed.h).
  std::optional<mqtt::FeedOptions> mqtt;
};

class HttpServer {
 public:
  // `engine` (its store, roll-ups, ...) must outlive Serve.
  HttpServer(engine::Engine* engine, std::string data_dir, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  Router& router() { return router_; }
  ServerContext& context() { return context_; }
  Metrics& metrics() { return *metrics_; }
  const ServerOptions& options() const { return options_; }

  // Loads the tokens and binds the listening socket. Returns the port. Unavailable when the
  // address cannot be bound; Unavailable/DataLoss from the tokens file.
  // REQUIRES: routes registered.
  absl::StatusOr<int> Bind();

  // Serves until Stop(). REQUIRES: Bind succeeded.
  absl::Status Serve();

  // Stops accepting; Serve returns after the requests in flight. Safe from any thread.
  void Stop();

  int worker_threads() const { return threads_; }
  size_t max_connections() const;

 private:
  const ServerOptions options_;
  Router router_;
  ServerContext context_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<TokenStore> tokens_;
  std::unique_ptr<IdempotencyStore> idempotency_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::unique_ptr<transport::HttpFront> front_;
  int threads_ = 0;
};

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_SERVER_H_
