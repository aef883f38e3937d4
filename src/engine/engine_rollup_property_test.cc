// Issue 3's property, through the whole engine: after every step of random writes (late,
// duplicate, new versions, estimated), deletions and topology imports that move transformers
// between feeders and meters between transformers from random instants (and place meters first
// seen in reads), every roll-up equals a brute-force sum over the meters that belong to the asset
// at each instant, as the topology snapshot itself says (Topology::AncestorsAt).
#include <map>
#include <random>

#include "common/time.h"
#include "engine/engine.h"
#include "engine/rollup_test_util.h"
#include "fmt/format.h"
#include "gtest/gtest.h"
#include "query/series_reader.h"
#include "rollup/contribution.h"
#include "rollup/placement.h"
#include "rollup/rollup_reader.h"
#include "test/test_util.h"
#include "topology/csv_topology_reader.h"

namespace gridline::engine {
namespace {

using storage::AssetId;

constexpr int64_t kStart = 1782864000;  // 2026-07-01T00:00:00Z
constexpr int64_t kSpan = 3 * 86400;

TEST(EngineRollups, AlwaysEqualBruteForceAcrossTopologyMoves) {
  testing::TempDir dir;
  storage::StoreOptions options;
  options.path = dir.path();
  auto opened = Engine::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  std::unique_ptr<Engine> db = std::move(*opened);
  std::mt19937_64 rng(7);
  const int kFeeders = 2, kTransformers = 4, kMeters = 10;

  auto apply = [&](const std::string& csv) {
    auto report = db->ApplyTopology(topology::ParseTopologyCsv(csv, "t.csv"), nullptr);
    ASSERT_TRUE(report.ok()) << report.status();
    ASSERT_TRUE(report->applied()) << topology::FormatTopologyError(report->errors[0]) << "\n"
                                   << csv;
  };
  std::string csv = "asset_id,kind,parent_id,lat,lon\nS,substation,,38.5,-121.5\n";
  for (int f = 0; f < kFeeders; ++f) csv += fmt::format("F{},feeder,S,38.5,-121.5\n", f);
  for (int t = 0; t < kTransformers; ++t) {
    csv += fmt::format("T{},transformer,F{},38.5,-121.5\n", t, rng() % kFeeders);
  }
  // M9 is only seen in reads until a later import places it.
  for (int m = 0; m < kMeters - 1; ++m) {
    csv += fmt::format("M{},meter,T{},38.5,-121.5\n", m, rng() % kTransformers);
  }
  apply(csv);

  storage::Catalog& catalog = db->store()->catalog();
  std::vector<storage::SeriesId> series;
  for (int m = 0; m < kMeters; ++m) {
    const AssetId a = catalog.FindOrAddAsset(fmt::format("M{}", m), storage::AssetKind::kMeter);
    series.push_back(*catalog.AddSeries(a, ChannelKind::kKwhDelivered, 900));
    if (m % 3 == 0) series.push_back(*catalog.AddSeries(a, ChannelKind::kKwhReceived, 900));
  }
  std::vector<AssetId> assets = {rollup::kSystemAsset, *catalog.FindAsset("S")};
  for (int f = 0; f < kFeeders; ++f) assets.push_back(*catalog.FindAsset(fmt::format("F{}", f)));
  for (int t = 0; t < kTransformers; ++t)
    assets.push_back(*catalog.FindAsset(fmt::format("T{}", t)));

  int moves = 0;
  for (int step = 0; step < 40; ++step) {
    const int action = static_cast<int>(rng() % 10);
    const int64_t at = kStart + static_cast<int64_t>(rng() % (kSpan / 900)) * 900;
    if (action < 5) {
      storage::WriteRequest r;
      for (int k = 0; k < 200; ++k) {
        const storage::SeriesId s = series[rng() % series.size()];
        const int64_t slot = kStart / 900 + static_cast<int64_t>(rng() % (kSpan / 900));
        r.readings.push_back({slot, static_cast<int64_t>(rng() % 4), s,
                              rng() % 5 == 0 ? Quality::kEstimated : Quality::kActual});
      }
      ASSERT_TRUE(db->store()->Write(&r).ok());
    } else if (action == 5) {
      const int64_t a = kStart / 900 + static_cast<int64_t>(rng() % 200);
      ASSERT_TRUE(db->store()->DeleteRange(series[rng() % series.size()], a, a + 50).ok());
    } else if (action < 8) {
      apply(fmt::format("asset_id,kind,parent_id,lat,lon,valid_from\nT{},transformer,F{},,,{}\n",
                        rng() % kTransformers, rng() % kFeeders, FormatIsoUtc(at)));
      ++moves;
    } else {
      apply(fmt::format("asset_id,kind,parent_id,lat,lon,valid_from\nM{},meter,T{},,,{}\n",
                        rng() % kMeters, rng() % kTransformers, FormatIsoUtc(at)));
      ++moves;
    }
    ASSERT_EQ(Stored(*db, assets), BruteForce(*db)) << "step " << step << " action " << action;
  }
  EXPECT_GE(moves, 8);
}

}  // namespace
}  // namespace gridline::engine
