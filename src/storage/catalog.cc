#include "storage/catalog.h"

#include <memory>

#include "common/status_macros.h"
#include "common/strings.h"
#include "common/varint.h"
#include "fmt/format.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/batch_errors.h"
#include "storage/keys.h"

namespace gridline::storage {

namespace {

constexpr uint8_t kRecordVersion = 1;

absl::Status BadRecord(std::string_view key) {
  return absl::DataLossError(fmt::format("corrupt catalog record (key of {} bytes)", key.size()));
}

}  // namespace

bool IsValidInterval(int64_t interval_s) {
  return interval_s >= 1 && interval_s <= 86400 && 86400 % interval_s == 0;
}

absl::Status Catalog::Load(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf) {
  absl::MutexLock l(&mu_);
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), cf));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const std::string_view key(it->key().data(), it->key().size());
    const char* p = it->value().data();
    const char* limit = p + it->value().size();
    if (key.empty() || p == limit || static_cast<uint8_t>(*p) != kRecordVersion) {
      return BadRecord(key);
    }
    ++p;
    uint64_t a, b, c, d, e;
    switch (key[0]) {
      case kAssetPrefix: {
        if (!GetVarint64(&p, limit, &a) || p >= limit) return BadRecord(key);
        const auto kind = static_cast<AssetKind>(static_cast<uint8_t>(*p));
        if (a == 0 || a > (1u << 31)) return BadRecord(key);
        if (assets_.size() < a) assets_.resize(a);
        assets_[a - 1] = Asset{std::string(key.substr(1)), kind};
        asset_index_[std::string(key.substr(1))] = static_cast<AssetId>(a);
        break;
      }
      case kSeriesPrefix: {
        if (key.size() != 5) return BadRecord(key);
        const uint32_t id = DecodeFixed32BigEndian(key.data() + 1);
        if (!GetVarint64(&p, limit, &a) || !GetVarint64(&p, limit, &b) ||
            !GetVarint64(&p, limit, &c) || !GetVarint64(&p, limit, &d) ||
            !GetVarint64(&p, limit, &e)) {
          return BadRecord(key);
        }
        const auto channel = ChannelFromByte(static_cast<uint8_t>(b));
        if (id == 0 || id > (1u << 31) || !channel || !IsValidInterval(static_cast<int64_t>(c))) {
          return BadRecord(key);
        }
        if (series_.size() < id) series_.resize(id);
        SeriesInfo& s = series_[id - 1];
        s.asset = static_cast<AssetId>(a);
        s.channel = *channel;
        s.interval_s = static_cast<int32_t>(c);
        s.min_slot = ZigZagDecode(d);
        s.max_slot = ZigZagDecode(e);
        series_index_[SeriesMapKey(s.asset, s.channel)] = id;
        series_of_asset_[s.asset].push_back(id);
        break;
      }
      case kBatchPrefix: {
        if (key.size() != 5) return BadRecord(key);
        const uint32_t id = DecodeFixed32BigEndian(key.data() + 1);
        if (id == 0 || id > (1u << 31) || !GetVarint64(&p, limit, &a)) return BadRecord(key);
        if (batches_.size() < id) batches_.resize(id);
        batches_[id - 1] = BatchInfo{static_cast<int64_t>(a), std::string(p, limit)};
        break;
      }
      default:
        return BadRecord(key);
    }
  }
  if (!it->status().ok()) {
    return absl::DataLossError(fmt::format("reading the catalog: {}", it->status().ToString()));
  }
  return absl::OkStatus();
}

std::optional<AssetId> Catalog::FindAsset(std::string_view external_id) const {
  absl::ReaderMutexLock l(&mu_);
  auto it = asset_index_.find(AbslView(external_id));
  if (it == asset_index_.end()) return std::nullopt;
  return it->second;
}

std::string Catalog::AssetExternalId(AssetId id) const {
  absl::ReaderMutexLock l(&mu_);
  GL_CHECK(id >= 1 && id <= assets_.size());
  return assets_[id - 1].external_id;
}

AssetKind Catalog::GetAssetKind(AssetId id) const {
  absl::ReaderMutexLock l(&mu_);
  GL_CHECK(id >= 1 && id <= assets_.size());
  return assets_[id - 1].kind;
}

size_t Catalog::asset_count() const {
  absl::ReaderMutexLock l(&mu_);
  return assets_.size();
}

