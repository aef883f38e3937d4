// rollup.cc: roll-ups of an asset along the grid and in time (docs/rollups.md).
//
//   GET /api/v1/assets/{id}/rollup?from=&to=&step=15m|1h|1d|1mo&metric=delivered|received|net
//                                  [&tz=ZONE][&format=csv|json]
//
// CSV (a contract): `timestamp,kwh,meters`, the same text as `gridline query rollup`
// (rollup/rollup_format.h). JSON: {"asset", "metric", "step", "rows": [{"timestamp", "kwh",
// "meters", "estimated"}]}. The id `_system` is the whole system. The public role may read the
// roll-ups of substations, feeders and the system only (aggregates above the transformer), and
// only those that pass the 15/15 rule over the period (server/privacy_policy.h).
#include "common/status_macros.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "rollup/rollup_format.h"
#include "rollup/rollup_lookup.h"
#include "rollup/rollup_reader.h"
#include "server/api_error.h"
#include "server/api_request.h"
#include "server/privacy_policy.h"
#include "server/reply.h"
#include "server/routes/routes.h"

namespace gridline::server {

namespace {

absl::Status GetRollup(const ApiRequest& request, Reply& reply) {
  GL_ASSIGN_OR_RETURN(const TimeRange range, request.Range());
  GL_ASSIGN_OR_RETURN(const TimeZone zone, request.Zone());
  const std::string step_text = request.QueryOr("step", "1h");
  const std::string metric_text = request.QueryOr("metric", "net");
  GL_ASSIGN_OR_RETURN(const Step step, ParseStep(step_text));
  const rollup::RollupMetric metric = *rollup::RollupMetricFromName(metric_text);
  const std::string& id = request.PathParam("id");
  GL_ASSIGN_OR_RETURN(const storage::AssetId asset, FindReadableAsset(request, id));
  const query::Layer layer = *query::LayerFromName(request.QueryOr("layer", "validated"));
  auto view = request.store().NewReadView();
  absl::StatusOr<std::vector<rollup::RollupRow>> rows =
      rollup::ReadRollup(*view, asset, range.from, range.to, step, zone,
                         request.context().limits.max_agg_rows, request.deadline(), layer);
  if (!rows.ok()) {
    if (rows.status().code() == absl::StatusCode::kInvalidArgument) {
      return InvalidParameter("step", StdView(rows.status().message()));
    }
    return rows.status();
  }
  // After the cheap checks: the privacy check reads the member meters (privacy_policy.h).
  GL_RETURN_IF_ERROR(CheckRelease(request, *view, asset, range.from, range.to, metric));
  std::string out;
  out.reserve(rows->size() * 40 + 64);
  if (request.csv()) {
    rollup::AppendRollupCsvHeader(&out);
    for (const rollup::RollupRow& r : *rows) rollup::AppendRollupCsvRow(r, metric, &out);
    reply.Body(std::move(out), kCsv);
  } else {
    rollup::AppendRollupJson(id, metric_text, step_text, *rows, &out);
    reply.Body(std::move(out), kJson);
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterRollupRoutes(Router* router) {
  router->Add({
      .method = "GET",
      .pattern = "/api/v1/assets/{id}/rollup",
      .access = kPublicReaders,
      .summary = "An asset's roll-up per step (sum over the meters below it at each instant): "
                 "timestamp,kwh,meters",
      .params = {PathParam("id", "asset id; `_system` for the whole system"),
                 Required(QueryParam("from", ParamType::kInstant, "start, inclusive")),
                 Required(QueryParam("to", ParamType::kInstant, "end, exclusive")),
                 EnumParam("step", {"15m", "1h", "1d", "1mo"}, "step", "1h"),
                 EnumParam("metric", {"delivered", "received", "net"}, "energy to sum", "net"),
                 EnumParam("layer", {"raw", "validated"},
                           "validated: VEE's values (estimates counted); raw: as received",
                           "validated"),
                 QueryParam("tz", ParamType::kString,
                            "IANA zone of naive times and of 1d/1mo steps (default UTC)")},
      .produces = {kJson, kCsv},
      .handler = GetRollup,
      .tag = "rollups",
  });
}

}  // namespace gridline::server
