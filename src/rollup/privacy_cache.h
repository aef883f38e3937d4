// privacy_cache.h: the verdicts of the 15/15 rule (privacy_check.h) per public aggregate, UTC day
// and metric, kept so that a repeated or dashboard-style public answer costs a few lookups
// instead of re-reading every member meter. docs/privacy.md "Cost".
//
// Never stale: an entry holds the release token (release_tokens.h) of its (asset, day) as read
// from the snapshot it was computed from, and is used only for a snapshot holding the same token;
// the write path changes the token in the same atomic batch as any reading it changes below the
// asset. Verdicts also depend on the topology (who is a customer, which aggregates are public), so
// a cache serves one topology snapshot (privacy_policy.cc keeps one per snapshot).
//
// Bounded: least recently used entries go first once the entries' bytes pass max_bytes. A day
// whose 96 quarter-hours all pass shares one empty verdict object, so its entry is its overhead
// (counted as 81 bytes); a refused day also keeps the reason of each refused quarter-hour.
//
// Thread-safety: every method may be called from any thread; one mutex guards the whole cache.
#ifndef GRIDLINE_ROLLUP_PRIVACY_CACHE_H_
#define GRIDLINE_ROLLUP_PRIVACY_CACHE_H_

#include <bitset>
#include <cstdint>
#include <list>
#include <memory>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "rollup/privacy_rule.h"
#include "storage/catalog.h"

namespace gridline::rollup {

inline constexpr int kDayQuarterHours = 96;

// One aggregate's verdicts over one UTC day: the quarter-hours refused and why.
struct DayVerdicts {
  std::bitset<kDayQuarterHours> refused;
  std::vector<std::pair<uint8_t, NodeVerdict>> refusals;  // by quarter-hour, ascending

  // The first refused quarter-hour in [from_q, to_q), or -1.
  int FirstRefused(int from_q, int to_q) const;
  const NodeVerdict* VerdictAt(int q) const;
  // Appends a refusal. REQUIRES: q above every quarter-hour added before.
  void Add(int q, const NodeVerdict& verdict);
  size_t bytes() const;

  // The shared verdicts of a day that passes in full.
  static std::shared_ptr<const DayVerdicts> AllPass();
};

struct VerdictKey {
  storage::AssetId asset = 0;
  uint32_t day = 0;
  RollupMetric metric = RollupMetric::kNet;

  bool operator==(const VerdictKey& o) const {
    return asset == o.asset && day == o.day && metric == o.metric;
  }
  template <typename H>
  friend H AbslHashValue(H h, const VerdictKey& k) {
    return H::combine(std::move(h), k.asset, k.day, static_cast<uint8_t>(k.metric));
  }
};

class PrivacyVerdictCache {
 public:
  // 64 MiB holds about 800,000 passing days: 2,200 aggregates x a year, for one metric.
  static constexpr size_t kDefaultMaxBytes = size_t{64} << 20;

  explicit PrivacyVerdictCache(size_t max_bytes = kDefaultMaxBytes) : max_bytes_(max_bytes) {}
  PrivacyVerdictCache(const PrivacyVerdictCache&) = delete;
  PrivacyVerdictCache& operator=(const PrivacyVerdictCache&) = delete;

  // The verdicts of `key` computed at `token`, or null (none kept, or kept for another token).
  std::shared_ptr<const DayVerdicts> Find(const VerdictKey& key, uint64_t token)
      ABSL_LOCKS_EXCLUDED(mu_);
  // Keeps `verdicts` for `key` at `token`, replacing what was kept, evicting the least recently
  // used entries beyond max_bytes.
  void Insert(const VerdictKey& key, uint64_t token, std::shared_ptr<const DayVerdicts> verdicts)
      ABSL_LOCKS_EXCLUDED(mu_);

  struct Stats {
    uint64_t hits = 0, misses = 0, evictions = 0;
    size_t entries = 0, bytes = 0;
  };
  Stats stats() const ABSL_LOCKS_EXCLUDED(mu_);
  size_t max_bytes() const { return max_bytes_; }

 private:
  struct Entry {
    VerdictKey key;
    uint64_t token = 0;
    std::shared_ptr<const DayVerdicts> verdicts;
    size_t bytes = 0;
  };
  using Lru = std::list<Entry>;  // most recently used first

  void EraseLocked(Lru::iterator it) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t max_bytes_;
  mutable absl::Mutex mu_;
  Lru lru_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<VerdictKey, Lru::iterator> index_ ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t hits_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t misses_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t evictions_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace gridline::rollup

#endif  // GRIDLINE_ROLLUP_PRIVACY_CACHE_H_
