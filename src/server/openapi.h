// openapi.h: the OpenAPI 3 document of the API, generated from the route table, so it cannot
// drift from what the server does (a test checks both ways: every route is in the document and
// every path of the document is a route). Served at GET /api/v1/openapi.json.
#ifndef GRIDLINE_SERVER_OPENAPI_H_
#define GRIDLINE_SERVER_OPENAPI_H_

#include <string>

#include "server/router.h"

namespace gridline::server {

// Each route becomes an operation with its summary, tag, parameters (typed: ISO 8601 instants
// as date-time strings, enums with their values, defaults), request body types, answer types,
// the error schema, the bearer security scheme (none for open routes) and `x-roles`, the roles
// allowed.
std::string OpenApiDocument(const Router& router);

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_OPENAPI_H_
