// all_routes.cc: RegisterAllRoutes, the one list of the API's resources.
#include "server/routes/routes.h"

namespace gridline::server {

void RegisterAllRoutes(Router* router) {
  RegisterSystemRoutes(router);
  RegisterReadingRoutes(router);
  RegisterAggRoutes(router);
  RegisterImportRoutes(router);
  RegisterSeriesRoutes(router);
}

}  // namespace gridline::server
