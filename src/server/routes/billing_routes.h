// billing_routes.h: the registration of the /api/v1/billing routes (billing.cc), called by
// RegisterAllRoutes.
#ifndef GRIDLINE_SERVER_ROUTES_BILLING_ROUTES_H_
#define GRIDLINE_SERVER_ROUTES_BILLING_ROUTES_H_

#include "server/router.h"

namespace gridline::server {

// POST /api/v1/billing/run, POST /api/v1/billing/trueup, GET /api/v1/billing/bills.
void RegisterBillingRoutes(Router* router);

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_ROUTES_BILLING_ROUTES_H_
