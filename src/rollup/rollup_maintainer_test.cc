// Roll-ups kept by the write path and moved by placement changes always equal a brute-force sum
// over the meters on each asset's chain at each instant (issue 3's property), across late data,
// duplicates, new versions, deletions, folds and moves.
#include "rollup/rollup_maintainer.h"

#include <map>
#include <random>

#include "common/status_macros.h"
#include "gtest/gtest.h"
#include "query/aggregate.h"
#include "query/series_reader.h"
#include "rocksdb/write_batch.h"
#include "rollup/contribution.h"
#include "rollup/rollup_reader.h"
#include "test/test_util.h"

namespace gridline::rollup {
namespace {

using storage::AssetId;
using storage::AssetKind;
using storage::RollupCell;
using storage::SeriesId;
using testing::TempDir;

std::unique_ptr<storage::Store> OpenStore(const std::string& path) {
  storage::StoreOptions o;
  o.path = path;
  auto s = storage::Store::Open(o);
  EXPECT_TRUE(s.ok()) << s.status();
  return std::move(*s);
}

using Cells = std::map<std::pair<AssetId, int64_t>, RollupCell>;  // (asset, slot start) -> sums

Cells StoredRollups(const storage::Store& store, const std::vector<AssetId>& assets) {
  Cells out;
  auto view = store.NewReadView();
  for (AssetId a : assets) {
    EXPECT_TRUE(ForEachRollupCell(*view, a, 0, int64_t{1} << 40,
                                  [&](int64_t t, const RollupCell& c) { out[{a, t}] = c; })
                    .ok());
  }
  return out;
}

// Every reading of every energy series, added to the assets on its meter's chain at its time.
Cells BruteForce(const storage::Store& store, const Placement& placement) {
  Cells out;
  auto view = store.NewReadView();
  const storage::Catalog& catalog = store.catalog();
  for (SeriesId s = 1; s <= catalog.series_count(); ++s) {
    const storage::SeriesInfo info = catalog.GetSeries(s);
    if (!RollsUp(info.channel)) continue;
    EXPECT_TRUE(query::ReadSeriesRange(*view, s, info, 0, int64_t{1} << 40,
                                       [&](const query::ReadingRow& r) {
                                         const int64_t slot = r.time / info.interval_s;
                                         const RollupCell c = ContributionOf(
                                             info.channel, info.interval_s, slot, r.value,
                                             r.quality);
                                         const int64_t t = RollupSlotOf(slot, info.interval_s) *
                                                           storage::kRollupSlotSeconds;
                                         for (const ChainPeriod& p : placement.Periods(info.asset)) {
                                           if (r.time < p.from || r.time >= p.to) continue;
                                           for (AssetId a : p.chain) out[{a, t}].Add(c);
                                         }
                                       })
                    .ok());
  }
  for (auto it = out.begin(); it != out.end();) it = it->second.zero() ? out.erase(it) : ++it;
  return out;
}

std::string Describe(const Cells& cells) {
  std::string s;
  for (const auto& [k, c] : cells) {
    s += std::to_string(k.first) + "@" + std::to_string(k.second) + ":" +
         std::to_string(c.delivered_wh) + "/" + std::to_string(c.received_wh) + "/" +
         std::to_string(c.meters) + "/" + std::to_string(c.estimated) + " ";
    if (s.size() > 2000) break;
  }
  return s;
}

TEST(RollupMaintainer, ContributionCountsMeterOncePerSlot) {
  // 5-minute reads: only the one starting the 15-minute slot counts the meter.
  EXPECT_EQ(ContributionOf(ChannelKind::kKwhDelivered, 300, 3, 10, Quality::kActual).meters, 1);
  EXPECT_EQ(ContributionOf(ChannelKind::kKwhDelivered, 300, 4, 10, Quality::kActual).meters, 0);
  // Hourly reads count once, in the hour's first slot.
  EXPECT_EQ(RollupSlotOf(5, 3600), 20);
  EXPECT_EQ(ContributionOf(ChannelKind::kKwhDelivered, 3600, 5, 10, Quality::kActual).meters, 1);
  // Received energy does not count meters; estimates count on every channel.
  const RollupCell r = ContributionOf(ChannelKind::kKwhReceived, 900, 1, 7, Quality::kEstimated);
  EXPECT_EQ(r.received_wh, 7);
  EXPECT_EQ(r.meters, 0);
  EXPECT_EQ(r.estimated, 1);
  // Net splits by sign so that delivered - received is the net.
  EXPECT_EQ(ContributionOf(ChannelKind::kKwhNet, 900, 1, -5, Quality::kActual).received_wh, 5);
  EXPECT_EQ(ContributionOf(ChannelKind::kKwhNet, 900, 1, 5, Quality::kActual).delivered_wh, 5);
}

TEST(RollupMaintainer, SumsAlongTheChain) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  RollupMaintainer m(store.get());
  const AssetId meter = store->catalog().FindOrAddAsset("m", AssetKind::kMeter);
  const AssetId tx = store->catalog().FindOrAddAsset("t", AssetKind::kTransformer);
  auto placement = std::make_shared<Placement>();
  placement->Set(meter, {ChainPeriod{INT64_MIN, INT64_MAX, {tx}}});
  m.SetPlacement(placement);
  const SeriesId s = *store->catalog().AddSeries(meter, ChannelKind::kKwhDelivered, 900);
  storage::WriteRequest r;
  r.readings = {{4, 100, s, Quality::kActual}, {5, 200, s, Quality::kEstimated}};
  ASSERT_TRUE(store->Write(&r).ok());
  auto view = store->NewReadView();
  auto rows = ReadRollup(*view, tx, 3600, 7200, Step{3600, 0}, TimeZone(), query::kLocalMaxBuckets);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].delivered_wh, 300);
  EXPECT_EQ((*rows)[0].meters, 1);
  EXPECT_EQ((*rows)[0].estimated, 1);
  auto system = ReadRollup(*view, kSystemAsset, 3600, 7200, Step{900, 0}, TimeZone(),
                           query::kLocalMaxBuckets);
  ASSERT_TRUE(system.ok());
  ASSERT_EQ(system->size(), 4u);
  EXPECT_EQ((*system)[0].delivered_wh, 100);
  EXPECT_EQ((*system)[1].delivered_wh, 200);
  EXPECT_TRUE((*system)[2].empty);
  // A meter's own roll-up is computed from its readings by the same rule.
  auto own =
      ReadRollup(*view, meter, 3600, 7200, Step{3600, 0}, TimeZone(), query::kLocalMaxBuckets);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ((*own)[0].delivered_wh, 300);
  EXPECT_EQ((*own)[0].meters, 1);
  EXPECT_EQ((*own)[0].estimated, 1);
}

