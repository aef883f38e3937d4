#include "storage/store.h"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "gtest/gtest.h"
#include "storage/audit.h"
#include "storage/write_listener.h"
#include "test/test_util.h"

namespace gridline::storage {
namespace {

using gridline::testing::TempDir;

struct Slot {
  int64_t slot;
  int64_t value;
  Quality quality;
  BatchId batch;
  bool operator==(const Slot&) const = default;
};

std::unique_ptr<Store> OpenStore(const std::string& path, bool read_only = false) {
  StoreOptions o;
  o.path = path;
  o.read_only = read_only;
  auto s = Store::Open(o);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? std::move(*s) : nullptr;
}

SeriesId MakeSeries(Store& store, const std::string& meter, int32_t interval_s = 900) {
  const AssetId a = store.catalog().FindOrAddAsset(meter, AssetKind::kMeter);
  if (auto s = store.catalog().FindSeries(a, ChannelKind::kKwhDelivered)) return *s;
  return *store.catalog().AddSeries(a, ChannelKind::kKwhDelivered, interval_s);
}

std::vector<Slot> ReadAll(const Store& store, SeriesId series, int64_t from = 0,
                          int64_t to = INT64_MAX / 2) {
  std::vector<Slot> out;
  auto view = store.NewReadView();
  absl::Status s = view->ForEachChunk(series, from, to, [&](uint32_t window, const Chunk& c) {
    for (size_t i = 0; i < c.size(); ++i) {
      const int64_t slot = FirstSlotOfWindow(window) + c.offsets[i];
      if (slot >= from && slot < to)
        out.push_back({slot, c.values[i], c.qualities[i], c.batches[i]});
    }
  });
  EXPECT_TRUE(s.ok()) << s;
  return out;
}

WriteCounts Write(Store& store, SeriesId series, std::vector<std::pair<int64_t, int64_t>> slots,
                  BatchId batch = 0, Quality q = Quality::kActual) {
  WriteRequest r;
  r.batch = batch;
  for (auto [slot, value] : slots) r.readings.push_back(Reading{slot, value, series, q});
  EXPECT_TRUE(store.Write(&r).ok());
  return r.counts;
}

TEST(Store, WritesAndReadsBack) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  const SeriesId s = MakeSeries(*store, "M1");
  const BatchId b = store->NewBatch("test");
  const WriteCounts c = Write(*store, s, {{100, 5}, {101, 6}, {5000, 7}}, b);
  EXPECT_EQ(c.added, 3u);
  EXPECT_EQ(ReadAll(*store, s), (std::vector<Slot>{{100, 5, Quality::kActual, b},
                                                   {101, 6, Quality::kActual, b},
                                                   {5000, 7, Quality::kActual, b}}));
  EXPECT_EQ(ReadAll(*store, s, 101, 5000).size(), 1u);
}

TEST(Store, SameReadingTwiceIsANoOp) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  const SeriesId s = MakeSeries(*store, "M1");
  Write(*store, s, {{10, 1}, {11, 2}});
  const WriteCounts c = Write(*store, s, {{10, 1}, {11, 2}, {12, 3}});
  EXPECT_EQ(c.duplicates, 2u);
  EXPECT_EQ(c.added, 1u);
  EXPECT_EQ(c.versions, 0u);
  int versions = 0;
  ASSERT_TRUE(
      store->NewReadView()->ForEachVersion(s, 0, 100, [&](const Version&) { ++versions; }).ok());
  EXPECT_EQ(versions, 0);
}

// docs/conventions.md: "A, B, A makes three versions" — the latest A and the superseded A and B.
TEST(Store, ChangedValuesBecomeVersionsWithAudit) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  const SeriesId s = MakeSeries(*store, "M1");
  const BatchId b1 = store->NewBatch("one"), b2 = store->NewBatch("two"),
                b3 = store->NewBatch("three");
  Write(*store, s, {{10, 100}}, b1);
  EXPECT_EQ(Write(*store, s, {{10, 200}}, b2).versions, 1u);
  EXPECT_EQ(Write(*store, s, {{10, 100}}, b3).versions, 1u);
  EXPECT_EQ(ReadAll(*store, s), (std::vector<Slot>{{10, 100, Quality::kActual, b3}}));
  std::vector<Version> versions;
  ASSERT_TRUE(store->NewReadView()
                  ->ForEachVersion(s, 0, 100, [&](const Version& v) { versions.push_back(v); })
                  .ok());
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].value, 100);
  EXPECT_EQ(versions[0].batch, b1);
  EXPECT_EQ(versions[1].value, 200);
  EXPECT_EQ(versions[1].batch, b2);
}

