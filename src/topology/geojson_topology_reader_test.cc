// Tests of the GeoJSON topology reader: Point features as assets, line features as routes, and
// errors that name the feature index and the property.
#include "topology/geojson_topology_reader.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "topology/asset_row_builder.h"
#include "topology/topology_test_util.h"

namespace gridline::topology {
namespace {

using ::testing::ElementsAre;
using testing::Errors;
using ::testing::HasSubstr;

std::string Collection(const std::string& features) {
  return "{\"type\":\"FeatureCollection\",\"features\":[" + features + "]}";
}

TopologyInput Parse(const std::string& features) {
  return ParseTopologyGeoJson(Collection(features), "g.geojson");
}

std::string OnlyError(const std::string& features) {
  TopologyInput in = Parse(features);
  EXPECT_EQ(in.errors.size(), 1u) << Errors(in.errors);
  return in.errors.empty() ? "" : FormatTopologyError(in.errors[0]);
}

TEST(GeoJsonTopologyReader, PointsAreAssetsWithTheirProperties) {
  TopologyInput in = Parse(
      R"({"type":"Feature","geometry":{"type":"Point","coordinates":[-122.25,37.5]},
          "properties":{"asset_id":"S1","kind":"substation","parent_id":null,"rating_kva":20000,
                        "pricing_node":"TH_NP15_GEN-APND","owner":{"name":"PG&E"}}},
         {"type":"Feature","geometry":null,
          "properties":{"asset_id":"M1","kind":"meter","parent_id":"T1","pv":true,"ev":false,
                        "lat":37.6,"lon":-122.3,"valid_from":"2026-03-01T00:00:00Z","floor":3}})");
  ASSERT_TRUE(in.errors.empty()) << Errors(in.errors);
  ASSERT_EQ(in.rows.size(), 2u);
  EXPECT_EQ(in.records, 2u);
  const AssetRow& s = in.rows[0];
  EXPECT_EQ(s.source.feature, 0);
  EXPECT_EQ(s.id, "S1");
  EXPECT_EQ(s.position, (LatLon{37.5, -122.25}));
  EXPECT_EQ(s.rating_kva, 20000);
  EXPECT_EQ(s.pricing_node, "TH_NP15_GEN-APND");
  ASSERT_EQ(s.attributes.size(), 1u);
  EXPECT_EQ(s.attributes[0].second, R"({"name":"PG&E"})");
  const AssetRow& m = in.rows[1];
  EXPECT_EQ(m.source.feature, 1);
  EXPECT_EQ(m.parent_id, "T1");
  EXPECT_EQ(m.position, (LatLon{37.6, -122.3}));
  EXPECT_EQ(m.pv, true);
  EXPECT_EQ(m.ev, false);
  EXPECT_EQ(m.valid_from, 1772323200);
  ASSERT_EQ(m.attributes.size(), 1u);
  EXPECT_EQ(m.attributes[0], (std::pair<std::string, std::string>("floor", "3")));
}

TEST(GeoJsonTopologyReader, LinesAreRoutes) {
  TopologyInput in = Parse(
      R"({"type":"Feature","geometry":{"type":"LineString","coordinates":[[-122,37],[-122.1,37.1]]},
          "properties":{"asset_id":"F1"}},
         {"type":"Feature","geometry":{"type":"MultiLineString",
            "coordinates":[[[-122,37],[-122.2,37.2],[-122.3,37.2]],[[-122.2,37.2],[-122.2,37.3]]]},
          "properties":{"asset_id":"F2","kind":"feeder","parent_id":"S1"}})");
  ASSERT_TRUE(in.errors.empty()) << Errors(in.errors);
  ASSERT_EQ(in.routes.size(), 2u);
  EXPECT_EQ(in.routes[0].asset_id, "F1");
  ASSERT_EQ(in.routes[0].lines.size(), 1u);
  EXPECT_THAT(in.routes[0].lines[0], ElementsAre(LatLon{37, -122}, LatLon{37.1, -122.1}));
  EXPECT_EQ(in.routes[1].lines.size(), 2u);
  EXPECT_EQ(in.routes[1].lines[0].size(), 3u);
  // A line feature with a kind also defines its asset, without a position.
  ASSERT_EQ(in.rows.size(), 1u);
  EXPECT_EQ(in.rows[0].id, "F2");
  EXPECT_FALSE(in.rows[0].position.has_value());
}

