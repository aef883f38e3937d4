// asset_access.h: which assets a caller may read about. The public role reads nothing about one
// customer (CONTRACTS.md): only substations, feeders and the whole system, the aggregates
// above the transformer; every other role reads every asset.
#ifndef GRIDLINE_SERVER_ROUTES_ASSET_ACCESS_H_
#define GRIDLINE_SERVER_ROUTES_ASSET_ACCESS_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/api_request.h"
#include "storage/catalog.h"

namespace gridline::server {

// True when `role` may read about an asset of `kind`.
bool MayRead(Role role, storage::AssetKind kind);

// The asset `id` names (`_system` is the system) when the caller may read about it: 404 for an
// unknown id, 403 for an asset the caller's role may not see.
absl::StatusOr<storage::AssetId> FindReadableAsset(const ApiRequest& request, const std::string& id);

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_ROUTES_ASSET_ACCESS_H_
