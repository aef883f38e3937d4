// Tests of TopologyManager on a real store: persistence across reopening, all-or-nothing
// application, the change hook running inside the commit (and a failing hook applying
// nothing), re-import as a no-op, and adopting a meter that reads created.
#include "topology/topology_manager.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/rocks_status.h"
#include "test/test_util.h"
#include "topology/topology_record.h"
#include "topology/topology_test_util.h"

namespace gridline::topology {
namespace {

using gridline::testing::TempDir;
using ::testing::ElementsAre;
using testing::Errors;

constexpr int64_t kMarch = 1772323200;  // 2026-03-01T00:00:00Z

constexpr char kGrid[] =
    "asset_id,kind,parent_id,lat,lon,rating_kva,pv,valid_from,note\n"
    "S1,substation,,37.0,-122.0,20000,,,\"a, b\"\n"
    "F1,feeder,S1,37.0,-122.0,8000,,,\n"
    "F2,feeder,S1,37.0,-122.0,8000,,,\n"
    "T1,transformer,F1,37.01,-122.01,50,,,\n"
    "M1,meter,T1,37.011,-122.011,,true,,\n"
    "T1,transformer,F2,,,,,2026-03-01T00:00:00Z,\n";

std::unique_ptr<storage::Store> Open(const std::string& path) {
  storage::StoreOptions o;
  o.path = path;
  auto s = storage::Store::Open(o);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? std::move(*s) : nullptr;
}

std::unique_ptr<TopologyManager> Load(storage::Store* store) {
  auto m = TopologyManager::Load(store);
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? std::move(*m) : nullptr;
}

ImportTopologyReport Apply(TopologyManager* m, const std::string& csv) {
  absl::StatusOr<ImportTopologyReport> r = m->Apply(ParseTopologyCsv(csv, "g.csv"));
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : ImportTopologyReport{};
}

size_t MetaRecords(const storage::Store& store, std::string_view prefix) {
  size_t n = 0;
  EXPECT_TRUE(store.NewReadView()
                  ->ForEachMeta(prefix, [&](std::string_view, std::string_view) { ++n; })
                  .ok());
  return n;
}

TEST(TopologyManager, SurvivesReopeningTheStore) {
  TempDir dir;
  std::vector<AssetInfo> before;
  {
    auto store = Open(dir.path());
    auto m = Load(store.get());
    EXPECT_EQ(m->current()->size(), 0u);
    ImportTopologyReport r = Apply(m.get(), kGrid);
    ASSERT_TRUE(r.applied()) << Errors(r.errors);
    EXPECT_EQ(r.added, 5u);
    m->current()->ForEach([&](const AssetInfo& a) { before.push_back(a); });
  }
  auto store = Open(dir.path());
  auto m = Load(store.get());
  std::vector<AssetInfo> after;
  m->current()->ForEach([&](const AssetInfo& a) { after.push_back(a); });
  EXPECT_EQ(after, before);
  const Topology& t = *m->current();
  const storage::AssetId t1 = *t.FindByExternalId("T1");
  EXPECT_EQ(t.ParentAt(t1, kMarch - 1), *t.FindByExternalId("F1"));
  EXPECT_EQ(t.ParentAt(t1, kMarch), *t.FindByExternalId("F2"));
  const AssetInfo* s1 = t.Find(*t.FindByExternalId("S1"));
  EXPECT_EQ(s1->rating_kva, 20000);
  EXPECT_EQ(*s1->FindAttribute("note"), "a, b");
  EXPECT_TRUE(t.Find(*t.FindByExternalId("M1"))->pv);
  // The catalog knows every asset under the same id.
  t.ForEach([&](const AssetInfo& a) {
    EXPECT_EQ(store->catalog().AssetExternalId(a.id), a.external_id);
  });
  // Importing the same file again writes nothing.
  ImportTopologyReport again = Apply(m.get(), kGrid);
  EXPECT_TRUE(again.applied());
  EXPECT_EQ(again.unchanged, 5u);
  EXPECT_EQ(m->current().get(), &t);
}

TEST(TopologyManager, AnInputWithOneErrorAppliesNothing) {
  TempDir dir;
  auto store = Open(dir.path());
  auto m = Load(store.get());
  ImportTopologyReport r =
      Apply(m.get(), std::string(kGrid) + "M2,meter,T404,,,,,,\n");  // one unknown parent
  EXPECT_FALSE(r.applied());
  EXPECT_EQ(r.error_count, 1u);
  EXPECT_EQ(m->current()->size(), 0u);
  EXPECT_EQ(MetaRecords(*store, kTopologyKeyPrefix), 0u);
  EXPECT_EQ(store->catalog().asset_count(), 0u);  // no catalog id was taken either
}

TEST(TopologyManager, TheHookRunsInsideTheCommit) {
  TempDir dir;
  auto store = Open(dir.path());
  auto m = Load(store.get());
  int calls = 0;
  m->SetChangeHook([&](const Topology& before, const Topology& after, rocksdb::WriteBatch* batch) {
    ++calls;
    // The records are already in the batch, the current snapshot is still `before`, and the
    // new assets have their final catalog ids.
    EXPECT_GE(batch->Count(), static_cast<uint32_t>(after.size() - before.size()));
    EXPECT_EQ(m->current().get(), &before);
    after.ForEach([&](const AssetInfo& a) {
      EXPECT_EQ(store->catalog().AssetExternalId(a.id), a.external_id);
    });
    // Whatever it adds commits with the topology.
    return storage::FromRocks(
        batch->Put(store->meta_cf(), "Xderived", std::to_string(after.size())), "hook");
  });
  ASSERT_TRUE(Apply(m.get(), kGrid).applied());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(MetaRecords(*store, "Xderived"), 1u);
  EXPECT_EQ(MetaRecords(*store, kTopologyKeyPrefix), 5u);
  // Nothing changes: the hook is not called.
  ASSERT_TRUE(Apply(m.get(), kGrid).applied());
  EXPECT_EQ(calls, 1);
}

TEST(TopologyManager, AFailingHookAppliesNothing) {
  TempDir dir;
  {
    auto store = Open(dir.path());
    auto m = Load(store.get());
    ASSERT_TRUE(Apply(m.get(), "asset_id,kind,parent_id,lat,lon\nS1,substation,,,\n").applied());
    std::shared_ptr<const Topology> before = m->current();
    m->SetChangeHook([&](const Topology&, const Topology&, rocksdb::WriteBatch* batch) {
      EXPECT_TRUE(batch->Put(store->meta_cf(), "Xderived", "1").ok());
      return absl::InternalError("roll-ups are broken");
    });
    absl::StatusOr<ImportTopologyReport> r = m->Apply(ParseTopologyCsv(
        "asset_id,kind,parent_id,lat,lon\nF1,feeder,S1,,\nS1,substation,,1,1\n", "g.csv"));
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInternal);
    EXPECT_EQ(m->current(), before);
    EXPECT_EQ(MetaRecords(*store, kTopologyKeyPrefix), 1u);
    EXPECT_EQ(MetaRecords(*store, "Xderived"), 0u);
  }
  auto store = Open(dir.path());
  auto m = Load(store.get());
  EXPECT_EQ(m->current()->size(), 1u);
  EXPECT_FALSE(m->current()->Find(*m->current()->FindByExternalId("S1"))->position.has_value());
}

TEST(TopologyManager, AdoptsAMeterThatReadsCreated) {
  TempDir dir;
  storage::AssetId reads_id = 0;
  {
    auto store = Open(dir.path());
    store->catalog().FindOrAddAsset("OTHER", storage::AssetKind::kMeter);
    reads_id = store->catalog().FindOrAddAsset("M1", storage::AssetKind::kMeter);
    // Make the catalog entries durable, as an import of reads would.
    ASSERT_TRUE(store->CommitExclusive([](rocksdb::WriteBatch*) { return absl::OkStatus(); }).ok());
  }
  auto store = Open(dir.path());
  auto m = Load(store.get());
  ImportTopologyReport r = Apply(m.get(), kGrid);
  ASSERT_TRUE(r.applied()) << Errors(r.errors);
  EXPECT_EQ(r.added, 5u);
  EXPECT_EQ(*m->current()->FindByExternalId("M1"), reads_id);
  EXPECT_EQ(store->catalog().asset_count(), 6u);
}

TEST(TopologyManager, CheckReportsWithoutWriting) {
  TempDir dir;
  auto store = Open(dir.path());
  auto m = Load(store.get());
  ImportTopologyReport r = m->Check(ParseTopologyCsv(kGrid, "g.csv"));
  EXPECT_TRUE(r.applied());
  EXPECT_EQ(r.added, 5u);
  EXPECT_EQ(m->current()->size(), 0u);
  EXPECT_EQ(MetaRecords(*store, kTopologyKeyPrefix), 0u);
}

TEST(TopologyRecord, RoundTripsAndRejectsCorruption) {
  AssetInfo a;
  a.id = 7;
  a.external_id = "F\xC3\xA9";
  a.kind = AssetKind::kFeeder;
  a.parents = {{kBeginningOfTime, 1}, {kMarch, 2}};
  a.position = LatLon{-33.9, 151.2};
  a.rating_a = 400;
  a.customer_class = "industrial";
  a.ev = true;
  a.weather_station = "YSSY";
  a.attributes = {{"k", "v"}};
  a.routes = {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}, {9, 10}}};
  const std::string v = EncodeAssetRecord(a);
  absl::StatusOr<AssetInfo> back = DecodeAssetRecord(7, v);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, a);
  for (size_t cut = 0; cut < v.size(); ++cut) {
    EXPECT_EQ(DecodeAssetRecord(7, v.substr(0, cut)).status().code(), absl::StatusCode::kDataLoss)
        << cut;
  }
  EXPECT_FALSE(DecodeAssetRecord(7, v + "x").ok());
  storage::AssetId id = 0;
  EXPECT_TRUE(ParseTopologyRecordKey(TopologyRecordKey(70000), &id));
  EXPECT_EQ(id, 70000u);
  EXPECT_FALSE(ParseTopologyRecordKey("Tabc", &id));
}

}  // namespace
}  // namespace gridline::topology
