// series.cc: the series the store holds.
//
//   GET /api/v1/series[?meter=ID][&limit=&cursor=]
//
// {"series": [{"meter": "M1", "channel": "kwh_delivered", "unit": "kWh", "interval": "15m",
//   "interval_s": 900, "from": "2026-07-01T00:00:00Z", "to": "2026-07-31T00:00:00Z"}, ...],
//  "next_cursor": null}
//
// `from`/`to` is the coverage: the first slot holding a value and the end of the last (null
// for a series without values). With `meter`, the series of that meter (404 when unknown);
// without, every series, paged in the catalog's order (pagination.h).
#include <algorithm>
#include <cstdlib>

#include "common/status_macros.h"
#include "common/time.h"
#include "fmt/format.h"
#include "server/api_error.h"
#include "server/api_request.h"
#include "server/pagination.h"
#include "server/reply.h"
#include "server/routes/routes.h"

namespace gridline::server {

namespace {

void WriteSeries(JsonWriter& w, const storage::Catalog& catalog, storage::SeriesId id) {
  const storage::SeriesInfo info = catalog.GetSeries(id);
  const ChannelSpec& spec = GetChannelSpec(info.channel);
  w.StartObject();
  WriteKey(w, "meter");
  WriteString(w, catalog.AssetExternalId(info.asset));
  WriteKey(w, "channel");
  WriteString(w, spec.name);
  WriteKey(w, "unit");
  WriteString(w, spec.unit);
  WriteKey(w, "interval");
  WriteString(w, FormatDuration(info.interval_s));
  WriteKey(w, "interval_s");
  w.Int(info.interval_s);
  const bool empty = info.min_slot > info.max_slot;
  WriteKey(w, "from");
  if (empty) {
    w.Null();
  } else {
    WriteString(w, FormatIsoUtc(info.min_slot * info.interval_s));
  }
  WriteKey(w, "to");
  if (empty) {
    w.Null();
  } else {
    WriteString(w, FormatIsoUtc((info.max_slot + 1) * info.interval_s));
  }
  w.EndObject();
}

absl::Status GetSeries(const ApiRequest& request, Reply& reply) {
  GL_ASSIGN_OR_RETURN(const PageRequest page, Page(request));
  const storage::Catalog& catalog = request.store().catalog();
  std::vector<storage::SeriesId> ids;
  if (std::optional<std::string> meter = request.Query("meter")) {
    const std::optional<storage::AssetId> asset = catalog.FindAsset(*meter);
    if (!asset) {
      Where where;
      where.parameter = "meter";
      return WithWhere(absl::NotFoundError(fmt::format("unknown meter '{}'", *meter)), where);
    }
    ids = catalog.SeriesOfAsset(*asset);
    std::sort(ids.begin(), ids.end());
  } else {
    // Series ids are dense from 1 in the order the catalog made them.
    const size_t count = catalog.series_count();
    for (size_t i = 1; i <= count; ++i) ids.push_back(static_cast<storage::SeriesId>(i));
  }
  // The cursor is the last id served, as decimal text.
  storage::SeriesId after = 0;
  if (!page.after.empty()) {
    after = static_cast<storage::SeriesId>(std::strtoul(page.after.c_str(), nullptr, 10));
  }
  auto it = std::upper_bound(ids.begin(), ids.end(), after);
  const size_t left = static_cast<size_t>(ids.end() - it);
  const size_t n = std::min(left, page.limit);
  reply.Json([&](JsonWriter& w) {
    w.StartObject();
    WriteKey(w, "series");
    w.StartArray();
    for (size_t i = 0; i < n; ++i) WriteSeries(w, catalog, it[i]);
    w.EndArray();
    WriteNextCursor(w, n < left ? std::to_string(it[n - 1]) : std::string());
    w.EndObject();
  });
  return absl::OkStatus();
}

}  // namespace

void RegisterSeriesRoutes(Router* router) {
  Route route{
      .method = "GET",
      .pattern = "/api/v1/series",
      .access = kReaders,
      .summary =
          "Series (meter, channel, unit, interval, coverage): a meter's, or all of them "
          "page by page",
      .params = {QueryParam("meter", ParamType::kString, "only the series of this meter")},
      .handler = GetSeries,
      .tag = "series",
  };
  for (ParamSpec& p : PageParams()) route.params.push_back(std::move(p));
  router->Add(std::move(route));
}

}  // namespace gridline::server
