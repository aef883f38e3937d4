// The OpenAPI document stays in sync with the route table: every route is an operation of the
// document, every operation of the document is a route, and the parameters match.
#include "server/openapi.h"

#include <set>

#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "server/routes/routes.h"

namespace gridline::server {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(OpenApi, EveryRouteIsInTheDocumentAndNothingElse) {
  Router router;
  RegisterAllRoutes(&router);
  rapidjson::Document doc;
  const std::string text = OpenApiDocument(router);
  doc.Parse(text.c_str());
  ASSERT_FALSE(doc.HasParseError()) << text;
  std::set<std::string> documented;
  for (const auto& path : doc["paths"].GetObject()) {
    for (const auto& op : path.value.GetObject()) {
      documented.insert(std::string(op.name.GetString()) + " " + path.name.GetString());
    }
  }
  std::set<std::string> routes;
  for (const Route& r : router.routes()) {
    routes.insert(Lower(r.method) + " " + r.pattern);
    const auto& op = doc["paths"][r.pattern.c_str()][Lower(r.method).c_str()];
    std::set<std::string> params, declared;
    for (const auto& p : op["parameters"].GetArray()) params.insert(p["name"].GetString());
    for (const ParamSpec& p : r.params) declared.insert(p.name);
    EXPECT_EQ(params, declared) << r.method << " " << r.pattern;
    EXPECT_EQ(op["security"].Size(), r.access.anyone() ? 0u : 1u) << r.pattern;
  }
  EXPECT_EQ(documented, routes);
  EXPECT_TRUE(routes.count("get /healthz"));
  EXPECT_TRUE(routes.count("post /api/v1/meters/{id}/readings"));
}

}  // namespace
}  // namespace gridline::server
