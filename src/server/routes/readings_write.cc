// readings_write.cc: writing one meter's readings.
//
//   POST /api/v1/meters/{id}/readings[?tz=&channel=&strict=&round=&label=&interval=]
//
// Body: CSV `timestamp,kwh[,quality]` (Content-Type text/csv, the default), or JSON
// (application/json) `{"readings":[{"timestamp":"...","kwh":"0.219","quality":"actual"}]}`
// (ingest/json/json_readings.h). Both go through the import pipeline of `gridline import csv`
// with the meter fixed (CsvOptions::meter_id), so the rules are the same: exact decimals (more
// decimals than Wh is a row error unless round=true), a new meter and series created on first
// sight, duplicates and new versions counted. The answer (ingest_reply.h) comes once the
// accepted readings are durable.
#include "common/status_macros.h"
#include "fmt/format.h"
#include "ingest/csv/meter_table.h"
#include "ingest/meter_body.h"
#include "server/api_error.h"
#include "server/api_request.h"
#include "server/reply.h"
#include "server/routes/ingest_reply.h"
#include "server/routes/meter_params.h"
#include "server/routes/routes.h"

namespace gridline::server {

namespace {

bool IsJsonBody(const std::string& content_type) {
  return content_type.find("json") != std::string::npos;
}

absl::Status PostReadings(const ApiRequest& request, Reply& reply) {
  const std::string& meter = request.PathParam("id");
  if (const std::string problem = ingest::MeterIdProblem(meter); !problem.empty()) {
    return InvalidParameter("id", problem);
  }
  const std::string content_type = request.Header("Content-Type");
  if (!content_type.empty() && !IsJsonBody(content_type) &&
      content_type.find("csv") == std::string::npos &&
      content_type.find("text/plain") == std::string::npos) {
    return absl::InvalidArgumentError(fmt::format(
        "Content-Type '{}': send text/csv (timestamp,kwh[,quality]) or application/json",
        content_type));
  }
  IngestJob job;
  GL_ASSIGN_OR_RETURN(job.options, IngestOptions(request));
  job.options.csv.meter_id = meter;
  ingest::MeterBody body;
  int64_t offset = -1;
  if (absl::Status s =
          ingest::ReadMeterBody(request.body(), IsJsonBody(content_type), &body, &offset);
      !s.ok()) {
    Where where;
    where.offset = offset;
    return offset >= 0 ? WithWhere(s, where) : s;
  }
  job.body = body.csv;
  job.rejected = std::move(body.rejected);
  job.json_indexes = body.json;
  return RunIngest(request, reply, std::move(job));
}

}  // namespace

void RegisterReadingWriteRoute(Router* router) {
  Route route{
      .method = "POST",
      .pattern = "/api/v1/meters/{id}/readings",
      .access = kWriters,
      .summary =
          "Write a meter's readings (CSV timestamp,kwh[,quality] or JSON); answers with "
          "counts and row errors once they are durable",
      .params = {MeterIdParam()},
      .consumes = {kCsv, kJson},
      .handler = PostReadings,
      .tag = "readings",
  };
  for (ParamSpec& p : IngestParams()) route.params.push_back(std::move(p));
  router->Add(std::move(route));
}

}  // namespace gridline::server
