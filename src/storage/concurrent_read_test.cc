// Reads during ingest: readers take snapshots while a writer commits batches, and every snapshot
// must show whole batches only (a batch is atomic) with the values the batch wrote.
#include <atomic>
#include <thread>

#include "gtest/gtest.h"
#include "storage/store.h"
#include "test/test_util.h"

namespace gridline::storage {
namespace {

TEST(ConcurrentRead, SnapshotsSeeWholeBatchesDuringIngest) {
  gridline::testing::TempDir dir;
  StoreOptions o;
  o.path = dir.path();
  auto opened = Store::Open(o);
  ASSERT_TRUE(opened.ok());
  Store& store = **opened;
  constexpr int kSeries = 50, kBatches = 300;
  std::vector<SeriesId> series;
  for (int i = 0; i < kSeries; ++i) {
    const AssetId a = store.catalog().FindOrAddAsset("R" + std::to_string(i), AssetKind::kMeter);
    series.push_back(*store.catalog().AddSeries(a, ChannelKind::kKwhDelivered, 900));
  }
  std::atomic<bool> done{false};
  std::atomic<int> checks{0};
  std::atomic<int> failures{0};
  auto reader = [&] {
    while (!done.load()) {
      auto view = store.NewReadView();
      // Batch b writes slot b * 37 of every series with value b + 1000 * series index.
      int seen = -1;
      for (int i = 0; i < kSeries; ++i) {
        int count = 0;
        const absl::Status s = view->ForEachChunk(series[i], 0, INT64_MAX / 4, [&](uint32_t w, const Chunk& c) {
          for (size_t k = 0; k < c.size(); ++k) {
            const int64_t slot = FirstSlotOfWindow(w) + c.offsets[k];
            if (slot % 37 != 0 || c.values[k] != slot / 37 + 1000 * i) failures++;
            ++count;
          }
        });
        if (!s.ok()) failures++;
        if (seen >= 0 && count != seen) failures++;  // a batch visible for one series, not another
        seen = count;
      }
      checks++;
    }
  };
  std::thread r1(reader), r2(reader);
  for (int b = 0; b < kBatches; ++b) {
    WriteRequest req;
    for (int i = 0; i < kSeries; ++i) {
      req.readings.push_back(Reading{int64_t{b} * 37, b + 1000 * i, series[i], Quality::kActual});
    }
    ASSERT_TRUE(store.Write(&req).ok());
    if (b == kBatches / 2) {
      ASSERT_TRUE(store.FlushAndCompact().ok());  // compaction under readers
    }
  }
  done = true;
  r1.join();
  r2.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(checks.load(), 10);
}

}  // namespace
}  // namespace gridline::storage
