#include "server/routes/asset_access.h"

#include "fmt/format.h"
#include "rollup/placement.h"
#include "rollup/rollup_lookup.h"
#include "server/api_error.h"

namespace gridline::server {

bool MayRead(Role role, storage::AssetKind kind) {
  if (role != Role::kPublic) return true;
  return kind == storage::AssetKind::kSubstation || kind == storage::AssetKind::kFeeder;
}

absl::StatusOr<storage::AssetId> FindReadableAsset(const ApiRequest& request,
                                                   const std::string& id) {
  Where where;
  where.parameter = "id";
  absl::StatusOr<storage::AssetId> asset =
      rollup::FindRollupAsset(request.store().catalog(), id);
  if (!asset.ok()) return WithWhere(asset.status(), where);
  if (*asset == rollup::kSystemAsset) return *asset;
  // The topology's kind is authoritative; an asset only reads created is a meter.
  storage::AssetKind kind = request.store().catalog().GetAssetKind(*asset);
  auto topology = request.context().engine->current_topology();
  if (const topology::AssetInfo* info = topology->Find(*asset)) kind = info->kind;
  if (!MayRead(request.role(), kind)) {
    return WithWhere(absl::PermissionDeniedError(fmt::format(
                         "the public role reads only substations, feeders and the system; '{}' "
                         "is not one",
                         id)),
                     where);
  }
  return *asset;
}

}  // namespace gridline::server
