// geojson_topology_reader.cc: the GeoJSON topology reader (geojson_topology_reader.h), over
// RapidJSON's DOM (the whole document is in memory anyway; topology files are megabytes).
#include "topology/geojson_topology_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include "common/json_bounds.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "ingest/csv/csv_text.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "topology/asset_row_builder.h"

namespace gridline::topology {

namespace {

using rapidjson::Value;

std::string_view View(const Value& v) {
  return std::string_view(v.GetString(), v.GetStringLength());
}

// The member `name` of object `v`, or nullptr.
const Value* Member(const Value& v, const char* name) {
  if (!v.IsObject()) return nullptr;
  auto it = v.FindMember(name);
  return it == v.MemberEnd() ? nullptr : &it->value;
}

// A property value as column text: null is empty (not given), an object or array its compact
// JSON (kept in a free attribute; a known column rejects it as it would any bad text).
std::string ValueText(const Value& v) {
  if (v.IsNull()) return std::string();
  if (v.IsString()) return std::string(View(v));
  if (v.IsBool()) return std::string(v.GetBool() ? "true" : "false");
  if (v.IsInt64()) return fmt::format("{}", v.GetInt64());
  if (v.IsUint64()) return fmt::format("{}", v.GetUint64());
  if (v.IsNumber()) return fmt::format("{}", v.GetDouble());  // shortest text that round-trips
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  v.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

// Reads a GeoJSON position [lon, lat(, altitude)]; nullopt with *reason when it is not one.
std::optional<LatLon> Position(const Value& v, std::string* reason) {
  if (!v.IsArray() || v.Size() < 2 || !v[0].IsNumber() || !v[1].IsNumber()) {
    *reason = "a position must be [longitude, latitude] numbers";
    return std::nullopt;
  }
  const double lon = v[0].GetDouble();
  const double lat = v[1].GetDouble();
  if (!std::isfinite(lat) || lat < -90 || lat > 90) {
    *reason = fmt::format("latitude {} is not in -90 to 90", lat);
    return std::nullopt;
  }
  if (!std::isfinite(lon) || lon < -180 || lon > 180) {
    *reason = fmt::format("longitude {} is not in -180 to 180", lon);
    return std::nullopt;
  }
  return LatLon{lat, lon};
}

// Reads a LineString's coordinates (two positions at least); false with *reason otherwise.
bool Line(const Value& v, Route* route, std::string* reason) {
  if (!v.IsArray() || v.Size() < 2) {
    *reason = "a line needs at least two positions";
    return false;
  }
  for (const Value& p : v.GetArray()) {
    std::optional<LatLon> ll = Position(p, reason);
    if (!ll) return false;
    route->push_back(*ll);
  }
  return true;
}

class FeatureReader {
 public:
  FeatureReader(TopologyInput* input, int64_t index) : input_(input), where_{0, index} {}

  void Read(const Value& feature) {
    const Value* type = Member(feature, "type");
    if (type == nullptr || !type->IsString() || View(*type) != "Feature") {
      return Error("type", "not a Feature");
    }
    const Value* properties = Member(feature, "properties");
    if (properties != nullptr && !properties->IsNull() && !properties->IsObject()) {
      return Error("properties", "not an object");
    }
    const Value* geometry = Member(feature, "geometry");
    std::string_view geometry_type;
    if (geometry != nullptr && !geometry->IsNull()) {
      const Value* gtype = Member(*geometry, "type");
      if (gtype == nullptr || !gtype->IsString()) return Error("geometry", "has no type");
      geometry_type = View(*gtype);
    }
    const bool is_line = geometry_type == "LineString" || geometry_type == "MultiLineString";
    if (!geometry_type.empty() && geometry_type != "Point" && !is_line) {
      return Error("geometry", fmt::format("type {} is not supported (Point, LineString or "
                                           "MultiLineString)",
                                           ingest::Shown(geometry_type)));
    }
    const Value* coordinates = geometry_type.empty() ? nullptr : Member(*geometry, "coordinates");
    if (!geometry_type.empty() && coordinates == nullptr) {
      return Error("geometry", "has no coordinates");
    }
    if (is_line) {
      ReadRoute(geometry_type, *coordinates, properties);
      if (properties == nullptr || Member(*properties, "kind") == nullptr) return;
    }
    ReadAsset(is_line ? nullptr : coordinates, properties);
  }

 private:
  void Error(std::string_view field, std::string reason) {
    input_->AddError(where_, std::string(field), std::move(reason));
  }

  void ReadAsset(const Value* point, const Value* properties) {
    AssetRowBuilder builder(input_, where_);
    std::optional<LatLon> at;
    std::string reason;
    if (point != nullptr) {
      at = Position(*point, &reason);
      if (!at) return Error("geometry", reason);
      builder.Set(Column::kLat, "geometry", fmt::format("{}", at->lat));
      builder.Set(Column::kLon, "geometry", fmt::format("{}", at->lon));
    }
    if (properties != nullptr && properties->IsObject()) {
      if (properties->MemberCount() > kMaxColumns) {
        return Error("properties", fmt::format("{} properties, more than {}",
                                               properties->MemberCount(), kMaxColumns));
      }
      for (const auto& m : properties->GetObject()) {
        const std::string_view name = View(m.name);
        const Column column = ColumnFromName(name);
        const std::string text = ValueText(m.value);
        if (column == Column::kAttribute) {
          if (auto bad = CheckText(name, kMaxAttributeNameBytes)) {
            Error("properties", fmt::format("property name {}", *bad));
            continue;
          }
        }
        if (at && (column == Column::kLat || column == Column::kLon)) {
          // The geometry places the asset; a lat/lon property may repeat it, not contradict it.
          const std::string_view given = StripSpaces(text);
          const double want = column == Column::kLat ? at->lat : at->lon;
          double v = 0;
          const auto [end, ec] = std::from_chars(given.data(), given.data() + given.size(), v);
          const bool same = ec == std::errc() && end == given.data() + given.size() &&
                            std::fabs(v - want) <= 1e-9;
          if (!given.empty() && !same) {
            Error(name, fmt::format("{} differs from the Point geometry ({})", ingest::Shown(given),
                                    want));
          }
          continue;
        }
        builder.Set(column, name, text);
      }
    }
    if (std::optional<AssetRow> row = builder.Finish()) input_->rows.push_back(std::move(*row));
  }

  void ReadRoute(std::string_view type, const Value& coordinates, const Value* properties) {
    RouteRow route;
    route.source = where_;
    const Value* id = properties == nullptr ? nullptr : Member(*properties, "asset_id");
    if (id == nullptr || !id->IsString()) {
      return Error("asset_id", "a route needs the asset_id (a string) of the asset it belongs to");
    }
    route.asset_id = std::string(StripSpaces(View(*id)));
    if (auto bad = CheckAssetId(route.asset_id)) return Error("asset_id", *bad);
    std::string reason;
    if (type == "LineString") {
      route.lines.emplace_back();
      if (!Line(coordinates, &route.lines.back(), &reason)) return Error("geometry", reason);
    } else {
      if (!coordinates.IsArray() || coordinates.Empty()) {
        return Error("geometry", "a MultiLineString needs at least one line");
      }
      for (const Value& line : coordinates.GetArray()) {
        route.lines.emplace_back();
        if (!Line(line, &route.lines.back(), &reason)) return Error("geometry", reason);
      }
    }
    size_t positions = 0;
    for (const Route& line : route.lines) positions += line.size();
    if (positions > kMaxRoutePositions) {
      return Error("geometry", fmt::format("{} positions, more than {} in one route", positions,
                                           kMaxRoutePositions));
    }
    input_->routes.push_back(std::move(route));
  }

  TopologyInput* input_;
  SourceRef where_;
};

// RapidJSON builds its DOM recursively and Accept (ValueText) walks it so: hostile input like
// a million `[` would overflow the stack. GeoJSON needs six levels (a MultiLineString's
// coordinates inside a feature inside the collection); free attributes may hold a little JSON.
constexpr JsonLimits kGeoJsonLimits{
    .max_depth = 64, .max_string_bytes = size_t{64} << 10, .max_values = size_t{64} << 20};

}  // namespace

TopologyInput ParseTopologyGeoJson(std::string_view text, std::string file) {
  TopologyInput input;
  input.file = std::move(file);
  constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  rapidjson::Document doc;
  size_t offset = 0;
  if (absl::Status s =
          ParseBoundedJson(text, JsonNumbers::kAsDouble, kGeoJsonLimits, &doc, &offset);
      !s.ok()) {
    offset = std::min(offset, text.size());
    const uint64_t line = 1 + std::count(text.begin(), text.begin() + offset, '\n');
    input.AddError(SourceRef{line, -1}, "json", std::string(s.message()));
    return input;
  }
  const Value* type = Member(doc, "type");
  if (type == nullptr || !type->IsString() || View(*type) != "FeatureCollection") {
    input.AddError(SourceRef{}, "type", "not a GeoJSON FeatureCollection");
    return input;
  }
  const Value* features = Member(doc, "features");
  if (features == nullptr || !features->IsArray()) {
    input.AddError(SourceRef{}, "features", "missing or not an array");
    return input;
  }
  int64_t index = 0;
  for (const Value& feature : features->GetArray()) {
    ++input.records;
    FeatureReader(&input, index++).Read(feature);
  }
  return input;
}

}  // namespace gridline::topology