TEST(Store, VersionsWithinOneRequestKeepArrivalOrder) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  const SeriesId s = MakeSeries(*store, "M1");
  const WriteCounts c = Write(*store, s, {{7, 1}, {8, 5}, {7, 2}, {7, 2}, {7, 3}});
  EXPECT_EQ(c.added, 2u);
  EXPECT_EQ(c.versions, 2u);
  EXPECT_EQ(c.duplicates, 1u);
  EXPECT_EQ(ReadAll(*store, s)[0].value, 3);
  int versions = 0;
  ASSERT_TRUE(
      store->NewReadView()->ForEachVersion(s, 0, 100, [&](const Version&) { ++versions; }).ok());
  EXPECT_EQ(versions, 2);
}

// Regression: the presence the write path keeps for a window after checking late data must also
// learn the slots that later in-order appends add, or a duplicate of them counts as new.
TEST(Store, DuplicatesOfAppendsAfterLateDataAreDuplicates) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  const SeriesId s = MakeSeries(*store, "M1");
  Write(*store, s, {{10, 1}, {12, 1}});
  EXPECT_EQ(Write(*store, s, {{11, 5}}).added, 1u);  // late: the window's presence is read
  EXPECT_EQ(Write(*store, s, {{13, 6}}).added, 1u);  // in-order append to the same window
  const WriteCounts c = Write(*store, s, {{13, 6}, {11, 5}});
  EXPECT_EQ(c.duplicates, 2u);
  EXPECT_EQ(c.added, 0u);
  EXPECT_EQ(Write(*store, s, {{13, 7}}).versions, 1u);
}

TEST(Store, LateAndOutOfOrderDataFoldsIn) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  const SeriesId s = MakeSeries(*store, "M1");
  Write(*store, s, {{200, 2}, {201, 3}});
  Write(*store, s, {{100, 1}, {4096 * 3 + 1, 9}});
  Write(*store, s, {{150, 7}, {120, 6}, {202, 4}});  // unsorted and filling gaps
  std::vector<int64_t> slots;
  for (const Slot& x : ReadAll(*store, s)) slots.push_back(x.slot);
  EXPECT_EQ(slots, (std::vector<int64_t>{100, 120, 150, 200, 201, 202, 4096 * 3 + 1}));
}

