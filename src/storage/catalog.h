// catalog.h: the store's catalog of assets, series and arrival batches. External string ids
// (a meter's id as the head-end writes it) map to dense internal ids that keys and chunks use;
// a series is (asset, channel) with a fixed interval.
//
// The catalog lives in memory and in the `catalog` column family. New entries are visible to
// readers at once and become durable with the next store write (the group-commit leader adds
// them to its WriteBatch), so data never references an id whose record is not durable with it.
//
// Thread-safety: all methods are safe to call concurrently. TakePending/CommitPending are for
// the store's single write leader.
#ifndef GRIDLINE_STORAGE_CATALOG_H_
#define GRIDLINE_STORAGE_CATALOG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/channel.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class WriteBatch;
}  // namespace rocksdb

namespace gridline::storage {

class BatchErrors;

using AssetId = uint32_t;
using SeriesId = uint32_t;
using BatchId = uint32_t;

// Stored on disk: never renumber.
enum class AssetKind : uint8_t {
  kSubstation = 1,
  kFeeder = 2,
  kTransformer = 3,
  kServicePoint = 4,
  kMeter = 5,
  kPanel = 6,
  kCircuit = 7,
  kSensor = 8,
};

struct SeriesInfo {
  AssetId asset = 0;
  ChannelKind channel = ChannelKind::kKwhDelivered;
  int32_t interval_s = 0;
  // Slots where values may exist: every stored value lies in [min_slot, max_slot]. Writes outside
  // this range cannot collide with stored values, so they skip reading the chunk first.
  int64_t min_slot = INT64_MAX;
  int64_t max_slot = INT64_MIN;
};

struct BatchInfo {
  int64_t arrived_at_us = 0;  // Unix microseconds when the batch arrived
  std::string source;         // file name or request
};

// Limits that keep hostile input from bloating the catalog.
inline constexpr size_t kMaxExternalIdBytes = 128;

class Catalog {
 public:
  Catalog() = default;
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  // Reads every record of `cf`. DataLoss on a malformed record.
  absl::Status Load(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf);

  std::optional<AssetId> FindAsset(std::string_view external_id) const;
  std::string AssetExternalId(AssetId id) const;
  AssetKind GetAssetKind(AssetId id) const;
  size_t asset_count() const;
  // The id of `external_id`, adding it with `kind` when unknown.
  // REQUIRES: 1 <= external_id.size() <= kMaxExternalIdBytes.
  AssetId FindOrAddAsset(std::string_view external_id, AssetKind kind);

  std::optional<SeriesId> FindSeries(AssetId asset, ChannelKind channel) const;
  // Adds a series; AlreadyExists when (asset, channel) has one, InvalidArgument for an interval
  // that is not a whole divisor of a day.
  absl::StatusOr<SeriesId> AddSeries(AssetId asset, ChannelKind channel, int32_t interval_s);
  SeriesInfo GetSeries(SeriesId id) const;
  std::vector<SeriesId> SeriesOfAsset(AssetId asset) const;
  size_t series_count() const;

  BatchId AddBatch(std::string source, int64_t arrived_at_us);
  std::optional<BatchInfo> GetBatch(BatchId id) const;

  // Widens the coverage of `id` to include [min_slot, max_slot] and returns the series record
  // to persist (key, value).
  std::pair<std::string, std::string> ExtendCoverage(SeriesId id, int64_t min_slot,
                                                     int64_t max_slot);

  // Adds the records created since the last commit to `batch` and returns how many; after the
  // batch is durable, CommitPending(n) drops them from the pending list. If the write fails they
  // stay pending and go with the next write. A Put the batch refuses (past its size limit) is
  // kept in `errors`, which the caller checks before it writes the batch.
  size_t TakePending(rocksdb::WriteBatch* batch, rocksdb::ColumnFamilyHandle* cf,
                     BatchErrors* errors);
  void CommitPending(size_t n);

 private:
  struct Asset {
    std::string external_id;
    AssetKind kind;
  };
  static uint64_t SeriesMapKey(AssetId a, ChannelKind c) {
    return (static_cast<uint64_t>(a) << 8) | static_cast<uint8_t>(c);
  }
  std::string EncodeSeries(const SeriesInfo& s) const;

  mutable absl::Mutex mu_;
  std::vector<Asset> assets_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, AssetId> asset_index_ ABSL_GUARDED_BY(mu_);
  std::vector<SeriesInfo> series_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<uint64_t, SeriesId> series_index_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<AssetId, std::vector<SeriesId>> series_of_asset_ ABSL_GUARDED_BY(mu_);
  std::vector<BatchInfo> batches_ ABSL_GUARDED_BY(mu_);  // index = id - 1
  std::vector<std::pair<std::string, std::string>> pending_ ABSL_GUARDED_BY(mu_);
};

// True when `interval_s` is a whole divisor of a day (1 s ... 1 d).
bool IsValidInterval(int64_t interval_s);

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_CATALOG_H_
