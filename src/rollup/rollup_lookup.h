// rollup_lookup.h: which roll-up an asset id names: `_system` is the whole system
// (kSystemAsset), any other id an asset of the catalog.
#ifndef GRIDLINE_ROLLUP_ROLLUP_LOOKUP_H_
#define GRIDLINE_ROLLUP_ROLLUP_LOOKUP_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "storage/catalog.h"

namespace gridline::rollup {

inline constexpr std::string_view kSystemAssetId = "_system";

// NotFound for an id the catalog does not know.
absl::StatusOr<storage::AssetId> FindRollupAsset(const storage::Catalog& catalog,
                                                 std::string_view id);

}  // namespace gridline::rollup

#endif  // GRIDLINE_ROLLUP_ROLLUP_LOOKUP_H_