// The property test: random meters, chains, moves and writes; after every step the stored
// roll-ups equal the brute-force sums.
TEST(RollupMaintainer, AlwaysEqualsBruteForce) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  RollupMaintainer maintainer(store.get());
  std::mt19937_64 rng(20261123);
  storage::Catalog& catalog = store->catalog();

  std::vector<AssetId> transformers, feeders, all_assets = {kSystemAsset};
  for (int i = 0; i < 2; ++i) feeders.push_back(catalog.FindOrAddAsset("F" + std::to_string(i), AssetKind::kFeeder));
  for (int i = 0; i < 4; ++i) transformers.push_back(catalog.FindOrAddAsset("T" + std::to_string(i), AssetKind::kTransformer));
  const AssetId substation = catalog.FindOrAddAsset("S", AssetKind::kSubstation);
  for (AssetId a : feeders) all_assets.push_back(a);
  for (AssetId a : transformers) all_assets.push_back(a);
  all_assets.push_back(substation);

  struct MeterSeries {
    AssetId meter;
    std::vector<SeriesId> series;
  };
  std::vector<MeterSeries> meters;
  const int32_t intervals[] = {900, 900, 300, 3600};
  for (int i = 0; i < 10; ++i) {
    const AssetId m = catalog.FindOrAddAsset("M" + std::to_string(i), AssetKind::kMeter);
    const int32_t interval = intervals[i % 4];
    MeterSeries ms{m, {*catalog.AddSeries(m, ChannelKind::kKwhDelivered, interval)}};
    if (i % 3 == 0) ms.series.push_back(*catalog.AddSeries(m, ChannelKind::kKwhReceived, interval));
    if (i == 7) ms.series.push_back(*catalog.AddSeries(m, ChannelKind::kKwhNet, interval));
    if (i == 8) ms.series.push_back(*catalog.AddSeries(m, ChannelKind::kVoltage, interval));
    meters.push_back(ms);
  }
  const int64_t span_s = 60 * 86400;  // more than one roll-up window (42.7 days)

  auto random_placement = [&] {
    auto p = std::make_shared<Placement>();
    for (size_t i = 0; i < meters.size(); ++i) {
      if (i == 9) continue;  // never placed: system only
      std::vector<ChainPeriod> periods;
      int64_t from = INT64_MIN;
      const int moves = static_cast<int>(rng() % 3);
      std::vector<int64_t> at;
      for (int k = 0; k < moves; ++k) at.push_back(static_cast<int64_t>(rng() % span_s) / 60 * 60);
      std::sort(at.begin(), at.end());
      at.erase(std::unique(at.begin(), at.end()), at.end());
      at.push_back(INT64_MAX);
      for (int64_t to : at) {
        const AssetId t = transformers[rng() % transformers.size()];
        const AssetId f = feeders[rng() % feeders.size()];
        std::vector<AssetId> chain = {t, f, substation};
        if (rng() % 5 == 0) chain = {f, substation};  // a meter straight under a feeder
        periods.push_back(ChainPeriod{from, to, chain});
        from = to;
      }
      p->Set(meters[i].meter, std::move(periods));
    }
    return p;
  };
  maintainer.SetPlacement(random_placement());

  for (int step = 0; step < 60; ++step) {
    const int action = static_cast<int>(rng() % 10);
    if (action < 6) {
      storage::WriteRequest r;
      const int n = 1 + static_cast<int>(rng() % 400);
      for (int k = 0; k < n; ++k) {
        const MeterSeries& ms = meters[rng() % meters.size()];
        const SeriesId s = ms.series[rng() % ms.series.size()];
        const storage::SeriesInfo info = catalog.GetSeries(s);
        const int64_t slot = static_cast<int64_t>(rng() % (span_s / info.interval_s));
        const int64_t value = static_cast<int64_t>(rng() % 5) - (info.channel == ChannelKind::kKwhNet ? 2 : 0);
        const Quality q = rng() % 4 == 0 ? Quality::kEstimated : Quality::kActual;
        r.readings.push_back({slot, value, s, q});
      }
      ASSERT_TRUE(store->Write(&r).ok());
    } else if (action == 6) {
      const MeterSeries& ms = meters[rng() % meters.size()];
      const SeriesId s = ms.series[0];
      const int64_t a = static_cast<int64_t>(rng() % 5000), b = a + static_cast<int64_t>(rng() % 3000);
      ASSERT_TRUE(store->DeleteRange(s, a, b).ok());
    } else if (action == 7) {
      ASSERT_TRUE(store->FlushAndCompact().ok());
    } else {
      auto next = random_placement();
      ASSERT_TRUE(store
                      ->CommitExclusive([&](rocksdb::WriteBatch* batch) {
                        auto view = store->NewReadView();
                        auto before = maintainer.placement();
                        GL_RETURN_IF_ERROR(
                            maintainer.MoveForPlacement(*view, *before, *next, batch));
                        maintainer.StagePlacement(next);
                        return absl::OkStatus();
                      })
                      .ok());
    }
    const Cells expected = BruteForce(*store, *maintainer.placement());
    const Cells stored = StoredRollups(*store, all_assets);
    ASSERT_EQ(stored, expected) << "step " << step << " action " << action << "\nstored "
                                << Describe(stored) << "\nexpected " << Describe(expected);
  }
  // And after reopening the store (roll-ups are durable with the reads).
  const Placement last = *maintainer.placement();
  store.reset();
  store = OpenStore(dir.path());
  EXPECT_EQ(StoredRollups(*store, all_assets), BruteForce(*store, last));
}

}  // namespace
}  // namespace gridline::rollup
