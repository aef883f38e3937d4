// Issue 13 item 4's property, through the whole engine: after every step of random raw writes
// (new slots, new versions, into processed slots too), deletions, validated commits (estimates
// filling gaps and replacing values, suspect, missing, edits, values kept as they arrived) and
// topology moves, the validated roll-up of every asset equals a brute-force sum over the
// validated reads of the meters that belong to it at each instant, and the raw roll-up still
// equals the sum over the raw reads.
#include <random>

#include "common/time.h"
#include "engine/engine.h"
#include "engine/rollup_test_util.h"
#include "fmt/format.h"
#include "gtest/gtest.h"
#include "test/test_util.h"
#include "topology/csv_topology_reader.h"

namespace gridline::engine {
namespace {

using storage::AssetId;

constexpr int64_t kStart = 1782864000;  // 2026-07-01T00:00:00Z
constexpr int64_t kSpan = 3 * 86400;

TEST(ValidatedRollups, AlwaysEqualBruteForceOverValidatedReads) {
  testing::TempDir dir;
  storage::StoreOptions options;
  options.path = dir.path();
  auto opened = Engine::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  std::unique_ptr<Engine> db = std::move(*opened);
  std::mt19937_64 rng(13);
  const int kFeeders = 2, kTransformers = 3, kMeters = 8;
  auto apply = [&](const std::string& csv) {
    auto report = db->ApplyTopology(topology::ParseTopologyCsv(csv, "t.csv"), nullptr);
    ASSERT_TRUE(report.ok()) << report.status();
    ASSERT_TRUE(report->applied()) << csv;
  };
  std::string csv = "asset_id,kind,parent_id,lat,lon\nS,substation,,38.5,-121.5\n";
  for (int f = 0; f < kFeeders; ++f) csv += fmt::format("F{},feeder,S,38.5,-121.5\n", f);
  for (int t = 0; t < kTransformers; ++t) {
    csv += fmt::format("T{},transformer,F{},38.5,-121.5\n", t, rng() % kFeeders);
  }
  for (int m = 0; m < kMeters; ++m) {
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
  for (int t = 0; t < kTransformers; ++t) {
    assets.push_back(*catalog.FindAsset(fmt::format("T{}", t)));
  }
  // Slots from a small range, so raw writes and commits meet often.
  auto random_slot = [&] { return kStart / 900 + static_cast<int64_t>(rng() % (kSpan / 900)); };

  int commits = 0, moves = 0;
  for (int step = 0; step < 60; ++step) {
    const int action = static_cast<int>(rng() % 10);
    if (action < 3) {
      storage::WriteRequest r;
      for (int k = 0; k < 120; ++k) {
        r.readings.push_back({random_slot(), static_cast<int64_t>(rng() % 5),
                              series[rng() % series.size()],
                              rng() % 6 == 0 ? Quality::kEstimated : Quality::kActual});
      }
      ASSERT_TRUE(db->store()->Write(&r).ok());
    } else if (action == 3) {
      const int64_t a = random_slot();
      ASSERT_TRUE(db->store()->DeleteRange(series[rng() % series.size()], a, a + 40).ok());
    } else if (action < 8) {
      ValidatedCommit c;
      c.series = series[rng() % series.size()];
      c.origins.resize(3);
      c.origins[0].kind = storage::OriginKind::kEstimated;
      c.origins[0].method = 1;
      c.origins[0].user = "vee";
      c.origins[1].kind = storage::OriginKind::kValidated;
      c.origins[1].rule = 6;
      c.origins[1].user = "vee";
      c.origins[2].kind = storage::OriginKind::kEdited;
      c.origins[2].user = "ops";
      c.origins[2].reason = "meter swap";
      const int64_t first = random_slot();
      const storage::SeriesInfo info = catalog.GetSeries(c.series);
      for (int64_t slot = first; slot < first + 30; ++slot) {
        if (rng() % 3 == 0 || slot < info.min_slot || slot > info.max_slot) continue;
        const int kind = static_cast<int>(rng() % 6);
        ValidatedValue v{slot, static_cast<int64_t>(rng() % 7), Quality::kEstimated, 0};
        if (kind == 1) v = {slot, 0, Quality::kMissing, 1};
        if (kind == 2) v = {slot, static_cast<int64_t>(rng() % 7), Quality::kSuspect, 1};
        if (kind == 3) v = {slot, static_cast<int64_t>(rng() % 7), Quality::kEdited, 2};
        if (kind == 4) v = {slot, static_cast<int64_t>(rng() % 5), Quality::kActual, 1};
        c.values.push_back(v);
      }
      auto result = db->CommitValidated(c);
      ASSERT_TRUE(result.ok()) << result.status();
      // Committing the same values again changes nothing.
      auto again = db->CommitValidated(c);
      ASSERT_TRUE(again.ok()) << again.status();
      EXPECT_EQ(again->changed, 0u) << "step " << step;
      ++commits;
    } else {
      const int64_t at = kStart + static_cast<int64_t>(rng() % (kSpan / 900)) * 900;
      if (action == 8) {
        apply(fmt::format("asset_id,kind,parent_id,lat,lon,valid_from\nT{},transformer,F{},,,{}\n",
                          rng() % kTransformers, rng() % kFeeders, FormatIsoUtc(at)));
      } else {
        apply(fmt::format("asset_id,kind,parent_id,lat,lon,valid_from\nM{},meter,T{},,,{}\n",
                          rng() % kMeters, rng() % kTransformers, FormatIsoUtc(at)));
      }
      ++moves;
    }
    ASSERT_EQ(Stored(*db, assets, query::Layer::kValidated),
              BruteForce(*db, query::Layer::kValidated))
        << "step " << step << " action " << action;
    ASSERT_EQ(Stored(*db, assets, query::Layer::kRaw), BruteForce(*db, query::Layer::kRaw))
        << "step " << step << " action " << action;
  }
  // The layers differ: the property is not met by two copies of the raw roll-up.
  EXPECT_NE(Stored(*db, assets, query::Layer::kValidated), Stored(*db, assets, query::Layer::kRaw));
  EXPECT_GE(commits, 10);
  EXPECT_GE(moves, 4);
}

}  // namespace
}  // namespace gridline::engine
