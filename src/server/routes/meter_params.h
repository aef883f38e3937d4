// meter_params.h: the parameters the meter routes share (id, from, to, tz, channel) and the
// lookup of the series they name, so every meter route words them and fails on them alike.
#ifndef GRIDLINE_SERVER_ROUTES_METER_PARAMS_H_
#define GRIDLINE_SERVER_ROUTES_METER_PARAMS_H_

#include "absl/status/statusor.h"
#include "query/meter_series.h"
#include "server/api_request.h"
#include "server/route.h"
#include "server/router.h"

namespace gridline::server {

ParamSpec MeterIdParam();  // path {id}
ParamSpec FromParam();     // required ISO 8601, inclusive
ParamSpec ToParam();       // required ISO 8601, exclusive
ParamSpec TzParam();       // IANA zone of naive times (and of day/month steps)
ParamSpec ChannelParam();  // default kwh_delivered

// The series of the `id` path parameter and the `channel` parameter: 404 (detail parameter
// `id`) for an unknown meter or a meter without that channel, 400 for an unknown channel.
absl::StatusOr<query::MeterSeries> FindMeter(const ApiRequest& request);

// POST /api/v1/meters/{id}/readings (readings_write.cc); RegisterReadingRoutes calls it.
void RegisterReadingWriteRoute(Router* router);

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_ROUTES_METER_PARAMS_H_