TEST(Store, PersistsAcrossReopenAndCompaction) {
  TempDir dir;
  SeriesId s;
  {
    auto store = OpenStore(dir.path());
    s = MakeSeries(*store, "M1");
    for (int day = 0; day < 10; ++day) {
      std::vector<std::pair<int64_t, int64_t>> v;
      for (int i = 0; i < 96; ++i) v.push_back({day * 96 + i, day * 1000 + i});
      Write(*store, s, v);
    }
  }
  {
    auto store = OpenStore(dir.path());
    EXPECT_EQ(store->catalog().FindAsset("M1").value(), 1u);
    EXPECT_EQ(ReadAll(*store, s).size(), 960u);
    // Coverage survived: the same data again is all duplicates.
    EXPECT_EQ(Write(*store, s, {{5, 5}}).duplicates, 1u);
    ASSERT_TRUE(store->FlushAndCompact().ok());
    const auto all = ReadAll(*store, s);
    ASSERT_EQ(all.size(), 960u);
    EXPECT_EQ(all[959].value, 9095);
  }
  auto ro = OpenStore(dir.path(), /*read_only=*/true);
  ASSERT_NE(ro, nullptr);
  EXPECT_EQ(ReadAll(*ro, s).size(), 960u);
  WriteRequest r;
  r.readings.push_back({1, 1, s, Quality::kActual});
  EXPECT_EQ(ro->Write(&r).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(Store, ReadOnlyOpenOfMissingStoreSaysSo) {
  TempDir dir;
  StoreOptions o;
  o.path = dir.Sub("nothing-here");
  o.read_only = true;
  auto s = Store::Open(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kNotFound);
}

// Counts the write groups the leader commits: OnGroupEnd is called once per group.
class GroupCounter : public WriteListener {
 public:
  bool Wants(SeriesId, const SeriesInfo&) const override { return false; }
  void OnChanges(SeriesId, const SeriesInfo&, std::span<const SlotChange>) override {}
  absl::Status OnGroupEnd(rocksdb::WriteBatch*) override {
    groups_.fetch_add(1);
    return absl::OkStatus();
  }
  void OnGroupAbort() override {}
  void OnExclusiveDone(bool) override {}
  int groups() const { return groups_.load(); }

 private:
  std::atomic<int> groups_{0};
};

TEST(Store, ConcurrentWritersShareGroupCommits) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  GroupCounter counter;
  store->SetWriteListener(&counter);
  constexpr int kThreads = 8, kWrites = 40;
  std::vector<SeriesId> series;
  for (int t = 0; t < kThreads; ++t) series.push_back(MakeSeries(*store, "M" + std::to_string(t)));
  std::vector<WriteCounts> counts(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int w = 0; w < kWrites; ++w) {
        // Every thread also writes slot 0 of series 0 with the same value: duplicates across
        // concurrent requests must be counted once as added.
        WriteRequest r;
        r.readings.push_back({w, t * 100 + w, series[t], Quality::kActual});
        r.readings.push_back({0, 42, series[0], Quality::kActual});
        ASSERT_TRUE(store->Write(&r).ok());
        counts[t].Add(r.counts);
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    const auto all = ReadAll(*store, series[t]);
    ASSERT_EQ(all.size(), static_cast<size_t>(kWrites)) << t;
  }
  EXPECT_EQ(ReadAll(*store, series[0])[0].value, 42);
  // Each (series, slot) is added once, whichever request reached it first; every reading is
  // counted exactly once as added, duplicate or version.
  WriteCounts total;
  for (const WriteCounts& c : counts) total.Add(c);
  EXPECT_EQ(total.added, static_cast<uint64_t>(kThreads * kWrites));
  EXPECT_EQ(total.added + total.duplicates + total.versions,
            static_cast<uint64_t>(2 * kThreads * kWrites));
  // Group commit: writers that queue behind a leader's sync share its batch, so there are
  // fewer groups than writes (one per write when every writer syncs alone).
  EXPECT_GE(counter.groups(), 1);
  EXPECT_LT(counter.groups(), kThreads * kWrites);
}

TEST(Store, SnapshotDoesNotSeeLaterWrites) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  const SeriesId s = MakeSeries(*store, "M1");
  Write(*store, s, {{1, 1}});
  auto view = store->NewReadView();
  Write(*store, s, {{2, 2}});
  Write(*store, s, {{1, 9}});
  int n = 0;
  int64_t v1 = 0;
  ASSERT_TRUE(view->ForEachChunk(s, 0, 100,
                                 [&](uint32_t, const Chunk& c) {
                                   n += static_cast<int>(c.size());
                                   v1 = c.values[0];
                                 })
                  .ok());
  EXPECT_EQ(n, 1);
  EXPECT_EQ(v1, 1);
}

TEST(Store, DeleteRangeKeepsVersionsAndAudits) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  const SeriesId s = MakeSeries(*store, "M1");
  std::vector<std::pair<int64_t, int64_t>> v;
  for (int i = 0; i < 10000; ++i) v.push_back({i, i});
  Write(*store, s, v);
  auto deleted = store->DeleteRange(s, 100, 9000);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 8900u);
  const auto rest = ReadAll(*store, s);
  EXPECT_EQ(rest.size(), 1100u);
  EXPECT_EQ(rest[100].slot, 9000);
  int versions = 0;
  ASSERT_TRUE(
      store->NewReadView()->ForEachVersion(s, 0, 10000, [&](const Version&) { ++versions; }).ok());
  EXPECT_EQ(versions, 8900);
  // Deleted slots accept new values as new data.
  EXPECT_EQ(Write(*store, s, {{500, 1}}).added, 1u);
}

