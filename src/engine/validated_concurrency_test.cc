// Validated commits racing raw writes into the same slots, with readers of both layers (run
// under ThreadSanitizer in the tsan build, GL_CONCURRENCY_TESTS): nothing is lost, and when the
// writers are done every roll-up equals the brute-force sum over each layer's reads.
#include <atomic>
#include <random>
#include <thread>

#include "engine/engine.h"
#include "engine/rollup_test_util.h"
#include "gtest/gtest.h"
#include "test/test_util.h"

namespace gridline::engine {
namespace {

constexpr int64_t kSlot0 = 1782864000 / 900;

TEST(ValidatedConcurrency, CommitsAndRawWritesKeepRollupsExact) {
  testing::TempDir dir;
  storage::StoreOptions options;
  options.path = dir.path();
  auto opened = Engine::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  std::unique_ptr<Engine> db = std::move(*opened);
  storage::Catalog& catalog = db->store()->catalog();
  std::vector<storage::SeriesId> series;
  for (int m = 0; m < 4; ++m) {
    const storage::AssetId a =
        catalog.FindOrAddAsset("M" + std::to_string(m), storage::AssetKind::kMeter);
    series.push_back(*catalog.AddSeries(a, ChannelKind::kKwhDelivered, 900));
  }
  // Every series covers the slots both threads touch (validated values lie within the reads).
  storage::WriteRequest cover;
  for (storage::SeriesId s : series) {
    cover.readings.push_back({kSlot0, 1, s, Quality::kActual});
    cover.readings.push_back({kSlot0 + 199, 1, s, Quality::kActual});
  }
  ASSERT_TRUE(db->store()->Write(&cover).ok());
  std::atomic<bool> failed{false};
  std::atomic<int> done{0};
  std::thread raw([&] {
    std::mt19937_64 rng(1);
    for (int i = 0; i < 60 && !failed; ++i) {
      storage::WriteRequest r;
      for (int k = 0; k < 50; ++k) {
        r.readings.push_back({kSlot0 + static_cast<int64_t>(rng() % 200),
                              static_cast<int64_t>(rng() % 9), series[rng() % series.size()],
                              Quality::kActual});
      }
      if (!db->store()->Write(&r).ok()) failed = true;
    }
    ++done;
  });
  std::thread vee([&] {
    std::mt19937_64 rng(2);
    for (int i = 0; i < 60 && !failed; ++i) {
      ValidatedCommit c;
      c.series = series[rng() % series.size()];
      c.origins.resize(2);
      c.origins[0].kind = storage::OriginKind::kEstimated;
      c.origins[1].kind = storage::OriginKind::kEdited;
      c.origins[1].user = "ops";
      c.origins[1].reason = "r";
      const int64_t first = kSlot0 + static_cast<int64_t>(rng() % 180);
      for (int64_t s = first; s < first + 20; ++s) {
        const bool edit = rng() % 4 == 0;
        c.values.push_back({s, static_cast<int64_t>(rng() % 9),
                            edit ? Quality::kEdited : Quality::kEstimated, edit ? 1u : 0u});
      }
      if (!db->CommitValidated(c).ok()) failed = true;
    }
    ++done;
  });
  std::thread reader([&] {
    const storage::SeriesInfo info = catalog.GetSeries(series[0]);
    while (done < 2 && !failed) {
      auto view = db->store()->NewReadView();
      for (query::Layer layer : {query::Layer::kRaw, query::Layer::kValidated}) {
        if (!query::ReadSeriesRange(
                 *view, series[0], info, 0, int64_t{1} << 40, [](const query::ReadingRow&) {},
                 Deadline(), layer)
                 .ok()) {
          failed = true;
        }
      }
    }
  });
  raw.join();
  vee.join();
  reader.join();
  ASSERT_FALSE(failed);
  const std::vector<storage::AssetId> assets = {rollup::kSystemAsset};
  EXPECT_EQ(Stored(*db, assets, query::Layer::kValidated),
            BruteForce(*db, query::Layer::kValidated));
  EXPECT_EQ(Stored(*db, assets, query::Layer::kRaw), BruteForce(*db, query::Layer::kRaw));
  EXPECT_NE(Stored(*db, assets, query::Layer::kValidated), Stored(*db, assets, query::Layer::kRaw));
}

}  // namespace
}  // namespace gridline::engine
