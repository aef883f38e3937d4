// system.cc: the routes about the server itself.
//
//   GET /healthz               anyone: {"status":"ok"} while the server serves; with --mqtt,
//                              503 `unavailable` until the broker has granted the subscription
//                              (and while it is lost)
//   GET /metrics               admin, analyst: Prometheus text (server/metrics.h)
//   GET /api/v1/openapi.json   anyone: the OpenAPI 3 document of the route table
#include "server/api_request.h"
#include "server/metrics.h"
#include "server/openapi.h"
#include "server/reply.h"
#include "server/routes/routes.h"

namespace gridline::server {

namespace {

absl::Status GetHealth(const ApiRequest& request, Reply& reply) {
  if (request.context().not_ready) {
    if (std::string why = request.context().not_ready(); !why.empty()) {
      return absl::UnavailableError(why);
    }
  }
  reply.Body("{\"status\":\"ok\"}\n", kJson);
  return absl::OkStatus();
}

absl::Status GetMetrics(const ApiRequest& request, Reply& reply) {
  reply.Body(request.context().metrics->Render(), "text/plain; version=0.0.4; charset=utf-8");
  return absl::OkStatus();
}

absl::Status GetOpenApi(const ApiRequest& request, Reply& reply) {
  reply.Body(OpenApiDocument(*request.context().router), kJson);
  return absl::OkStatus();
}

}  // namespace

void RegisterSystemRoutes(Router* router) {
  router->Add({
      .method = "GET",
      .pattern = "/healthz",
      .access = kAnyone,
      .summary = "Liveness: 200 {\"status\":\"ok\"} while the server serves (with --mqtt: 503 "
                 "until the broker has granted the feed's subscription)",
      .handler = GetHealth,
      .tag = "system",
  });
  router->Add({
      .method = "GET",
      .pattern = "/metrics",
      .access = kReaders,
      .summary = "Prometheus metrics: requests by route and status, latency histograms, ingest "
                 "counts, store size, roll-up lag, resident memory",
      .produces = {kText},
      .handler = GetMetrics,
      .tag = "system",
  });
  router->Add({
      .method = "GET",
      .pattern = "/api/v1/openapi.json",
      .access = kAnyone,
      .summary = "This API's OpenAPI 3 document, generated from the route table",
      .handler = GetOpenApi,
      .tag = "system",
  });
}

}  // namespace gridline::server
