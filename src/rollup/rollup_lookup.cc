#include "rollup/rollup_lookup.h"

#include "fmt/format.h"
#include "rollup/placement.h"

namespace gridline::rollup {

absl::StatusOr<storage::AssetId> FindRollupAsset(const storage::Catalog& catalog,
                                                 std::string_view id) {
  if (id == kSystemAssetId) return kSystemAsset;
  if (auto a = catalog.FindAsset(id)) return *a;
  return absl::NotFoundError(fmt::format("unknown asset '{}'", id));
}

}  // namespace gridline::rollup