TEST(GeoJsonTopologyReader, ErrorsNameTheFeatureAndProperty) {
  const std::string ok =
      R"({"type":"Feature","geometry":null,"properties":{"asset_id":"S0","kind":"substation"}},)";
  EXPECT_EQ(OnlyError(ok + R"({"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},
      "properties":{"asset_id":"S1","kind":"substation","rating_kva":-1}})"),
            "g.geojson:feature 1: rating_kva: rating -1 out of range (more than 0, at most "
            "10000000)");
  EXPECT_EQ(OnlyError(R"({"type":"Feature","geometry":{"type":"Point","coordinates":[200,2]},
                          "properties":{"asset_id":"S1","kind":"substation"}})"),
            "g.geojson:feature 0: geometry: longitude 200 is not in -180 to 180");
  EXPECT_EQ(OnlyError(R"({"type":"Feature","geometry":{"type":"Point","coordinates":["a",2]},
                          "properties":{"asset_id":"S1","kind":"substation"}})"),
            "g.geojson:feature 0: geometry: a position must be [longitude, latitude] numbers");
  EXPECT_EQ(OnlyError(R"({"type":"Feature","geometry":{"type":"Polygon","coordinates":[]},
                          "properties":{"asset_id":"S1","kind":"substation"}})"),
            "g.geojson:feature 0: geometry: type 'Polygon' is not supported (Point, LineString "
            "or MultiLineString)");
  EXPECT_EQ(OnlyError(R"({"type":"Feature","geometry":null,"properties":{"asset_id":"S1"}})"),
            "g.geojson:feature 0: kind: empty");
  EXPECT_EQ(OnlyError(R"({"type":"Feature","geometry":null,
                          "properties":{"asset_id":"S1","kind":["substation"]}})"),
            "g.geojson:feature 0: kind: unknown kind '[\"substation\"]' (substation, feeder, "
            "transformer, service_point, meter, panel, circuit or sensor)");
  EXPECT_EQ(OnlyError(R"({"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2]]},
                          "properties":{"asset_id":"F1"}})"),
            "g.geojson:feature 0: geometry: a line needs at least two positions");
  EXPECT_EQ(
      OnlyError(R"({"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],[1,3]]},
                          "properties":{}})"),
      "g.geojson:feature 0: asset_id: a route needs the asset_id (a string) of the asset it "
      "belongs to");
  EXPECT_EQ(OnlyError(R"({"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},
                          "properties":{"asset_id":"S1","kind":"substation","lat":3}})"),
            "g.geojson:feature 0: lat: '3' differs from the Point geometry (2)");
  EXPECT_EQ(OnlyError(R"({"type":"Thing"})"), "g.geojson:feature 0: type: not a Feature");
}

TEST(GeoJsonTopologyReader, DocumentErrors) {
  TopologyInput in =
      ParseTopologyGeoJson("{\"type\":\"FeatureCollection\",\n\"features\":[,]}", "g.geojson");
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_THAT(FormatTopologyError(in.errors[0]), HasSubstr("g.geojson:2: json: "));
  // Hostile nesting is refused before RapidJSON recurses into it.
  in = ParseTopologyGeoJson(std::string(1000000, '[') + std::string(1000000, ']'), "g.geojson");
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_EQ(FormatTopologyError(in.errors[0]),
            "g.geojson:1: json: arrays and objects nested deeper than 64 levels (at byte 64)");
  in = ParseTopologyGeoJson("{\"type\":\"Feature\"}", "g.geojson");
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_EQ(FormatTopologyError(in.errors[0]), "g.geojson: type: not a GeoJSON FeatureCollection");
}

// Issue 11: a feature's properties go into a sorted vector one by one, so a million of them
// took quadratic time; a route's positions had no bound.
TEST(GeoJsonTopologyReader, RejectsFeatureWithMoreThanMaxProperties) {
  std::string properties = R"("asset_id":"S1","kind":"substation")";
  for (size_t i = 2; i < kMaxColumns; ++i) properties += ",\"p" + std::to_string(i) + "\":1";
  const std::string feature = R"({"type":"Feature","properties":{)" + properties;
  TopologyInput in = Parse(feature + "}}");
  EXPECT_TRUE(in.errors.empty()) << Errors(in.errors);
  EXPECT_EQ(OnlyError(feature + ",\"one_more\":1}}"),
            "g.geojson:feature 0: properties: 1025 properties, more than 1024");
}

TEST(GeoJsonTopologyReader, RejectsRouteWithMoreThanMaxPositions) {
  std::string positions = "[1,2]";
  for (size_t i = 1; i < kMaxRoutePositions; ++i) positions += ",[1,2]";
  const std::string start =
      R"({"type":"Feature","properties":{"asset_id":"F1"},"geometry":{"type":"LineString",)"
      R"("coordinates":[)";
  TopologyInput in = Parse(start + positions + "]}}");
  EXPECT_TRUE(in.errors.empty()) << Errors(in.errors);
  EXPECT_EQ(OnlyError(start + positions + ",[3,4]]}}"),
            "g.geojson:feature 0: geometry: 1000001 positions, more than 1000000 in one route");
}

}  // namespace
}  // namespace gridline::topology
