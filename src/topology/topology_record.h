// topology_record.h: how an asset of the topology is stored: one record per asset in the
// store's `meta` column family, key `T` + the AssetId as 4 big-endian bytes, value as in
// docs/topology.md "Records". Records are written by TopologyManager::Apply in the same atomic
// WriteBatch as the catalog entries of new assets and whatever the change hook derives.
#ifndef GRIDLINE_TOPOLOGY_TOPOLOGY_RECORD_H_
#define GRIDLINE_TOPOLOGY_TOPOLOGY_RECORD_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "topology/asset.h"

namespace gridline::topology {

// Every topology key starts with this; no other subsystem's meta keys may.
inline constexpr std::string_view kTopologyKeyPrefix = "T";

std::string TopologyRecordKey(storage::AssetId id);
// The id of a topology key; false when `key` is not one.
bool ParseTopologyRecordKey(std::string_view key, storage::AssetId* id);

std::string EncodeAssetRecord(const AssetInfo& asset);
// DataLoss (naming the id) when `value` is not a well-formed record.
absl::StatusOr<AssetInfo> DecodeAssetRecord(storage::AssetId id, std::string_view value);

}  // namespace gridline::topology

#endif  // GRIDLINE_TOPOLOGY_TOPOLOGY_RECORD_H_
