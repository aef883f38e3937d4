// server.cc: HttpServer over the event-driven front (server.h, transport/http_front.h).
#include "server/server.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <thread>

#include "httplib.h"
#include "server/api_error.h"
#include "server/transport/http_front.h"
#include "server/upload_spool.h"

namespace gridline::server {

HttpServer::HttpServer(engine::Engine* engine, std::string data_dir, ServerOptions options)
    : options_(std::move(options)) {
  context_.engine = engine;
  context_.store = engine->store();
  context_.router = &router_;
  context_.data_dir = std::move(data_dir);
  context_.limits = options_.limits;
  context_.auth = options_.auth;
  context_.line_protocol = options_.line_protocol;
  metrics_ = std::make_unique<Metrics>(context_.data_dir);
  // Roll-ups commit with the reads (docs/rollups.md): they lag only while a topology change
  // is moving them.
  metrics_->SetRollupLagSource(
      [engine] { return engine->jobs().OldestRunningSeconds("topology"); });
  context_.metrics = metrics_.get();
}

HttpServer::~HttpServer() = default;

size_t HttpServer::max_connections() const { return front_ ? front_->max_connections() : 0; }

absl::StatusOr<int> HttpServer::Bind() {
  std::vector<Metrics::RouteLabel> labels;
  for (const Route& r : router_.routes()) labels.push_back({r.method, r.pattern});
  metrics_->SetRoutes(std::move(labels));
  if (options_.auth) {
    tokens_ = std::make_unique<TokenStore>(TokenStore::PathIn(context_.data_dir));
    if (absl::Status s = tokens_->Load(); !s.ok()) return s;
  }
  absl::StatusOr<std::unique_ptr<IdempotencyStore>> idempotency =
      IdempotencyStore::Open(context_.data_dir);
  if (!idempotency.ok()) return idempotency.status();
  idempotency_ = *std::move(idempotency);
  context_.idempotency = idempotency_.get();
  dispatcher_ = std::make_unique<Dispatcher>(&context_, tokens_.get());
  // All-or-nothing uploads spooled by a server that crashed (upload_spool.h).
  RemoveStaleSpools(context_.data_dir);

  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads_ = options_.threads > 0 ? options_.threads : std::max(64, 16 * cores);
  transport::FrontOptions front;
  front.host = options_.host;
  front.port = options_.port;
  front.io_threads = std::min(2, cores);
  front.workers = threads_;
  front.max_body_bytes = options_.limits.max_body_bytes;
  front.max_upload_bytes = options_.limits.max_upload_bytes;
  front.request_timeout = std::chrono::seconds(options_.read_timeout_s);
  front.write_timeout = std::chrono::seconds(options_.write_timeout_s);
  front.handler_timeout =
      std::chrono::milliseconds(std::llround(options_.request_timeout_s * 1000));
  front.idle_timeout = std::chrono::seconds(options_.keep_alive_timeout_s);
  front.max_requests_per_connection = options_.keep_alive_max_requests;
  front.max_connections = options_.max_connections;

  Dispatcher* d = dispatcher_.get();
  Metrics* metrics = metrics_.get();
  front_ = std::make_unique<transport::HttpFront>(
      std::move(front),
      [d](const httplib::Request& req, httplib::Response& res, const Deadline& deadline,
          ingest::ByteStream* body) {
        // Our code throws nothing, but the standard library may (bad_alloc): answer 500, keep
        // serving.
        try {
          d->Handle(req, res, deadline, body);
        } catch (const std::exception&) {
          res = httplib::Response();
          SetError(absl::InternalError("internal error"), res);
        }
      },
      // Errors the front answers itself never reach a handler: count them under the route their
      // target matches (unmatched when none, or when the request line never arrived whole).
      [metrics, this](int status, std::string_view method, std::string_view target,
                      double seconds) {
        int route = -1;
        if (!method.empty()) {
          const Router::Match match = router_.Find(method, target.substr(0, target.find('?')));
          if (match.kind == Router::Match::Kind::kFound) route = match.route;
        }
        metrics->ObserveRequest(route, status, seconds);
      },
      // Routes that read their body as it arrives (Route::streaming).
      [this](std::string_view method, std::string_view target) {
        const Router::Match match = router_.Find(method, target.substr(0, target.find('?')));
        return match.kind == Router::Match::Kind::kFound &&
               router_.routes()[static_cast<size_t>(match.route)].streaming;
      });
  return front_->Bind();
}

absl::Status HttpServer::Serve() { return front_->Serve(); }

void HttpServer::Stop() {
  if (front_) front_->Stop();
}

}  // namespace gridline::server
