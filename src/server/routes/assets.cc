// assets.cc: the grid model's assets.
//
//   GET /api/v1/assets/{id}                 one asset (kind, parent now and over time, position,
//                                           ratings, attributes, children count)
//   GET /api/v1/assets/{id}/children[?at=T] the assets hanging directly under it at T (now)
//   GET /api/v1/assets?[kind=K][&q=TEXT][&attr=KEY:VALUE][&limit=&cursor=]
//                                           search by id substring, kind and attribute, by id
//   GET /api/v1/geo/assets?bbox=W,S,E,N | lat=&lon=&radius_m= | polygon=LON LAT,LON LAT,... |
//                          lat=&lon=&nearest=N  [&kind=K,K][&routes=true][&limit=]
//                                           GeoJSON FeatureCollection for the map: points, and
//                                           feeder routes as LineStrings with routes=true
//
// The public role sees only the utility's equipment (substations, feeders, transformers) on the
// map, and the details of substations and feeders: nothing about one customer
// (docs/conventions.md).
#include <algorithm>
#include <cstdlib>

#include "absl/strings/str_split.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"
#include "server/api_error.h"
#include "server/api_request.h"
#include "server/geo_params.h"
#include "server/pagination.h"
#include "server/privacy_policy.h"
#include "server/reply.h"
#include "server/routes/routes.h"
#include "topology/asset_kind.h"

