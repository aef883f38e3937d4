// privacy_policy.h: the one policy of what the public role may read (docs/conventions.md "Tokens
// and privacy", docs/privacy.md). Every route the public role reaches asks it:
//
//   - which assets it may name or list: substations, feeders and `_system` (the aggregates above
//     the transformer), and on the map also transformers (equipment, no customer data);
//   - whether an aggregate's energy over a period may be released: the 15/15 rule in every
//     quarter-hour, with the residual rule against differencing (rollup/privacy_check.h). A
//     refusal is 403 `{"error": "privacy", ...}` with a message naming the rule, the asset, the
//     quarter-hour and why.
//
// Other roles read every asset and every aggregate; the policy lets them through unchecked.
#ifndef GRIDLINE_SERVER_PRIVACY_POLICY_H_
#define GRIDLINE_SERVER_PRIVACY_POLICY_H_

#include <string>

#include "absl/status/statusor.h"
#include "rollup/rollup_reader.h"
#include "server/api_request.h"
#include "storage/catalog.h"
#include "storage/store.h"
#include "topology/asset_kind.h"

namespace gridline::server {

// The error code of a privacy refusal.
inline constexpr char kPrivacyError[] = "privacy";

// True when `role` may name an asset of `kind` (details, children, roll-ups, analytics).
bool MayRead(Role role, storage::AssetKind kind);

// The kinds `role` may see listed: on the map (`map` true) or in search and children.
topology::KindMask VisibleKinds(Role role, bool map);

// True when `role` may see figures of the assets directly under an aggregate (the children's
// coincident peaks of analytics): not the public role, since those children are transformers
// or feeders that the 15/15 check of the parent does not cover.
bool MaySeeMemberFigures(Role role);

// The asset `id` names (`_system` is the system) when the caller may read about it: 404 for an
// unknown id, 403 for an asset the caller's role may not see.
absl::StatusOr<storage::AssetId> FindReadableAsset(const ApiRequest& request,
                                                   const std::string& id);

// OK when the caller may have the energy of `asset` over [from, to) in `metric` (and anything
// derived from its quarter-hours: steps, peaks, load factor, the load duration curve), as read
// from `view` (the snapshot the answer is made of, so that the check sees the same readings).
// For the public role this runs the 15/15 check; a refusal is PermissionDenied with error code
// `privacy`, too long a period InvalidArgument on `to`.
absl::Status CheckRelease(const ApiRequest& request, const storage::ReadView& view,
                          storage::AssetId asset, int64_t from, int64_t to,
                          rollup::RollupMetric metric);

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_PRIVACY_POLICY_H_