AssetId Catalog::FindOrAddAsset(std::string_view external_id, AssetKind kind) {
  GL_CHECK(!external_id.empty() && external_id.size() <= kMaxExternalIdBytes);
  absl::MutexLock l(&mu_);
  auto it = asset_index_.find(AbslView(external_id));
  if (it != asset_index_.end()) return it->second;
  assets_.push_back(Asset{std::string(external_id), kind});
  const AssetId id = static_cast<AssetId>(assets_.size());
  asset_index_.emplace(std::string(external_id), id);
  std::string value(1, static_cast<char>(kRecordVersion));
  PutVarint64(&value, id);
  value.push_back(static_cast<char>(kind));
  pending_.emplace_back(AssetKey(external_id), std::move(value));
  return id;
}

std::optional<SeriesId> Catalog::FindSeries(AssetId asset, ChannelKind channel) const {
  absl::ReaderMutexLock l(&mu_);
  auto it = series_index_.find(SeriesMapKey(asset, channel));
  if (it == series_index_.end()) return std::nullopt;
  return it->second;
}

std::string Catalog::EncodeSeries(const SeriesInfo& s) const {
  std::string value(1, static_cast<char>(kRecordVersion));
  PutVarint64(&value, s.asset);
  PutVarint64(&value, static_cast<uint8_t>(s.channel));
  PutVarint64(&value, static_cast<uint64_t>(s.interval_s));
  PutVarint64(&value, ZigZagEncode(s.min_slot));
  PutVarint64(&value, ZigZagEncode(s.max_slot));
  return value;
}

absl::StatusOr<SeriesId> Catalog::AddSeries(AssetId asset, ChannelKind channel,
                                            int32_t interval_s) {
  if (!IsValidInterval(interval_s)) {
    return absl::InvalidArgumentError(
        fmt::format("interval of {} s is not a whole divisor of a day", interval_s));
  }
  absl::MutexLock l(&mu_);
  GL_CHECK(asset >= 1 && asset <= assets_.size());
  const uint64_t key = SeriesMapKey(asset, channel);
  if (series_index_.contains(key)) {
    return absl::AlreadyExistsError("series exists");
  }
  SeriesInfo s;
  s.asset = asset;
  s.channel = channel;
  s.interval_s = interval_s;
  series_.push_back(s);
  const SeriesId id = static_cast<SeriesId>(series_.size());
  series_index_.emplace(key, id);
  series_of_asset_[asset].push_back(id);
  pending_.emplace_back(CatalogKey(kSeriesPrefix, id), EncodeSeries(s));
  return id;
}

SeriesInfo Catalog::GetSeries(SeriesId id) const {
  absl::ReaderMutexLock l(&mu_);
  GL_CHECK(id >= 1 && id <= series_.size());
  return series_[id - 1];
}

std::vector<SeriesId> Catalog::SeriesOfAsset(AssetId asset) const {
  absl::ReaderMutexLock l(&mu_);
  auto it = series_of_asset_.find(asset);
  if (it == series_of_asset_.end()) return {};
  return it->second;
}

size_t Catalog::series_count() const {
  absl::ReaderMutexLock l(&mu_);
  return series_.size();
}

BatchId Catalog::AddBatch(std::string source, int64_t arrived_at_us) {
  absl::MutexLock l(&mu_);
  batches_.push_back(BatchInfo{arrived_at_us, std::move(source)});
  const BatchId id = static_cast<BatchId>(batches_.size());
  std::string value(1, static_cast<char>(kRecordVersion));
  PutVarint64(&value, static_cast<uint64_t>(arrived_at_us));
  value.append(batches_.back().source);
  pending_.emplace_back(CatalogKey(kBatchPrefix, id), std::move(value));
  return id;
}

std::optional<BatchInfo> Catalog::GetBatch(BatchId id) const {
  absl::ReaderMutexLock l(&mu_);
  if (id < 1 || id > batches_.size()) return std::nullopt;
  return batches_[id - 1];
}

std::pair<std::string, std::string> Catalog::ExtendCoverage(SeriesId id, int64_t min_slot,
                                                            int64_t max_slot) {
  absl::MutexLock l(&mu_);
  GL_CHECK(id >= 1 && id <= series_.size());
  SeriesInfo& s = series_[id - 1];
  s.min_slot = std::min(s.min_slot, min_slot);
  s.max_slot = std::max(s.max_slot, max_slot);
  return {CatalogKey(kSeriesPrefix, id), EncodeSeries(s)};
}

size_t Catalog::TakePending(rocksdb::WriteBatch* batch, rocksdb::ColumnFamilyHandle* cf,
                            BatchErrors* errors) {
  absl::MutexLock l(&mu_);
  for (const auto& [key, value] : pending_) {
    errors->Keep(batch->Put(cf, key, value));
  }
  return pending_.size();
}

void Catalog::CommitPending(size_t n) {
  absl::MutexLock l(&mu_);
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<ptrdiff_t>(n));
}

}  // namespace gridline::storage
