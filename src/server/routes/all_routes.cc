// all_routes.cc: RegisterAllRoutes, the one list of the API's resources.
#include "server/routes/billing_routes.h"
#include "server/routes/routes.h"

namespace gridline::server {

void RegisterAllRoutes(Router* router) {
  RegisterSystemRoutes(router);
  RegisterReadingRoutes(router);
  RegisterGreenButtonRoutes(router);
  RegisterAggRoutes(router);
  RegisterImportRoutes(router);
  RegisterInfluxRoutes(router);
  RegisterSeriesRoutes(router);
  RegisterAssetRoutes(router);
  RegisterRollupRoutes(router);
  RegisterAnalyticsRoutes(router);
  RegisterTopologyRoutes(router);
  RegisterVeeRoutes(router);
  RegisterBillingRoutes(router);
}

}  // namespace gridline::server
