// asset_row_builder.h: turns the named text fields of one input record (a CSV row, a GeoJSON
// feature's properties) into an AssetRow, checking each field. Shared by both readers so that
// a column means the same in CSV and GeoJSON and fails with the same reasons.
//
// Columns (names case-insensitive):
//   asset_id, kind, parent_id         ids: 1..128 bytes of UTF-8 without control characters
//   lat, lon                          degrees, -90..90 and -180..180, both or neither
//   rating_kva, rating_a              positive numbers
//   customer_class                    text (default `residential`)
//   pv, ev                            true/false, 1/0, yes/no (empty: not given, false when new)
//   pricing_node, weather_station     text
//   valid_from                        ISO 8601 instant (common/time.h ParseInstant; no offset:
//                                     UTC); empty: from the beginning of time
//   anything else                     a free attribute kept as text
#ifndef GRIDLINE_TOPOLOGY_ASSET_ROW_BUILDER_H_
#define GRIDLINE_TOPOLOGY_ASSET_ROW_BUILDER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "topology/topology_input.h"

namespace gridline::topology {

enum class Column : uint8_t {
  kAssetId,
  kKind,
  kParentId,
  kLat,
  kLon,
  kRatingKva,
  kRatingA,
  kCustomerClass,
  kPv,
  kEv,
  kPricingNode,
  kWeatherStation,
  kValidFrom,
  kAttribute,  // any other name
};

// The column `name` stands for (case-insensitive, spaces around ignored).
Column ColumnFromName(std::string_view name);

// Limits on hostile text.
inline constexpr size_t kMaxTextBytes = 128;  // customer_class, pricing_node, ...
inline constexpr size_t kMaxAttributeNameBytes = 64;
inline constexpr size_t kMaxAttributeValueBytes = 1024;
// Columns of a topology CSV, properties of one GeoJSON feature.
inline constexpr size_t kMaxColumns = 1024;

// Why `text` is not acceptable as a string of at most max_bytes (invalid UTF-8, a control
// character, too long), or nullopt when it is.
std::optional<std::string> CheckText(std::string_view text, size_t max_bytes);

// Why `id` is not a valid asset id (empty, longer than storage::kMaxExternalIdBytes, control
// characters, not UTF-8), or nullopt.
std::optional<std::string> CheckAssetId(std::string_view id);

class AssetRowBuilder {
 public:
  // Errors go to input->errors, located at `where`.
  AssetRowBuilder(TopologyInput* input, SourceRef where);

  // Sets the field of `column` (named `name` in the input) from `text`. Empty text (after
  // trimming spaces) leaves the field not given.
  void Set(Column column, std::string_view name, std::string_view text);

  // Checks what depends on several fields (lat with lon, asset_id and kind present) and returns
  // the row, or nullopt when it cannot name an asset (bad or missing asset_id or kind). A row
  // with other bad fields is still returned, so that its id counts as known and other rows that
  // name it as parent do not fail too; the errors make the input fail anyway.
  std::optional<AssetRow> Finish();

 private:
  void Error(std::string_view field, std::string reason);
  std::optional<double> Number(std::string_view name, std::string_view text);

  TopologyInput* input_;
  AssetRow row_;
  bool has_id_ = false;
  bool has_kind_ = false;    // a valid kind was given
  bool kind_given_ = false;  // some kind text was given
  bool bad_id_ = false;
  bool lat_given_ = false;
  bool lon_given_ = false;
  std::optional<double> lat_;  // set when given and valid
  std::optional<double> lon_;
};

// Adds a free attribute (name, value) to a row's sorted attribute list; false when the name is
// already there with another value.
bool AddAttribute(std::string name, std::string value,
                  std::vector<std::pair<std::string, std::string>>* attributes);

}  // namespace gridline::topology

#endif  // GRIDLINE_TOPOLOGY_ASSET_ROW_BUILDER_H_
