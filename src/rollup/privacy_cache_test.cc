// Tests of the verdict cache (privacy_cache.h): an entry serves only the token it was computed
// at, the bytes stay under the budget by evicting the least recently used, and many threads may
// find and insert at once (PrivacyCacheConcurrency, run under ThreadSanitizer by make check-tsan).
#include "rollup/privacy_cache.h"

#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace gridline::rollup {
namespace {

std::shared_ptr<const DayVerdicts> RefusedAt(int q) {
  auto v = std::make_shared<DayVerdicts>();
  NodeVerdict verdict;
  verdict.refusal = Refusal::kFewCustomers;
  verdict.tested.customers = 3;
  v->Add(q, verdict);
  return v;
}

TEST(PrivacyCache, ServesAnEntryOnlyAtItsToken) {
  PrivacyVerdictCache cache;
  const VerdictKey key{7, 20635, RollupMetric::kNet};
  EXPECT_EQ(cache.Find(key, 5), nullptr);
  cache.Insert(key, 5, RefusedAt(48));
  ASSERT_NE(cache.Find(key, 5), nullptr);
  EXPECT_EQ(cache.Find(key, 5)->FirstRefused(0, 96), 48);
  EXPECT_EQ(cache.Find(key, 5)->FirstRefused(49, 96), -1);
  EXPECT_EQ(cache.Find(key, 5)->VerdictAt(48)->tested.customers, 3);
  // A later write changed the day's token: the entry is not used.
  EXPECT_EQ(cache.Find(key, 6), nullptr);
  // Another metric or day is another entry.
  EXPECT_EQ(cache.Find(VerdictKey{7, 20635, RollupMetric::kDelivered}, 5), nullptr);
  EXPECT_EQ(cache.Find(VerdictKey{7, 20636, RollupMetric::kNet}, 5), nullptr);
  cache.Insert(key, 6, DayVerdicts::AllPass());
  EXPECT_EQ(cache.Find(key, 5), nullptr);
  ASSERT_NE(cache.Find(key, 6), nullptr);
  EXPECT_EQ(cache.Find(key, 6)->FirstRefused(0, 96), -1);
  EXPECT_EQ(cache.stats().entries, 1u);
}

TEST(PrivacyCache, StaysUnderItsByteBudgetDroppingTheLeastRecentlyUsed) {
  PrivacyVerdictCache cache(4096);
  for (uint32_t d = 0; d < 1000; ++d) {
    cache.Insert(VerdictKey{1, d, RollupMetric::kNet}, 1,
                 d % 2 == 0 ? RefusedAt(1) : DayVerdicts::AllPass());
    cache.Find(VerdictKey{1, 0, RollupMetric::kNet}, 1);  // day 0 stays recently used
    ASSERT_LE(cache.stats().bytes, cache.max_bytes());
  }
  const PrivacyVerdictCache::Stats s = cache.stats();
  EXPECT_GT(s.entries, 10u);
  EXPECT_LT(s.entries, 100u);
  EXPECT_GT(s.evictions, 900u);
  EXPECT_NE(cache.Find(VerdictKey{1, 0, RollupMetric::kNet}, 1), nullptr);
  EXPECT_NE(cache.Find(VerdictKey{1, 999, RollupMetric::kNet}, 1), nullptr);
  EXPECT_EQ(cache.Find(VerdictKey{1, 500, RollupMetric::kNet}, 1), nullptr);
}

TEST(PrivacyCacheConcurrency, ThreadsFindAndInsertTheSameKeys) {
  PrivacyVerdictCache cache(256 << 10);  // room for the 350 keys
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (uint32_t i = 0; i < 5000; ++i) {
        const VerdictKey key{static_cast<storage::AssetId>(i % 7), i % 50, RollupMetric::kNet};
        // A key's token changes once half way, as a write would change it.
        const uint64_t token = (key.asset + i / 2500) % 3;
        if (auto v = cache.Find(key, token); v != nullptr) {
          // What was inserted for this token: refused at (key.day + token) % 96, or all pass.
          const int q = v->FirstRefused(0, 96);
          EXPECT_TRUE(q == -1 || q == static_cast<int>((key.day + token) % 96)) << q;
        } else {
          cache.Insert(key, token,
                       (i + t) % 2 ? DayVerdicts::AllPass()
                                   : RefusedAt(static_cast<int>((key.day + token) % 96)));
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const PrivacyVerdictCache::Stats s = cache.stats();
  EXPECT_LE(s.bytes, cache.max_bytes());
  EXPECT_EQ(s.hits + s.misses, 4u * 5000u);
  EXPECT_GT(s.hits, 0u);
}

}  // namespace
}  // namespace gridline::rollup
