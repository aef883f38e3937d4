// meter_params.cc: the shared parameters of the meter routes.
#include "server/routes/meter_params.h"

#include "common/strings.h"
#include "server/api_error.h"

namespace gridline::server {

ParamSpec MeterIdParam() { return PathParam("id", "the meter's id (meter_id of its reads)"); }

ParamSpec FromParam() {
  return QueryParam("from", ParamType::kInstant,
                    "start, inclusive (ISO 8601; without an offset: in tz, default UTC)", true);
}

ParamSpec ToParam() {
  return QueryParam("to", ParamType::kInstant,
                    "end, exclusive (ISO 8601; without an offset: in tz, default UTC)", true);
}

ParamSpec TzParam() {
  return QueryParam("tz", ParamType::kString,
                    "IANA time zone of times without an offset (and of 1d/1mo steps)", false,
                    "UTC");
}

ParamSpec ChannelParam() {
  return QueryParam("channel", ParamType::kString,
                    "channel: kwh_delivered, kwh_received, kwh_net, voltage, ...", false,
                    "kwh_delivered");
}

absl::StatusOr<query::MeterSeries> FindMeter(const ApiRequest& request) {
  absl::StatusOr<query::MeterSeries> target =
      query::FindMeterSeries(request.store().catalog(), request.PathParam("id"),
                             request.QueryOr("channel", "kwh_delivered"));
  if (target.ok()) return target;
  Where where;
  where.parameter = target.status().code() == absl::StatusCode::kNotFound ? "id" : "channel";
  return WithWhere(target.status(), where);
}

}  // namespace gridline::server
