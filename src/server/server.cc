// server.cc: HttpServer over cpp-httplib (server.h).
#include "server/server.h"

#include <algorithm>
#include <thread>

#include "fmt/format.h"
#include "httplib.h"
#include "server/api_error.h"

namespace gridline::server {

namespace {

// Requests that carry a body go through cpp-httplib's regular handlers (which read it first);
// the others are answered before routing, without its regex matching.
bool HasBody(const httplib::Request& request) {
  return request.has_header("Transfer-Encoding") ||
         request.get_header_value_count("Content-Length") > 0;
}

}  // namespace

HttpServer::HttpServer(engine::Engine* engine, std::string data_dir, ServerOptions options)
    : options_(std::move(options)) {
  context_.engine = engine;
  context_.store = engine->store();
  context_.router = &router_;
  context_.data_dir = std::move(data_dir);
  context_.limits = options_.limits;
  context_.auth = options_.auth;
  metrics_ = std::make_unique<Metrics>(context_.data_dir);
  // Roll-ups commit with the reads (docs/rollups.md): they lag only while a topology change
  // is moving them.
  metrics_->SetRollupLagSource(
      [engine] { return engine->jobs().OldestRunningSeconds("topology"); });
  context_.metrics = metrics_.get();
}

HttpServer::~HttpServer() = default;

absl::StatusOr<int> HttpServer::Bind() {
  std::vector<Metrics::RouteLabel> labels;
  for (const Route& r : router_.routes()) labels.push_back({r.method, r.pattern});
  metrics_->SetRoutes(std::move(labels));
  if (options_.auth) {
    tokens_ = std::make_unique<TokenStore>(TokenStore::PathIn(context_.data_dir));
    if (absl::Status s = tokens_->Load(); !s.ok()) return s;
  }
  dispatcher_ = std::make_unique<Dispatcher>(&context_, tokens_.get());

  http_ = std::make_unique<httplib::Server>();
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads_ = options_.threads > 0 ? options_.threads : std::max(64, 16 * cores);
  const size_t threads = static_cast<size_t>(threads_);
  http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http_->set_tcp_nodelay(true);
  http_->set_keep_alive_max_count(options_.keep_alive_max_requests);
  http_->set_keep_alive_timeout(options_.keep_alive_timeout_s);
  http_->set_read_timeout(options_.read_timeout_s, 0);
  http_->set_write_timeout(options_.write_timeout_s, 0);
  http_->set_payload_max_length(options_.limits.max_body_bytes);

  Dispatcher* d = dispatcher_.get();
  http_->set_pre_routing_handler([d](const httplib::Request& req, httplib::Response& res) {
    if (HasBody(req)) return httplib::Server::HandlerResponse::Unhandled;
    d->Handle(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  auto handle = [d](const httplib::Request& req, httplib::Response& res) { d->Handle(req, res); };
  http_->Get(".*", handle);
  http_->Post(".*", handle);
  http_->Put(".*", handle);
  http_->Patch(".*", handle);
  http_->Delete(".*", handle);
  http_->Options(".*", handle);
  http_->set_error_handler(httplib::Server::HandlerWithResponse(
      [d](const httplib::Request& req, httplib::Response& res) {
        return d->HandleTransportError(req, res) ? httplib::Server::HandlerResponse::Handled
                                                 : httplib::Server::HandlerResponse::Unhandled;
      }));
  // Our code throws nothing, but the standard library may (bad_alloc): answer 500, keep serving.
  http_->set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        SetError(absl::InternalError("internal error"), res);
      });

  int port = options_.port;
  if (port == 0) {
    port = http_->bind_to_any_port(options_.host);
    if (port < 0) port = -1;
  } else if (!http_->bind_to_port(options_.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    return absl::UnavailableError(
        fmt::format("cannot listen on {}:{} (in use, or not an address "
                    "of this machine?)",
                    options_.host, options_.port));
  }
  return port;
}

absl::Status HttpServer::Serve() {
  if (!http_->listen_after_bind()) {
    return absl::UnavailableError("the HTTP server stopped with an error");
  }
  return absl::OkStatus();
}

void HttpServer::Stop() {
  if (http_) http_->stop();
}

}  // namespace gridline::server
