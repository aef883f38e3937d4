// release_tokens.cc: per (asset, day) write tokens in the meta column family (release_tokens.h).
#include "rollup/release_tokens.h"

#include <memory>

#include "fmt/format.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/keys.h"
#include "storage/rocks_status.h"

namespace gridline::rollup {

std::string ReleaseTokenKey(storage::AssetId asset, uint32_t day) {
  std::string k;
  k.reserve(9);
  k.push_back(kReleaseTokenPrefix);
  PutFixed32BigEndian(&k, asset);
  PutFixed32BigEndian(&k, day);
  return k;
}

void ReleaseTokenMarks::Mark(storage::AssetId asset, uint32_t first_day, uint32_t last_day) {
  for (uint64_t d = first_day; d <= last_day; ++d) marks_.insert((uint64_t{asset} << 32) | d);
}

absl::Status ReleaseTokenMarks::Emit(const storage::Store& store, rocksdb::WriteBatch* batch) {
  if (marks_.empty()) return absl::OkStatus();
  // Every earlier group is durable with a sequence number at most the latest; this group's batch
  // gets a larger one, so `latest + 1` is above every earlier token and at most our own.
  const uint64_t token = store.db()->GetLatestSequenceNumber() + 1;
  std::string value;
  storage::PutFixed64BigEndian(&value, token);
  for (const uint64_t m : marks_) {
    const rocksdb::Status s = batch->Put(
        store.meta_cf(), ReleaseTokenKey(static_cast<uint32_t>(m >> 32), static_cast<uint32_t>(m)),
        value);
    if (!s.ok()) {
      marks_.clear();
      return absl::InternalError("adding privacy tokens to a write: " + s.ToString());
    }
  }
  marks_.clear();
  return absl::OkStatus();
}

absl::Status ReadReleaseTokens(const storage::ReadView& view, storage::AssetId asset,
                               uint32_t first_day, uint32_t last_day,
                               std::vector<uint64_t>* tokens) {
  tokens->assign(static_cast<size_t>(last_day) - first_day + 1, 0);
  const storage::Store& store = view.store();
  const std::string lo = ReleaseTokenKey(asset, first_day);
  const std::string hi =
      last_day == UINT32_MAX ? ReleaseTokenKey(asset + 1, 0) : ReleaseTokenKey(asset, last_day + 1);
  const rocksdb::Slice upper(hi);
  rocksdb::ReadOptions options;
  options.snapshot = view.snapshot();
  options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(store.db()->NewIterator(options, store.meta_cf()));
  for (it->Seek(lo); it->Valid(); it->Next()) {
    const rocksdb::Slice key = it->key();
    const rocksdb::Slice value = it->value();
    if (key.size() != 9 || value.size() != 8) {
      return absl::DataLossError(fmt::format("a privacy token of asset {} is malformed", asset));
    }
    const uint32_t day = DecodeFixed32BigEndian(key.data() + 5);
    (*tokens)[day - first_day] = storage::DecodeFixed64BigEndian(value.data());
  }
  return storage::FromRocks(it->status(), "reading privacy tokens");
}

}  // namespace gridline::rollup
