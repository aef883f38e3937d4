// import.cc: importing a file through the API.
//
//   POST /api/v1/import/csv[?tz=&channel=&strict=&round=&label=&interval=]
//   POST /api/v1/ingest/FORMAT[?meter=&mode=best-effort|all-or-nothing&tz=&channel=&round=&...]
//
// One ingest route per input format (ingest/input_formats.h); /api/v1/ingest/csv takes what
// /api/v1/import/csv takes, plus `meter` and `mode`.
//
// The body is a long (`meter_id,timestamp,kwh[,channel][,quality]`) or wide (`meter_id,date,`
// then 24/48/96/288 interval columns) CSV file, plain or gzipped, exactly as `gridline import
// csv` reads it. /api/v1/import/csv reads its body whole, limited by `serve --max-body` (413
// `payload_too_large`). The /api/v1/ingest routes stream (Route::streaming): the importer
// parses the body as it arrives (ingest/importer.h ImportStream), bounded by `serve
// --max-upload`, so an upload of any size costs the server a few MiB; `mode=all-or-nothing`
// spools it to a file under the data directory first (upload_spool.h), since it is read twice.
// Answer: ingest_reply.h.
#include "common/status_macros.h"
#include "fmt/format.h"
#include "ingest/input_formats.h"
#include "server/api_request.h"
#include "server/reply.h"
#include "server/routes/ingest_reply.h"
#include "server/routes/routes.h"

namespace gridline::server {

namespace {

absl::Status PostImportCsv(const ApiRequest& request, Reply& reply) {
  IngestJob job;
  GL_ASSIGN_OR_RETURN(job.options, IngestOptions(request));
  job.body = request.body();
  if (job.body.empty()) {
    return absl::InvalidArgumentError("empty body: send a CSV file with its header");
  }
  return RunIngest(request, reply, std::move(job));
}

absl::Status PostIngest(const ApiRequest& request, Reply& reply,
                        const ingest::InputFormat& format) {
  IngestJob job;
  job.format = &format;
  GL_ASSIGN_OR_RETURN(job.options, IngestFormatOptions(request));
  job.stream = request.body_stream();
  job.body = request.body();
  if (job.stream == nullptr && job.body.empty()) {
    return absl::InvalidArgumentError(
        fmt::format("empty body: send a {} file ({})", format.name, format.summary));
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

  for (const ingest::InputFormat& format : ingest::AllInputFormats()) {
    Route ingest{
        .method = "POST",
        .pattern = fmt::format("/api/v1/ingest/{}", format.name),
        .access = kWriters,
        .summary = fmt::format("Import {} ({}); answers with counts and row errors once the "
                               "accepted readings are durable",
                               format.name, format.summary),
        .consumes = {std::string(format.media_type)},
        .handler = [&format](const ApiRequest& request,
                             Reply& reply) { return PostIngest(request, reply, format); },
        .tag = "import",
        .streaming = true,
    };
    ingest.params = IngestFormatParams();
    router->Add(std::move(ingest));
  }
}

}  // namespace gridline::server
