// routes.h: the registration function of every resource's routes, one file per resource in
// src/server/routes/. A new resource adds its file and a line to RegisterAllRoutes
// (src/server/README.md: "Adding a route").
#ifndef GRIDLINE_SERVER_ROUTES_ROUTES_H_
#define GRIDLINE_SERVER_ROUTES_ROUTES_H_

#include "server/router.h"

namespace gridline::server {

// /healthz, /metrics, /api/v1/openapi.json (system.cc).
void RegisterSystemRoutes(Router* router);
// GET and POST /api/v1/meters/{id}/readings (readings.cc, readings_write.cc).
void RegisterReadingRoutes(Router* router);
// GET /api/v1/meters/{id}/greenbutton (greenbutton.cc).
void RegisterGreenButtonRoutes(Router* router);
// GET /api/v1/meters/{id}/agg (agg.cc).
void RegisterAggRoutes(Router* router);
// POST /api/v1/import/csv (import.cc).
void RegisterImportRoutes(Router* router);
// influx.cc: /write, /ping, /query for InfluxDB 1.x clients and Telegraf.
void RegisterInfluxRoutes(Router* router);
// GET /api/v1/series (series.cc).
void RegisterSeriesRoutes(Router* router);
// assets.cc: assets, children, search, geo (GeoJSON).
void RegisterAssetRoutes(Router* router);
// rollup.cc: GET /api/v1/assets/{id}/rollup.
void RegisterRollupRoutes(Router* router);
// analytics.cc: GET /api/v1/assets/{id}/analytics.
void RegisterAnalyticsRoutes(Router* router);
// topology.cc: POST /api/v1/topology (a job), GET /api/v1/jobs[/{id}].
void RegisterTopologyRoutes(Router* router);
// vee.cc: exceptions, manual edits, a reading's history.
void RegisterVeeRoutes(Router* router);

// All of the above, in that order.
void RegisterAllRoutes(Router* router);

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_ROUTES_ROUTES_H_
