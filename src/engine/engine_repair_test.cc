// gridline repair and the roll-ups (issue 11, item 3): after damage is set aside, every roll-up of
// every asset equals the brute-force sum of the readings that remain, at the topology valid at
// each instant (meters moved between transformers and transformers between feeders mid-range),
// whether a chunks table or the rollups table itself was damaged.
#include <filesystem>
#include <fstream>
#include <random>

#include "engine/engine.h"
#include "engine/rollup_test_util.h"
#include "fmt/format.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/metadata.h"
#include "test/test_util.h"
#include "topology/csv_topology_reader.h"

namespace gridline::engine {
namespace {

using storage::AssetId;

constexpr int64_t kStart = 1782864000;  // 2026-07-01T00:00:00Z
constexpr int kDays = 60;               // two roll-up windows
constexpr int kMeters = 12;

std::unique_ptr<Engine> OpenEngine(const std::string& path) {
  storage::StoreOptions o;
  o.path = path;
  auto e = Engine::Open(o);
  EXPECT_TRUE(e.ok()) << e.status();
  return e.ok() ? std::move(*e) : nullptr;
}

std::string Iso(int64_t t) {
  std::string s;
  AppendIsoUtc(t, &s);
  return s;
}

void Apply(Engine& db, const std::string& csv) {
  auto report = db.ApplyTopology(topology::ParseTopologyCsv(csv, "t.csv"), nullptr);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_TRUE(report->applied()) << topology::FormatTopologyError(report->errors[0]);
}

// A grid with moves, 60 days of readings of every meter (two delivered, one received channel
// in three), flushed and compacted; returns the assets that have roll-ups.
std::vector<AssetId> Build(const std::string& path) {
  auto db = OpenEngine(path);
  std::string csv = "asset_id,kind,parent_id,lat,lon\nS,substation,,38.5,-121.5\n";
  csv += "F0,feeder,S,38.5,-121.5\nF1,feeder,S,38.5,-121.5\n";
  for (int t = 0; t < 4; ++t) csv += fmt::format("T{},transformer,F{},38.5,-121.5\n", t, t % 2);
  // M11 is never placed: it rolls up into _system only.
  for (int m = 0; m < kMeters - 1; ++m) csv += fmt::format("M{},meter,T{},38.5,-121.5\n", m, m % 4);
  Apply(*db, csv);
  Apply(*db, fmt::format("asset_id,kind,parent_id,lat,lon,valid_from\nM1,meter,T2,,,{}\n"
                         "M6,meter,T0,,,{}\nT3,transformer,F0,,,{}\n",
                         Iso(kStart + 20 * 86400), Iso(kStart + 50 * 86400),
                         Iso(kStart + 35 * 86400 + 900 * 7)));
  storage::Catalog& catalog = db->store()->catalog();
  std::mt19937_64 rng(5);
  storage::WriteRequest r;
  for (int m = 0; m < kMeters; ++m) {
    const AssetId a = catalog.FindOrAddAsset(fmt::format("M{}", m), storage::AssetKind::kMeter);
    std::vector<storage::SeriesId> series = {
        *catalog.AddSeries(a, ChannelKind::kKwhDelivered, 900)};
    if (m % 3 == 0) series.push_back(*catalog.AddSeries(a, ChannelKind::kKwhReceived, 900));
    for (storage::SeriesId s : series) {
      for (int64_t i = 0; i < kDays * 96; ++i) {
        r.readings.push_back({kStart / 900 + i, static_cast<int64_t>(rng() % 900), s,
                              rng() % 7 == 0 ? Quality::kEstimated : Quality::kActual});
      }
    }
  }
  EXPECT_TRUE(db->store()->Write(&r).ok());
  EXPECT_TRUE(db->store()->FlushAndCompact().ok());
  std::vector<AssetId> assets = {rollup::kSystemAsset};
  for (const char* id : {"S", "F0", "F1", "T0", "T1", "T2", "T3"}) {
    assets.push_back(*catalog.FindAsset(id));
  }
  return assets;
}

// Flips bytes through the middle of the largest table file of `column_family`.
void DamageTableOf(const std::string& path, const std::string& column_family) {
  std::string file;
  uint64_t size = 0;
  {
    auto db = OpenEngine(path);
    std::vector<rocksdb::LiveFileMetaData> files;
    db->store()->db()->GetLiveFilesMetaData(&files);
    for (const auto& f : files) {
      if (f.column_family_name == column_family && f.size > size) {
        size = f.size;
        file = f.db_path + "/" + std::filesystem::path(f.name).filename().string();
      }
    }
  }
  ASSERT_FALSE(file.empty()) << "no table of " << column_family;
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  for (uint64_t at = size / 4; at < size * 3 / 4; at += 512) {
    f.seekp(static_cast<std::streamoff>(at));
    f.put('\x5a');
  }
}

storage::RepairReport RepairStore(const std::string& path) {
  storage::StoreOptions o;
  o.path = path;
  auto store = storage::Store::Open(o);
  EXPECT_TRUE(store.ok()) << store.status();
  auto report = (*store)->Repair();
  EXPECT_TRUE(report.ok()) << report.status();
  return report.ok() ? *report : storage::RepairReport();
}

TEST(EngineRepair, RollupsAboveSetAsideChunksEqualTheRemainingReadings) {
  testing::TempDir dir;
  const std::vector<AssetId> assets = Build(dir.path());
  DamageTableOf(dir.path(), "chunks");
  const storage::RepairReport repair = RepairStore(dir.path());
  ASSERT_FALSE(repair.readings_set_aside.empty());
  EXPECT_FALSE(repair.rollups_rebuilt);
  auto db = OpenEngine(dir.path());
  // Until the recompute, the roll-ups still count what was set aside, and check says so.
  const RollupCells expected = BruteForce(*db);
  EXPECT_NE(Stored(*db, assets), expected);
  auto check = db->store()->Check();
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->whole());
  EXPECT_EQ(check->rollups_to_recompute, 1u);

  auto stats = db->RecomputeRepairedRollups();
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_GT(stats->windows, 0u);
  EXPECT_EQ(Stored(*db, assets), expected);
  check = db->store()->Check();
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(check->rollups_to_recompute, 0u);
  // Nothing left to do; and writes after it add to the recomputed cells as usual.
  stats = db->RecomputeRepairedRollups();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->windows, 0u);
  storage::WriteRequest late;
  const storage::SeriesId s1 = *db->store()->catalog().FindSeries(
      *db->store()->catalog().FindAsset("M1"), ChannelKind::kKwhDelivered);
  late.readings.push_back({kStart / 900 + kDays * 96 + 3, 77, s1});
  ASSERT_TRUE(db->store()->Write(&late).ok());
  EXPECT_EQ(Stored(*db, assets), BruteForce(*db));
}

TEST(EngineRepair, DamagedRollupsAreRebuiltFromEveryReading) {
  testing::TempDir dir;
  const std::vector<AssetId> assets = Build(dir.path());
  DamageTableOf(dir.path(), "rollups");
  const storage::RepairReport repair = RepairStore(dir.path());
  ASSERT_TRUE(repair.rollups_rebuilt) << "the damage did not reach the rollups table";
  EXPECT_TRUE(repair.readings_set_aside.empty());
  auto db = OpenEngine(dir.path());
  const RollupCells expected = BruteForce(*db);
  EXPECT_NE(Stored(*db, assets), expected);
  auto stats = db->RecomputeRepairedRollups();
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(Stored(*db, assets), expected);
}

}  // namespace
}  // namespace gridline::engine
