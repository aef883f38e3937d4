// import.cc: importing a CSV file through the API.
//
//   POST /api/v1/import/csv[?tz=&channel=&strict=&round=&label=&interval=]
//
// The body is a long (`meter_id,timestamp,kwh[,channel][,quality]`) or wide (`meter_id,date,`
// then 24/48/96/288 interval columns) CSV file, plain or gzipped, exactly as `gridline import
// csv` reads it (ingest/importer.h runs on the body in memory). Bodies are limited by `serve
// --max-body` (413 `payload_too_large`). Answer: ingest_reply.h.
#include "common/status_macros.h"
#include "server/api_request.h"
#include "server/reply.h"
#include "server/routes/ingest_reply.h"
#include "server/routes/routes.h"

namespace gridline::server {

namespace {

absl::Status PostImportCsv(const ApiRequest& request, Reply& reply) {
  IngestJob job;
  GL_ASSIGN_OR_RETURN(job.options, IngestOptions(request));
  job.csv = request.body();
  if (job.csv.empty()) {
    return absl::InvalidArgumentError("empty body: send a CSV file with its header");
  }
  return RunIngest(request, reply, std::move(job));
}

}  // namespace

void RegisterImportRoutes(Router* router) {
  Route route{
      .method = "POST",
      .pattern = "/api/v1/import/csv",
      .access = kWriters,
      .summary =
          "Import a long or wide CSV file (as `gridline import csv`); answers with counts "
          "and row errors once the accepted readings are durable",
      .consumes = {kCsv},
      .handler = PostImportCsv,
      .tag = "import",
  };
  route.params = IngestParams();
  router->Add(std::move(route));
}

}  // namespace gridline::server
