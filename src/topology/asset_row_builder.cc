// asset_row_builder.cc: field parsing and checks for one topology input record
// (asset_row_builder.h).
#include "topology/asset_row_builder.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"
#include "ingest/csv/csv_text.h"

namespace gridline::topology {

namespace {

struct NamedColumn {
  std::string_view name;
  Column column;
};

constexpr NamedColumn kColumns[] = {
    {"asset_id", Column::kAssetId},
    {"kind", Column::kKind},
    {"parent_id", Column::kParentId},
    {"lat", Column::kLat},
    {"lon", Column::kLon},
    {"rating_kva", Column::kRatingKva},
    {"rating_a", Column::kRatingA},
    {"customer_class", Column::kCustomerClass},
    {"pv", Column::kPv},
    {"ev", Column::kEv},
    {"pricing_node", Column::kPricingNode},
    {"weather_station", Column::kWeatherStation},
    {"valid_from", Column::kValidFrom},
};

// Ratings above these are typing errors, not equipment (the largest power transformers are
// about 1,500 MVA).
constexpr double kMaxRatingKva = 10'000'000;
constexpr double kMaxRatingA = 1'000'000;

std::optional<bool> ParseBool(std::string_view text) {
  for (std::string_view t : {"true", "1", "yes", "y", "t"}) {
    if (EqualsIgnoreCase(text, t)) return true;
  }
  for (std::string_view f : {"false", "0", "no", "n", "f"}) {
    if (EqualsIgnoreCase(text, f)) return false;
  }
  return std::nullopt;
}

}  // namespace

Column ColumnFromName(std::string_view name) {
  name = StripSpaces(name);
  for (const NamedColumn& c : kColumns) {
    if (EqualsIgnoreCase(name, c.name)) return c.column;
  }
  return Column::kAttribute;
}

std::optional<std::string> CheckText(std::string_view text, size_t max_bytes) {
  if (text.size() > max_bytes) {
    return fmt::format("longer than {} bytes ({} bytes)", max_bytes, text.size());
  }
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    if (*p < 0x20 || *p == 0x7F) return fmt::format("control character in {}", ingest::Shown(text));
    const size_t n = ingest::Utf8SequenceLength(p, end);
    if (n == 0) return fmt::format("not UTF-8: {}", ingest::Shown(text));
    p += n;
  }
  return std::nullopt;
}

std::optional<std::string> CheckAssetId(std::string_view id) {
  if (id.empty()) return std::string("empty");
  return CheckText(id, storage::kMaxExternalIdBytes);
}

bool AddAttribute(std::string name, std::string value,
                  std::vector<std::pair<std::string, std::string>>* attributes) {
  auto it = std::lower_bound(attributes->begin(), attributes->end(), name,
                             [](const std::pair<std::string, std::string>& a,
                                const std::string& n) { return a.first < n; });
  if (it != attributes->end() && it->first == name) return it->second == value;
  attributes->emplace(it, std::move(name), std::move(value));
  return true;
}

AssetRowBuilder::AssetRowBuilder(TopologyInput* input, SourceRef where) : input_(input) {
  row_.source = where;
}

void AssetRowBuilder::Error(std::string_view field, std::string reason) {
  input_->AddError(row_.source, std::string(field), std::move(reason));
}

std::optional<double> AssetRowBuilder::Number(std::string_view name, std::string_view text) {
  double v = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || ptr != end || !std::isfinite(v)) {
    Error(name, fmt::format("not a number: {}", ingest::Shown(text)));
    return std::nullopt;
  }
  return v;
}

void AssetRowBuilder::Set(Column column, std::string_view name, std::string_view raw) {
  const std::string_view text = StripSpaces(raw);
  if (text.empty()) return;
  switch (column) {
    case Column::kAssetId:
      has_id_ = true;
      if (auto bad = CheckAssetId(text)) {
        bad_id_ = true;
        Error(name, *bad);
        return;
      }
      row_.id = std::string(text);
      return;
    case Column::kKind:
      kind_given_ = true;
      if (auto kind = ParseAssetKind(text)) {
        row_.kind = *kind;
        has_kind_ = true;
      } else {
        Error(name, fmt::format("unknown kind {} (substation, feeder, transformer, service_point, "
                                "meter, panel, circuit or sensor)",
                                ingest::Shown(text)));
      }
      return;
    case Column::kParentId:
      if (auto bad = CheckAssetId(text)) {
        Error(name, *bad);
        return;
      }
      row_.parent_id = std::string(text);
      return;
    case Column::kLat:
      lat_given_ = true;
      if (auto v = Number(name, text)) {
        if (*v < -90 || *v > 90) {
          Error(name, fmt::format("{} is not a latitude (-90 to 90)", text));
        } else {
          lat_ = v;
        }
      }
      return;
    case Column::kLon:
      lon_given_ = true;
      if (auto v = Number(name, text)) {
        if (*v < -180 || *v > 180) {
          Error(name, fmt::format("{} is not a longitude (-180 to 180)", text));
        } else {
          lon_ = v;
        }
      }
      return;
    case Column::kRatingKva:
    case Column::kRatingA: {
      const bool kva = column == Column::kRatingKva;
      auto v = Number(name, text);
      if (!v) return;
      const double max = kva ? kMaxRatingKva : kMaxRatingA;
      if (*v <= 0 || *v > max) {
        Error(name, fmt::format("rating {} out of range (more than 0, at most {})", text, max));
        return;
      }
      (kva ? row_.rating_kva : row_.rating_a) = *v;
      return;
    }
    case Column::kPv:
    case Column::kEv:
      if (auto b = ParseBool(text)) {
        (column == Column::kPv ? row_.pv : row_.ev) = *b;
      } else {
        Error(name, fmt::format("{} is not true/false, 1/0 or yes/no", ingest::Shown(text)));
      }
      return;
    case Column::kCustomerClass:
    case Column::kPricingNode:
    case Column::kWeatherStation: {
      if (auto bad = CheckText(text, kMaxTextBytes)) {
        Error(name, *bad);
        return;
      }
      std::optional<std::string>& field = column == Column::kCustomerClass ? row_.customer_class
                                          : column == Column::kPricingNode ? row_.pricing_node
                                                                           : row_.weather_station;
      field = std::string(text);
      return;
    }
    case Column::kValidFrom: {
      absl::StatusOr<int64_t> t = ParseInstant(text);
      if (!t.ok()) {
        Error(name, fmt::format("{}: {}", ingest::Shown(text), StdView(t.status().message())));
        return;
      }
      row_.valid_from = *t;
      return;
    }
    case Column::kAttribute: {
      if (auto bad = CheckText(text, kMaxAttributeValueBytes)) {
        Error(name, *bad);
        return;
      }
      if (!AddAttribute(std::string(StripSpaces(name)), std::string(text), &row_.attributes)) {
        Error(name, "given twice with different values");
      }
      return;
    }
  }
}

std::optional<AssetRow> AssetRowBuilder::Finish() {
  if (!has_id_) Error("asset_id", "empty");
  if (!kind_given_) Error("kind", "empty");
  if (lat_given_ != lon_given_) {
    if (!lat_given_) Error("lat", "missing: lon is given, lat is not");
    if (!lon_given_) Error("lon", "missing: lat is given, lon is not");
  } else if (lat_ && lon_) {
    row_.position = LatLon{*lat_, *lon_};
  }
  if (!has_id_ || bad_id_ || !has_kind_) return std::nullopt;
  return std::move(row_);
}

}  // namespace gridline::topology
