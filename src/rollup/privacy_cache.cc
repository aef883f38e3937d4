// privacy_cache.cc: the LRU of 15/15 verdicts per (asset, day, metric) (privacy_cache.h).
#include "rollup/privacy_cache.h"

#include <algorithm>
#include <iterator>

namespace gridline::rollup {

namespace {

// What one entry costs besides its verdicts: the list node's links, and the index's slot (key,
// list iterator, control byte).
constexpr size_t kEntryOverhead = 2 * sizeof(void*) + sizeof(VerdictKey) + sizeof(void*) + 1;

size_t EntryBytes(const DayVerdicts& v) {
  const size_t base = kEntryOverhead + sizeof(VerdictKey) + sizeof(uint64_t) +
                      sizeof(std::shared_ptr<const DayVerdicts>) + sizeof(size_t);
  return v.refusals.empty() ? base : base + v.bytes();
}

}  // namespace

int DayVerdicts::FirstRefused(int from_q, int to_q) const {
  for (int q = std::max(from_q, 0); q < std::min(to_q, kDayQuarterHours); ++q) {
    if (refused[static_cast<size_t>(q)]) return q;
  }
  return -1;
}

const NodeVerdict* DayVerdicts::VerdictAt(int q) const {
  for (const auto& [at, verdict] : refusals) {
    if (at == q) return &verdict;
  }
  return nullptr;
}

void DayVerdicts::Add(int q, const NodeVerdict& verdict) {
  refused.set(static_cast<size_t>(q));
  refusals.emplace_back(static_cast<uint8_t>(q), verdict);
}

size_t DayVerdicts::bytes() const {
  return sizeof(DayVerdicts) + refusals.capacity() * sizeof(refusals[0]) + 16;  // + control block
}

std::shared_ptr<const DayVerdicts> DayVerdicts::AllPass() {
  static const std::shared_ptr<const DayVerdicts>* pass =
      new std::shared_ptr<const DayVerdicts>(std::make_shared<const DayVerdicts>());
  return *pass;
}

std::shared_ptr<const DayVerdicts> PrivacyVerdictCache::Find(const VerdictKey& key,
                                                             uint64_t token) {
  absl::MutexLock l(&mu_);
  auto it = index_.find(key);
  if (it == index_.end() || it->second->token != token) {
    ++misses_;
    return nullptr;
  }
  ++hits_;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->verdicts;
}

void PrivacyVerdictCache::Insert(const VerdictKey& key, uint64_t token,
                                 std::shared_ptr<const DayVerdicts> verdicts) {
  const size_t bytes = EntryBytes(*verdicts);
  absl::MutexLock l(&mu_);
  if (auto it = index_.find(key); it != index_.end()) EraseLocked(it->second);
  if (bytes > max_bytes_) return;
  lru_.push_front(Entry{key, token, std::move(verdicts), bytes});
  index_.emplace(key, lru_.begin());
  bytes_ += bytes;
  while (bytes_ > max_bytes_) {
    EraseLocked(std::prev(lru_.end()));
    ++evictions_;
  }
}

void PrivacyVerdictCache::EraseLocked(Lru::iterator it) {
  bytes_ -= it->bytes;
  index_.erase(it->key);
  lru_.erase(it);
}

PrivacyVerdictCache::Stats PrivacyVerdictCache::stats() const {
  absl::MutexLock l(&mu_);
  Stats s;
  s.hits = hits_;
  s.misses = misses_;
  s.evictions = evictions_;
  s.entries = index_.size();
  s.bytes = bytes_;
  return s;
}

}  // namespace gridline::rollup
