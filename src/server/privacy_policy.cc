// privacy_policy.cc: what the public role may read (privacy_policy.h).
#include "server/privacy_policy.h"

#include <memory>

#include "absl/synchronization/mutex.h"
#include "common/status_macros.h"
#include "common/time.h"
#include "fmt/format.h"
#include "rollup/placement_builder.h"
#include "rollup/privacy_check.h"
#include "rollup/rollup_lookup.h"
#include "server/api_error.h"

namespace gridline::server {

namespace {

constexpr char kRule[] =
    "the 15/15 rule: the public role gets an aggregate only if, in every quarter-hour, it holds "
    "at least 15 customers, none with more than 15 % of its energy, and its customers outside "
    "its released parts pass the same test";

// What the check needs of one topology snapshot: its placement (meters' chains over time) and
// the verdicts kept for it (rollup/privacy_cache.h: verdicts depend on the topology, so a new
// snapshot starts an empty cache and the old one goes with the last request using it).
struct ReleaseState {
  std::shared_ptr<const rollup::Placement> placement;
  std::shared_ptr<rollup::PrivacyVerdictCache> cache;
};

ReleaseState StateOf(const std::shared_ptr<const topology::Topology>& topology) {
  static absl::Mutex mu;
  static std::weak_ptr<const topology::Topology>* built_for =
      new std::weak_ptr<const topology::Topology>();
  static ReleaseState* state = new ReleaseState();
  absl::MutexLock l(&mu);
  if (built_for->lock() != topology || state->placement == nullptr) {
    state->placement = rollup::BuildPlacement(*topology);
    state->cache = std::make_shared<rollup::PrivacyVerdictCache>();
    *built_for = topology;
  }
  return *state;
}

std::string NameOf(const ApiRequest& request, storage::AssetId asset) {
  if (asset == rollup::kSystemAsset) return std::string(rollup::kSystemAssetId);
  return request.store().catalog().AssetExternalId(asset);
}

}  // namespace

bool MayRead(Role role, storage::AssetKind kind) {
  if (role != Role::kPublic) return true;
  return rollup::IsPublicAggregateKind(kind);
}

bool MaySeeMemberFigures(Role role) { return role != Role::kPublic; }

topology::KindMask VisibleKinds(Role role, bool map) {
  if (role != Role::kPublic) return topology::kAllKinds;
  topology::KindMask kinds = topology::KindBit(storage::AssetKind::kSubstation) |
                             topology::KindBit(storage::AssetKind::kFeeder);
  // Transformers are equipment on the map: a position and a rating, no customer's data.
  if (map) kinds |= topology::KindBit(storage::AssetKind::kTransformer);
  return kinds;
}

absl::StatusOr<storage::AssetId> FindReadableAsset(const ApiRequest& request,
                                                   const std::string& id) {
  Where where;
  where.parameter = "id";
  absl::StatusOr<storage::AssetId> asset = rollup::FindRollupAsset(request.store().catalog(), id);
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

absl::Status CheckRelease(const ApiRequest& request, const storage::ReadView& view,
                          storage::AssetId asset, int64_t from, int64_t to,
                          rollup::RollupMetric metric) {
  if (request.role() != Role::kPublic) return absl::OkStatus();
  engine::Engine* engine = request.context().engine;
  auto topology = engine->current_topology();
  const ReleaseState state = StateOf(topology);
  // The kept verdicts are valid only where every write keeps the release tokens, which the
  // roll-up maintainer does (not on a store opened without it).
  rollup::PrivacyCheckOptions options;
  options.deadline = request.deadline();
  absl::StatusOr<rollup::PrivacyCheckResult> result =
      engine->rollups() != nullptr
          ? rollup::CheckPublicReleaseCached(view, *topology, *state.placement, asset, from, to,
                                             metric, state.cache.get(), options)
          : rollup::CheckPublicRelease(view, *topology, *state.placement, asset, from, to, metric,
                                       options);
  if (!result.ok()) {
    // "Ask again": the days checked are kept, so the next request goes on at once.
    if (result.status().code() == absl::StatusCode::kUnavailable) {
      return WithRetryAfter(result.status(), 1);
    }
    if (result.status().code() == absl::StatusCode::kInvalidArgument) {
      Where where;
      where.parameter = "to";
      return WithWhere(result.status(), where);
    }
    return result.status();
  }
  if (result->released) return absl::OkStatus();
  Where where;
  where.parameter = "id";
  return WithWhere(WithErrorCode(absl::PermissionDeniedError(fmt::format(
                                     "privacy: {}; '{}' at {}: {}", kRule, NameOf(request, asset),
                                     FormatIsoUtc(result->slot_start),
                                     rollup::DescribeRefusal(result->verdict))),
                                 kPrivacyError),
                   where);
}

}  // namespace gridline::server
