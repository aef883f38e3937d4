// agg.cc: a meter's readings aggregated per step.
//
//   GET /api/v1/meters/{id}/agg?from=&to=&step=15m|1h|1d|1mo&fn=sum|min|max|count[&tz=]
//       [&channel=][&format=csv|json]
//
// Exactly `gridline query agg` (query/agg_output.h): CSV `timestamp,value` or JSON, one row per
// step, 1d and 1mo steps in the local calendar of tz. At most ServerLimits::max_agg_rows steps
// per answer: more is a 400 that says the limit.
#include "common/status_macros.h"
#include "common/strings.h"
#include "query/agg_output.h"
#include "query/aggregate.h"
#include "server/api_error.h"
#include "server/api_request.h"
#include "server/reply.h"
#include "server/routes/meter_params.h"
#include "server/routes/routes.h"

namespace gridline::server {

namespace {

absl::Status GetAgg(const ApiRequest& request, Reply& reply) {
  GL_ASSIGN_OR_RETURN(const TimeRange range, request.Range());
  GL_ASSIGN_OR_RETURN(const TimeZone zone, request.Zone("tz"));
  const std::string step_text = request.QueryOr("step", "");
  absl::StatusOr<Step> step = ParseStep(step_text);
  if (!step.ok()) return InvalidParameter("step", StdView(step.status().message()));
  const std::string fn_text = request.QueryOr("fn", "");
  const std::optional<query::AggFn> fn = query::AggFnFromName(fn_text);
  if (!fn) return InvalidParameter("fn", "must be sum, min, max or count");
  std::unique_ptr<storage::ReadView> view = request.store().NewReadView();
  GL_ASSIGN_OR_RETURN(const query::MeterSeries target, FindMeter(request));
  absl::StatusOr<std::vector<query::AggRow>> rows =
      query::AggregateSeries(*view, target.series, target.info, range.from, range.to, *step, zone,
                             request.context().limits.max_agg_rows, request.deadline());
  if (!rows.ok()) {
    if (rows.status().code() == absl::StatusCode::kInvalidArgument) {
      return InvalidParameter("step", StdView(rows.status().message()));
    }
    return rows.status();
  }
  std::string body;
  query::AppendAggOutput({&target, step_text, *fn, fn_text}, *rows, request.format(), &body);
  reply.Body(std::move(body), request.csv() ? kCsv : kJson);
  return absl::OkStatus();
}

}  // namespace

void RegisterAggRoutes(Router* router) {
  router->Add({
      .method = "GET",
      .pattern = "/api/v1/meters/{id}/agg",
      .access = kReaders,
      .summary = "A meter's readings per step (sum, min, max or count): CSV timestamp,value "
                 "exactly as `gridline query agg`, or JSON",
      .params = {MeterIdParam(), FromParam(), ToParam(),
                 QueryParam("step", ParamType::kString,
                            "15m, 1h (UTC-aligned), 1d or 1mo (local days and months in tz)", true),
                 Required(
                     EnumParam("fn", {"sum", "min", "max", "count"}, "the aggregate of each step")),
                 TzParam(), ChannelParam()},
      .produces = {kJson, kCsv},
      .handler = GetAgg,
      .tag = "readings",
  });
}

}  // namespace gridline::server
