// release_tokens.h: a token per (asset, UTC day) that changes whenever the energy readings of a
// meter below the asset change in that day, so that a verdict of the 15/15 rule computed for the
// day can be reused exactly as long as nothing it read has changed (privacy_cache.h).
//
// The roll-up maintainer (rollup_maintainer.h) marks, for every write group, each (asset, day)
// that a changed slot of a roll-up channel falls in, for every asset on the meter's chain at that
// instant (whatever the asset's kind: a kind may change with the topology), and for every asset a
// topology change moves a meter's readings into or out of, over the days the meter has data. At
// the end of the group it puts, in the group's own atomic batch, the token
// `latest RocksDB sequence + 1` under each marked key. Tokens of successive groups strictly grow
// (a group's token is at most its own sequence number and above every earlier group's), so a token
// read from a snapshot names exactly the last write that touched the (asset, day) in it, and a
// day never written has token 0.
//
// Layout, in the `meta` column family (beside the topology records, prefix 'T'):
//   'P' asset u32 | day u32 (UTC seconds / 86400), big-endian  -> token u64, big-endian
//
// Thread-safety: ReleaseTokenMarks is owned by the write leader; ReadReleaseTokens reads one
// snapshot and may run on any thread.
#ifndef GRIDLINE_ROLLUP_RELEASE_TOKENS_H_
#define GRIDLINE_ROLLUP_RELEASE_TOKENS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "storage/store.h"

namespace rocksdb {
class WriteBatch;
}  // namespace rocksdb

namespace gridline::rollup {

inline constexpr int64_t kDaySeconds = 86400;
inline constexpr char kReleaseTokenPrefix = 'P';

// The UTC day of instant `t` (seconds, t >= 0 as every stored slot is).
inline uint32_t DayOf(int64_t t) { return static_cast<uint32_t>(t / kDaySeconds); }

std::string ReleaseTokenKey(storage::AssetId asset, uint32_t day);

// The (asset, day) pairs one write group touched.
class ReleaseTokenMarks {
 public:
  // Marks days [first_day, last_day] of `asset`.
  void Mark(storage::AssetId asset, uint32_t first_day, uint32_t last_day);
  // Puts the group's token under every marked key into `batch`, then forgets the marks.
  // Internal when the batch refuses a Put.
  absl::Status Emit(const storage::Store& store, rocksdb::WriteBatch* batch);
  void clear() { marks_.clear(); }
  size_t size() const { return marks_.size(); }

 private:
  absl::flat_hash_set<uint64_t> marks_;  // asset << 32 | day
};

// The tokens of `asset` for days [first_day, last_day] in `view`, one per day (0 for a day never
// written), into *tokens. One iterator seek. DataLoss for a malformed token.
absl::Status ReadReleaseTokens(const storage::ReadView& view, storage::AssetId asset,
                               uint32_t first_day, uint32_t last_day,
                               std::vector<uint64_t>* tokens);

}  // namespace gridline::rollup

#endif  // GRIDLINE_ROLLUP_RELEASE_TOKENS_H_