namespace gridline::server {

namespace {

constexpr char kGeoJson[] = "application/geo+json";
constexpr size_t kMaxGeoFeatures = 100'000;

int64_t NowSeconds() { return static_cast<int64_t>(std::time(nullptr)); }

// The kinds asked (all by default), within those the caller's role may see listed.
absl::StatusOr<topology::KindMask> KindsParam(const ApiRequest& request, bool map) {
  const std::optional<std::string> text = request.Query("kind");
  topology::KindMask mask = topology::kAllKinds;
  if (text && !text->empty()) {
    mask = 0;
    for (absl::string_view name_view : absl::StrSplit(*text, ',')) {
      const std::string_view name = StdView(name_view);
      const std::optional<storage::AssetKind> k = topology::ParseAssetKind(name);
      if (!k) return InvalidParameter("kind", fmt::format("unknown kind '{}'", name));
      mask |= topology::KindBit(*k);
    }
  }
  mask &= VisibleKinds(request.role(), map);
  return mask;
}

void WriteLatLon(JsonWriter& w, const topology::LatLon& p) {
  w.StartArray();
  w.Double(p.lon);
  w.Double(p.lat);
  w.EndArray();
}

void WriteAssetFields(JsonWriter& w, const topology::Topology& topo, const topology::AssetInfo& a,
                      bool details) {
  WriteKey(w, "id");
  WriteString(w, a.external_id);
  WriteKey(w, "kind");
  WriteString(w, topology::AssetKindName(a.kind));
  WriteKey(w, "parent");
  const storage::AssetId parent = topo.ParentAt(a.id, NowSeconds());
  const topology::AssetInfo* p = topo.Find(parent);
  if (p != nullptr) {
    WriteString(w, p->external_id);
  } else {
    w.Null();
  }
  if (a.rating_kva) {
    WriteKey(w, "rating_kva");
    w.Double(*a.rating_kva);
  }
  if (a.rating_a) {
    WriteKey(w, "rating_a");
    w.Double(*a.rating_a);
  }
  if (!a.pricing_node.empty()) {
    WriteKey(w, "pricing_node");
    WriteString(w, a.pricing_node);
  }
  const bool customer = a.kind != storage::AssetKind::kSubstation &&
                        a.kind != storage::AssetKind::kFeeder &&
                        a.kind != storage::AssetKind::kTransformer;
  if (customer) {
    WriteKey(w, "customer_class");
    WriteString(w, a.customer_class);
    WriteKey(w, "pv");
    w.Bool(a.pv);
    WriteKey(w, "ev");
    w.Bool(a.ev);
  }
  if (!details) return;
  if (a.position) {
    WriteKey(w, "lat");
    w.Double(a.position->lat);
    WriteKey(w, "lon");
    w.Double(a.position->lon);
  }
  if (!a.weather_station.empty()) {
    WriteKey(w, "weather_station");
    WriteString(w, a.weather_station);
  }
  WriteKey(w, "parents");
  w.StartArray();
  for (const topology::ParentPeriod& period : a.parents) {
    w.StartObject();
    WriteKey(w, "from");
    if (period.from == topology::kBeginningOfTime) {
      w.Null();
    } else {
      WriteString(w, FormatIsoUtc(period.from));
    }
    WriteKey(w, "parent");
    const topology::AssetInfo* pp = topo.Find(period.parent);
    if (pp != nullptr) {
      WriteString(w, pp->external_id);
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray();
  WriteKey(w, "attributes");
  w.StartObject();
  for (const auto& [k, v] : a.attributes) {
    WriteKey(w, k);
    WriteString(w, v);
  }
  w.EndObject();
}

absl::StatusOr<const topology::AssetInfo*> FindPlaced(const ApiRequest& request,
                                                      const topology::Topology& topo) {
  const std::string& id = request.PathParam("id");
  GL_ASSIGN_OR_RETURN(const storage::AssetId asset, FindReadableAsset(request, id));
  const topology::AssetInfo* info = topo.Find(asset);
  if (info == nullptr) {
    Where where;
    where.parameter = "id";
    return WithWhere(absl::NotFoundError(fmt::format(
                         "'{}' is not in the grid model (import its topology first)", id)),
                     where);
  }
  return info;
}

absl::Status GetAsset(const ApiRequest& request, Reply& reply) {
  auto topo = request.context().engine->current_topology();
  GL_ASSIGN_OR_RETURN(const topology::AssetInfo* a, FindPlaced(request, *topo));
  const size_t children = topo->ChildrenAt(a->id, NowSeconds()).size();
  reply.Json([&](JsonWriter& w) {
    w.StartObject();
    WriteAssetFields(w, *topo, *a, /*details=*/true);
    WriteKey(w, "children");
    w.Uint64(children);
    w.EndObject();
  });
  return absl::OkStatus();
}

absl::Status GetChildren(const ApiRequest& request, Reply& reply) {
  auto topo = request.context().engine->current_topology();
  GL_ASSIGN_OR_RETURN(const topology::AssetInfo* a, FindPlaced(request, *topo));
  int64_t at = NowSeconds();
  if (request.Query("at")) {
    GL_ASSIGN_OR_RETURN(at, request.Instant("at"));
  }
  const std::vector<storage::AssetId> children = topo->ChildrenAt(a->id, at);
  reply.Json([&](JsonWriter& w) {
    w.StartObject();
    WriteKey(w, "asset");
    WriteString(w, a->external_id);
    WriteKey(w, "at");
    WriteString(w, FormatIsoUtc(at));
    WriteKey(w, "children");
    w.StartArray();
    for (storage::AssetId c : children) {
      const topology::AssetInfo* ci = topo->Find(c);
      if (ci == nullptr || !MayRead(request.role(), ci->kind)) continue;
      w.StartObject();
      WriteAssetFields(w, *topo, *ci, /*details=*/false);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  });
  return absl::OkStatus();
}

absl::Status SearchAssets(const ApiRequest& request, Reply& reply) {
  GL_ASSIGN_OR_RETURN(const PageRequest page, Page(request));
  GL_ASSIGN_OR_RETURN(const topology::KindMask kinds, KindsParam(request, /*map=*/false));
  const std::string q = request.QueryOr("q", "");
  const std::string attr = request.QueryOr("attr", "");
  std::string attr_key, attr_value;
  if (!attr.empty()) {
    const size_t colon = attr.find(':');
    if (colon == std::string::npos || colon == 0) {
      return InvalidParameter("attr", "expected KEY:VALUE, e.g. customer_class:commercial");
    }
    attr_key = attr.substr(0, colon);
    attr_value = attr.substr(colon + 1);
  }
  const storage::AssetId after =
      page.after.empty()
          ? 0
          : static_cast<storage::AssetId>(std::strtoul(page.after.c_str(), nullptr, 10));
  auto topo = request.context().engine->current_topology();
  std::vector<const topology::AssetInfo*> hits;
  bool more = false;
  topo->ForEach([&](const topology::AssetInfo& a) {
    if (more || a.id <= after || (kinds & topology::KindBit(a.kind)) == 0) return;
    if (!q.empty() && a.external_id.find(q) == std::string::npos) return;
    if (!attr_key.empty()) {
      std::string value;
      if (attr_key == "customer_class")
        value = a.customer_class;
      else if (attr_key == "pricing_node")
        value = a.pricing_node;
      else if (attr_key == "weather_station")
        value = a.weather_station;
      else if (attr_key == "pv")
        value = a.pv ? "true" : "false";
      else if (attr_key == "ev")
        value = a.ev ? "true" : "false";
      else if (const std::string* v = a.FindAttribute(attr_key))
        value = *v;
      if (value != attr_value) return;
    }
    if (hits.size() == page.limit) {
      more = true;
      return;
    }
    hits.push_back(&a);
  });
  reply.Json([&](JsonWriter& w) {
    w.StartObject();
    WriteKey(w, "assets");
    w.StartArray();
    for (const topology::AssetInfo* a : hits) {
      w.StartObject();
      WriteAssetFields(w, *topo, *a, /*details=*/false);
      w.EndObject();
    }
    w.EndArray();
    WriteNextCursor(w, more ? std::to_string(hits.back()->id) : std::string());
    w.EndObject();
  });
  return absl::OkStatus();
}

absl::StatusOr<double> NumberParam(const ApiRequest& request, std::string_view name, double lo,
                                   double hi) {
  return ParseGeoNumber(name, request.QueryOr(name, ""), lo, hi);
}

absl::StatusOr<std::vector<topology::LatLon>> PointsParam(const ApiRequest& request,
                                                          std::string_view name, size_t count) {
  return ParseGeoPoints(name, request.QueryOr(name, ""), count);
}

absl::Status GeoAssets(const ApiRequest& request, Reply& reply) {
  GL_ASSIGN_OR_RETURN(const topology::KindMask kinds, KindsParam(request, /*map=*/true));
  GL_ASSIGN_OR_RETURN(const int64_t limit, request.Int("limit", 10'000));
  if (limit < 1 || limit > static_cast<int64_t>(kMaxGeoFeatures)) {
    return InvalidParameter("limit", fmt::format("between 1 and {}", kMaxGeoFeatures));
  }
  GL_ASSIGN_OR_RETURN(const bool routes, request.Bool("routes", false));
  auto geo = request.context().engine->geo();
  auto topo = request.context().engine->current_topology();
  std::vector<storage::AssetId> ids;
  std::vector<double> distances;
  if (request.Query("bbox")) {
    GL_ASSIGN_OR_RETURN(std::vector<topology::LatLon> box, PointsParam(request, "bbox", 2));
    ids = geo->InBox(box[0], box[1], kinds, static_cast<size_t>(limit));
  } else if (request.Query("polygon")) {
    GL_ASSIGN_OR_RETURN(std::vector<topology::LatLon> ring, PointsParam(request, "polygon", 0));
    if (ring.size() < 3) return InvalidParameter("polygon", "at least three vertices");
    ids = geo->InPolygon(ring, kinds);
  } else if (request.Query("lat") || request.Query("lon")) {
    GL_ASSIGN_OR_RETURN(const double lat, NumberParam(request, "lat", -90, 90));
    GL_ASSIGN_OR_RETURN(const double lon, NumberParam(request, "lon", -180, 180));
    std::vector<topology::GeoHit> hits;
    if (request.Query("nearest")) {
      GL_ASSIGN_OR_RETURN(const int64_t n, request.Int("nearest", 10));
      if (n < 1 || n > static_cast<int64_t>(kMaxGeoFeatures)) {
        return InvalidParameter("nearest", fmt::format("between 1 and {}", kMaxGeoFeatures));
      }
      hits = geo->Nearest({lat, lon}, static_cast<size_t>(n), kinds);
    } else {
      GL_ASSIGN_OR_RETURN(const double radius, NumberParam(request, "radius_m", 0, 20'037'000));
      hits = geo->WithinRadius({lat, lon}, radius, kinds);
    }
    for (const topology::GeoHit& h : hits) {
      ids.push_back(h.id);
      distances.push_back(h.distance_m);
    }
  } else {
    return InvalidParameter("bbox", "give bbox, polygon, lat+lon+radius_m or lat+lon+nearest");
  }
  if (ids.size() > static_cast<size_t>(limit)) {
    ids.resize(static_cast<size_t>(limit));
    if (!distances.empty()) distances.resize(ids.size());
  }
  reply.Json(
      [&](JsonWriter& w) {
        w.StartObject();
        WriteKey(w, "type");
        WriteString(w, "FeatureCollection");
        WriteKey(w, "features");
        w.StartArray();
        for (size_t i = 0; i < ids.size(); ++i) {
          const topology::AssetInfo* a = topo->Find(ids[i]);
          if (a == nullptr || !a->position) continue;
          for (int part = 0; part < (routes && !a->routes.empty() ? 2 : 1); ++part) {
            w.StartObject();
            WriteKey(w, "type");
            WriteString(w, "Feature");
            WriteKey(w, "geometry");
            w.StartObject();
            WriteKey(w, "type");
            if (part == 0) {
              WriteString(w, "Point");
              WriteKey(w, "coordinates");
              WriteLatLon(w, *a->position);
            } else {
              WriteString(w, "MultiLineString");
              WriteKey(w, "coordinates");
              w.StartArray();
              for (const topology::Route& r : a->routes) {
                w.StartArray();
                for (const topology::LatLon& p : r) WriteLatLon(w, p);
                w.EndArray();
              }
              w.EndArray();
            }
            w.EndObject();
            WriteKey(w, "properties");
            w.StartObject();
            WriteAssetFields(w, *topo, *a, /*details=*/false);
            if (!distances.empty()) {
              WriteKey(w, "distance_m");
              w.Double(distances[i]);
            }
            w.EndObject();
            w.EndObject();
          }
        }
        w.EndArray();
        w.EndObject();
      },
      kGeoJson);
  return absl::OkStatus();
}

}  // namespace

void RegisterAssetRoutes(Router* router) {
  router->Add({
      .method = "GET",
      .pattern = "/api/v1/assets/{id}",
      .access = kPublicReaders,
      .summary = "One asset of the grid model: kind, parent over time, position, ratings, "
                 "attributes",
      .params = {PathParam("id", "asset id")},
      .handler = GetAsset,
      .tag = "assets",
  });
  router->Add({
      .method = "GET",
      .pattern = "/api/v1/assets/{id}/children",
      .access = kPublicReaders,
      .summary = "The assets hanging directly under an asset at an instant (default now)",
      .params = {PathParam("id", "asset id"),
                 QueryParam("at", ParamType::kInstant, "the instant (default now)")},
      .handler = GetChildren,
      .tag = "assets",
  });
  Route search{
      .method = "GET",
      .pattern = "/api/v1/assets",
      .access = kPublicReaders,
      .summary = "Search assets by id substring, kind and attribute, page by page",
      .params = {QueryParam("q", ParamType::kString, "part of the asset id"),
                 QueryParam("kind", ParamType::kString, "kinds, comma-separated"),
                 QueryParam("attr", ParamType::kString,
                            "KEY:VALUE (customer_class, pricing_node, pv, ev, or any free "
                            "attribute)")},
      .handler = SearchAssets,
      .tag = "assets",
  };
  for (ParamSpec& p : PageParams()) search.params.push_back(std::move(p));
  router->Add(std::move(search));
  router->Add({
      .method = "GET",
      .pattern = "/api/v1/geo/assets",
      .access = kPublicReaders,
      .summary = "Assets in a box, polygon or radius, or nearest to a point, as GeoJSON",
      .params = {QueryParam("bbox", ParamType::kString, "W,S,E,N in degrees"),
                 QueryParam("polygon", ParamType::kString, "LON LAT,LON LAT,... (3 or more)"),
                 QueryParam("lat", ParamType::kString, "centre latitude"),
                 QueryParam("lon", ParamType::kString, "centre longitude"),
                 QueryParam("radius_m", ParamType::kString, "radius in metres (with lat, lon)"),
                 QueryParam("nearest", ParamType::kInteger, "the N nearest (with lat, lon)"),
                 QueryParam("kind", ParamType::kString, "kinds, comma-separated"),
                 QueryParam("routes", ParamType::kBoolean, "also feeder routes as lines"),
                 QueryParam("limit", ParamType::kInteger, "at most this many (10,000)")},
      .produces = {kGeoJson},
      .handler = GeoAssets,
      .tag = "assets",
  });
}

}  // namespace gridline::server
