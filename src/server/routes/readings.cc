// readings.cc: reading a meter's readings.
//
//   GET /api/v1/meters/{id}/readings?from=&to=[&layer=raw|validated][&channel=][&versions=]
//       [&tz=][&format=csv|json]
//
// The answer is exactly `gridline query readings`' output (query/readings_output.h): CSV
// `timestamp,kwh,quality` or JSON. A range of more than ServerLimits::stream_above_slots slots
// is streamed (chunked), one chunk window at a time from one snapshot, so an answer's size is
// bounded by nothing but the data and the server never holds it whole.
// The write side (POST) is readings_write.cc.
#include <memory>

#include "common/status_macros.h"
#include "query/meter_series.h"
#include "query/readings_output.h"
#include "server/api_error.h"
#include "server/api_request.h"
#include "server/reply.h"
#include "server/routes/meter_params.h"
#include "server/routes/routes.h"

namespace gridline::server {

namespace {

absl::Status GetReadings(const ApiRequest& request, Reply& reply) {
  GL_ASSIGN_OR_RETURN(const TimeRange range, request.Range());
  GL_ASSIGN_OR_RETURN(const bool versions, request.Bool("versions", false));
  // The snapshot first: the series' coverage then includes everything it holds.
  std::unique_ptr<storage::ReadView> view = request.store().NewReadView();
  GL_ASSIGN_OR_RETURN(query::MeterSeries target, FindMeter(request));
  query::ReadingsRequest q;
  q.target = std::move(target);
  q.from = range.from;
  q.to = range.to;
  q.layer = request.QueryOr("layer", "validated");
  q.versions = versions;
  auto output =
      std::make_shared<query::ReadingsOutput>(std::move(view), std::move(q), request.format());
  const std::string type = request.csv() ? kCsv : kJson;
  if (output->slot_count() > request.context().limits.stream_above_slots) {
    reply.Stream(type, [output](std::string* out) { return output->Next(out); });
    return absl::OkStatus();
  }
  std::string body;
  while (true) {
    GL_RETURN_IF_ERROR(request.deadline().Check("reading the meter's readings"));
    GL_ASSIGN_OR_RETURN(const bool more, output->Next(&body));
    if (!more) break;
  }
  reply.Body(std::move(body), type);
  return absl::OkStatus();
}

}  // namespace

void RegisterReadingRoutes(Router* router) {
  router->Add({
      .method = "GET",
      .pattern = "/api/v1/meters/{id}/readings",
      .access = kReaders,
      .summary = "A meter's readings in [from, to): CSV timestamp,kwh,quality exactly as "
                 "`gridline query readings`, or JSON; long ranges are streamed",
      .params = {MeterIdParam(), FromParam(), ToParam(), TzParam(),
                 EnumParam("layer", {"raw", "validated"},
                           "raw: the latest raw version of each slot; validated: VEE's output "
                           "(the latest raw value where VEE has not run)",
                           "validated"),
                 ChannelParam(),
                 QueryParam("versions", ParamType::kBoolean,
                            "also superseded raw versions, with arrived_at and status columns",
                            false, "false")},
      .produces = {kJson, kCsv},
      .handler = GetReadings,
      .tag = "readings",
  });
  RegisterReadingWriteRoute(router);
}

}  // namespace gridline::server