TEST(Store, ScanSumsEverything) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  int64_t expected = 0;
  uint64_t expected_count = 0;
  for (int m = 0; m < 20; ++m) {
    const SeriesId s = MakeSeries(*store, "M" + std::to_string(m));
    std::vector<std::pair<int64_t, int64_t>> v;
    for (int i = 0; i < 5000; i += 1 + m % 3) {
      v.push_back({i, i * m - 7});
      expected += i * m - 7;
      ++expected_count;
    }
    Write(*store, s, v);
  }
  uint64_t count = 0;
  int64_t sum = 0;
  ASSERT_TRUE(store->NewReadView()->SumAll(1, 21, &count, &sum).ok());
  EXPECT_EQ(count, expected_count);
  EXPECT_EQ(sum, expected);
  ASSERT_TRUE(store->FlushAndCompact().ok());
  uint64_t count2 = 0;
  int64_t sum2 = 0;
  ASSERT_TRUE(store->NewReadView()->SumAll(1, 21, &count2, &sum2).ok());
  EXPECT_EQ(count2, count);
  EXPECT_EQ(sum2, expected);
}

// On-disk corruption is detected and reported, never served.
TEST(Store, CorruptTableIsReportedNotServed) {
  TempDir dir;
  SeriesId s;
  {
    auto store = OpenStore(dir.path());
    s = MakeSeries(*store, "M1");
    std::vector<std::pair<int64_t, int64_t>> v;
    for (int i = 0; i < 40000; ++i) v.push_back({i, (i * 7919) % 1000});
    Write(*store, s, v);
    ASSERT_TRUE(store->FlushAndCompact().ok());
  }
  // Flip bytes in the middle of the largest table file: the chunk data.
  std::string largest;
  uintmax_t size = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path())) {
    if (e.path().extension() == ".sst" && e.file_size() > size) {
      size = e.file_size();
      largest = e.path();
    }
  }
  ASSERT_FALSE(largest.empty());
  {
    std::fstream f(largest, std::ios::in | std::ios::out | std::ios::binary);
    for (uintmax_t at = size / 4; at < size / 2; at += 4096) {
      f.seekp(static_cast<std::streamoff>(at));
      f.put('\x5a');
    }
  }
  StoreOptions o;
  o.path = dir.path();
  // The damage is in data blocks, not in the footer or index that opening reads.
  auto store = Store::Open(o);
  ASSERT_TRUE(store.ok()) << store.status();
  auto view = (*store)->NewReadView();
  // Chunks before the damaged one may be served; each value served is the one written.
  size_t served = 0, wrong = 0;
  const absl::Status st = view->ForEachChunk(s, 0, 40000, [&](uint32_t window, const Chunk& c) {
    for (size_t i = 0; i < c.size(); ++i) {
      const int64_t slot = FirstSlotOfWindow(window) + c.offsets[i];
      wrong += c.values[i] != (slot * 7919) % 1000;
    }
    served += c.size();
  });
  EXPECT_EQ(st.code(), absl::StatusCode::kDataLoss) << st;
  EXPECT_LT(served, 40000u);
  EXPECT_EQ(wrong, 0u);
  uint64_t count;
  int64_t sum;
  EXPECT_EQ(view->SumAll(1, 2, &count, &sum).code(), absl::StatusCode::kDataLoss);

  // A write into a damaged window refuses just those readings; the rest of the request (and of
  // its group) is stored (issue 11: new writes keep working).
  int64_t damaged_slot = -1;
  for (uint32_t w = 0; w * kWindowSlots < 40000 && damaged_slot < 0; ++w) {
    const absl::Status ws = view->ForEachChunk(s, FirstSlotOfWindow(w), FirstSlotOfWindow(w + 1),
                                               [](uint32_t, const Chunk&) {});
    if (ws.code() == absl::StatusCode::kDataLoss) damaged_slot = FirstSlotOfWindow(w) + 5;
  }
  ASSERT_GE(damaged_slot, 0);
  const SeriesId other = MakeSeries(**store, "M2");
  WriteRequest request;
  request.readings = {Reading{7, 70, other}, Reading{damaged_slot, 1, s},
                      Reading{damaged_slot + 1, 2, s}, Reading{8, 80, other}};
  ASSERT_TRUE((*store)->Write(&request).ok());
  EXPECT_EQ(request.counts.added, 2u);
  EXPECT_EQ(request.counts.damaged, 2u);
  ASSERT_EQ(request.damaged.size(), 1u);
  EXPECT_EQ(request.damaged[0].series, s);
  EXPECT_EQ(request.damaged[0].window, WindowOfSlot(damaged_slot));
  EXPECT_EQ(request.damaged[0].readings, (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(ReadAll(**store, other), (std::vector<Slot>{{7, 70, Quality::kActual, request.batch},
                                                        {8, 80, Quality::kActual, request.batch}}));
}

}  // namespace
}  // namespace gridline::storage
