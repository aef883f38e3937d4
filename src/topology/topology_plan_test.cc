// Tests of planning and validating a topology import: duplicates and exact repeats, unknown
// parents, parent kinds and roots, cycles (also through a time-varying move), depth, merge
// conflicts, the patch semantics of empty cells, counts, and adopting catalog assets.
#include "topology/topology_plan.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "topology/topology_test_util.h"

namespace gridline::topology {
namespace {

using ::testing::ElementsAre;
using testing::Errors;
using ::testing::HasSubstr;
using testing::kHeader;
using testing::MemoryTopology;

constexpr char kGrid[] =
    "asset_id,kind,parent_id,lat,lon\n"
    "S1,substation,,37.0,-122.0\n"
    "F1,feeder,S1,37.0,-122.0\n"
    "F2,feeder,S1,37.0,-122.0\n"
    "T1,transformer,F1,37.01,-122.01\n"
    "M1,meter,T1,37.011,-122.011\n";

std::string OnlyError(const TopologyPlan& plan) {
  EXPECT_EQ(plan.errors.size(), 1u) << Errors(plan.errors);
  return plan.errors.empty() ? "" : FormatTopologyError(plan.errors[0]);
}

TEST(TopologyPlan, AddsAFreshGrid) {
  MemoryTopology m;
  TopologyPlan plan = m.Apply(kGrid);
  ASSERT_TRUE(plan.ok()) << Errors(plan.errors);
  EXPECT_EQ(plan.counts.added, 5u);
  EXPECT_EQ(m.t().size(), 5u);
  EXPECT_EQ(m.t().ParentAt(m.Id("M1"), 0), m.Id("T1"));
}

TEST(TopologyPlan, ExactRepeatIsFineButADifferentDefinitionIsADuplicate) {
  MemoryTopology m;
  TopologyPlan plan = m.Apply(std::string(kGrid) + "F1,feeder,S1,37.0,-122.0\n");
  EXPECT_TRUE(plan.ok()) << Errors(plan.errors);
  EXPECT_EQ(plan.counts.added, 5u);

  MemoryTopology m2;
  EXPECT_EQ(OnlyError(m2.Apply(std::string(kGrid) + "F1,feeder,S1,37.5,-122.0\n")),
            "t.csv:7: asset_id: duplicate: 'F1' is defined differently at line 3");
  EXPECT_EQ(m2.t().size(), 0u);
}

TEST(TopologyPlan, RowsWithDifferentValidFromArePeriodsAndMustAgree) {
  MemoryTopology m;
  const std::string header = "asset_id,kind,parent_id,lat,lon,valid_from\n";
  const std::string base =
      "S1,substation,,,,\nF1,feeder,S1,,,\nF2,feeder,S1,,,\nT1,transformer,F1,1,2,\n";
  TopologyPlan plan = m.Apply(header + base + "T1,transformer,F2,,,2026-03-01T00:00:00Z\n");
  ASSERT_TRUE(plan.ok()) << Errors(plan.errors);
  const AssetInfo* t1 = m.t().Find(m.Id("T1"));
  ASSERT_NE(t1, nullptr);
  EXPECT_THAT(t1->parents, ElementsAre(ParentPeriod{kBeginningOfTime, m.Id("F1")},
                                       ParentPeriod{1772323200, m.Id("F2")}));
  EXPECT_EQ(t1->position, (LatLon{1, 2}));  // the move row leaves the position as it is

  MemoryTopology k;
  EXPECT_EQ(OnlyError(k.Apply(header + base + "T1,meter,F2,,,2026-03-01T00:00:00Z\n")),
            "t.csv:6: kind: 'T1' is a meter here and a transformer at line 5");
  EXPECT_EQ(OnlyError(k.Apply(header + base + "T1,transformer,F2,1,3,2026-03-01T00:00:00Z\n")),
            "t.csv:6: lat: 1, 3 differs from 1, 2 given for 'T1' at line 5");
  EXPECT_EQ(OnlyError(k.Apply(header + base + "T1,transformer,F2,,,2026-03-01T00:00:00Z\n" +
                              "T1,transformer,F1,,,2026-03-01T00:00:00Z\n")),
            "t.csv:7: asset_id: duplicate: 'T1' is defined differently at line 6 with the same "
            "valid_from");
}

TEST(TopologyPlan, UnknownParents) {
  MemoryTopology m;
  EXPECT_EQ(OnlyError(m.Apply(std::string(kHeader) + "S1,substation,,,\nF1,feeder,S9,,\n")),
            "t.csv:3: parent_id: unknown parent 'S9' (not in this file nor in the topology)");
  // A parent placed by an earlier import is known.
  ASSERT_TRUE(m.Apply(std::string(kHeader) + "S9,substation,,,\n").ok());
  TopologyPlan plan = m.Apply(std::string(kHeader) + "F1,feeder,S9,,\n");
  EXPECT_TRUE(plan.ok()) << Errors(plan.errors);
  // An id only the catalog knows (a meter that reads created) is not a placed parent.
  m.catalog().FindOrAddAsset("M7", storage::AssetKind::kMeter);
  EXPECT_THAT(OnlyError(m.Apply(std::string(kHeader) + "X,sensor,M7,,\n")),
              HasSubstr("unknown parent 'M7'"));
}

TEST(TopologyPlan, ParentKindsAndRoots) {
  MemoryTopology m;
  EXPECT_EQ(OnlyError(m.Apply(std::string(kHeader) + "S1,substation,,,\nT1,transformer,S1,,\n")),
            "t.csv:3: parent_id: a transformer cannot hang under substation 'S1' from the "
            "beginning of time; a transformer hangs under feeder");
  EXPECT_EQ(OnlyError(m.Apply(std::string(kHeader) + "M1,meter,,,\n")),
            "t.csv:2: parent_id: empty from the beginning of time, but a meter needs a parent "
            "(transformer or service_point)");
  EXPECT_THAT(OnlyError(m.Apply(std::string(kHeader) + "F1,feeder,,,\n")),
              HasSubstr("a feeder needs a parent (substation)"));
  // Sub-metering customers without utility topology: a service point or a panel may be a root.
  TopologyPlan plan = m.Apply(std::string(kHeader) +
                              "SP1,service_point,,,\nP1,panel,SP1,,\nP2,panel,,,\n"
                              "P3,panel,P2,,\nC1,circuit,P1,,\nX1,sensor,C1,,\nX2,sensor,P2,,\n");
  EXPECT_TRUE(plan.ok()) << Errors(plan.errors);
  // A meter may hang under a service point or directly under a transformer.
  plan = m.Apply(std::string(kGrid) + "SP2,service_point,T1,,\nM2,meter,SP2,,\n");
  EXPECT_TRUE(plan.ok()) << Errors(plan.errors);
}

TEST(TopologyPlan, AKindChangeThatStrandsChildrenIsReportedOnTheParentRow) {
  MemoryTopology m;
  ASSERT_TRUE(m.Apply(kGrid).ok());
  EXPECT_EQ(OnlyError(m.Apply(std::string(kHeader) + "F1,substation,,,\n")),
            "t.csv:2: kind: 'F1' cannot be a substation: transformer 'T1' hangs under it from "
            "the beginning of time and needs a feeder");
}

TEST(TopologyPlan, CyclesAreFound) {
  MemoryTopology m;
  EXPECT_EQ(OnlyError(m.Apply(std::string(kHeader) + "P1,panel,P2,,\nP2,panel,P1,,\n")),
            "t.csv:2: parent_id: cycle from the beginning of time: P1 -> P2 -> P1");
  EXPECT_EQ(OnlyError(m.Apply(std::string(kHeader) + "P1,panel,P1,,\n")),
            "t.csv:2: parent_id: cycle from the beginning of time: P1 -> P1");
}

TEST(TopologyPlan, ACycleThroughATimeVaryingMoveIsFound) {
  MemoryTopology m;
  const std::string header = "asset_id,kind,parent_id,lat,lon,valid_from\n";
  // No cycle before the move; P1 moving under its own child P2 makes one from then on.
  EXPECT_EQ(OnlyError(m.Apply(header + "SP,service_point,,,,\nP1,panel,SP,,,\nP2,panel,P1,,,\n"
                                       "P1,panel,P2,,,2026-03-01T00:00:00Z\n")),
            "t.csv:5: parent_id: cycle at 2026-03-01T00:00:00Z: P1 -> P2 -> P1");
  // The same across two imports: the stored tree and a move in the second file.
  ASSERT_TRUE(m.Apply(header + "SP,service_point,,,,\nP1,panel,SP,,,\nP2,panel,P1,,,\n").ok());
  EXPECT_EQ(OnlyError(m.Apply(header + "P1,panel,P2,,,2026-03-01T00:00:00Z\n")),
            "t.csv:2: parent_id: cycle at 2026-03-01T00:00:00Z: P1 -> P2 -> P1");
  // A cycle closed by a later move against a stored one: P2 moves under P3 in March (stored),
  // then P3 under P2 in April.
  ASSERT_TRUE(m.Apply(header + "P3,panel,SP,,,\nP2,panel,P3,,,2026-03-01T00:00:00Z\n").ok());
  TopologyPlan plan = m.Apply(header + "P3,panel,P2,,,2026-04-01T00:00:00Z\n");
  EXPECT_EQ(OnlyError(plan), "t.csv:2: parent_id: cycle at 2026-04-01T00:00:00Z: P3 -> P2 -> P3");
  EXPECT_EQ(m.t().ParentAt(m.Id("P3"), 1775001600), m.Id("SP"));  // nothing applied
}

TEST(TopologyPlan, ChainsDeeperThanTheLimitAreRefused) {
  MemoryTopology m;
  std::string csv = std::string(kHeader) + "P0,panel,,,\n";
  for (int i = 1; i <= kMaxDepth + 1; ++i) {
    csv += "P" + std::to_string(i) + ",panel,P" + std::to_string(i - 1) + ",,\n";
  }
  TopologyPlan plan = m.Apply(csv);
  ASSERT_FALSE(plan.ok());
  EXPECT_THAT(FormatTopologyError(plan.errors[0]),
              HasSubstr("parent_id: 'P33' is more than 32 levels deep"));
}

TEST(TopologyPlan, RoutesNeedAKnownAsset) {
  MemoryTopology m;
  TopologyInput input;
  input.file = "r.geojson";
  input.routes.push_back(RouteRow{SourceRef{0, 4}, "F9", {{{1, 2}, {3, 4}}}});
  TopologyPlan plan = PlanTopologyChange(input, m.t(), &m.catalog());
  EXPECT_EQ(OnlyError(plan),
            "r.geojson:feature 4: asset_id: unknown asset 'F9': a route belongs to an asset in "
            "this file or in the topology");
}

TEST(TopologyPlan, CountsAndReimportIsANoOp) {
  MemoryTopology m;
  ASSERT_TRUE(m.Apply(kGrid).ok());
  TopologyPlan again = m.Apply(kGrid);
  ASSERT_TRUE(again.ok()) << Errors(again.errors);
  EXPECT_EQ(again.counts.unchanged, 5u);
  EXPECT_EQ(again.counts.added + again.counts.updated + again.counts.moved, 0u);
  EXPECT_TRUE(again.changes.empty());

  TopologyPlan change = m.Apply(
      "asset_id,kind,parent_id,lat,lon,valid_from,rating_kva\n"
      "T1,transformer,F2,,,2026-03-01T00:00:00Z,\n"  // a move
      "F1,feeder,S1,,,,8000\n"                       // an update
      "M1,meter,T1,,,,\n"                            // unchanged: empty cells keep values
      "M2,meter,T1,,,,\n");                          // added
  ASSERT_TRUE(change.ok()) << Errors(change.errors);
  EXPECT_EQ(change.counts.moved, 1u);
  EXPECT_EQ(change.counts.updated, 1u);
  EXPECT_EQ(change.counts.unchanged, 1u);
  EXPECT_EQ(change.counts.added, 1u);
  EXPECT_EQ(change.changes.size(), 3u);
  EXPECT_EQ(m.t().Find(m.Id("F1"))->rating_kva, 8000);
  EXPECT_EQ(m.t().Find(m.Id("F1"))->position, (LatLon{37.0, -122.0}));
  // Changing the parent of an existing period is an update, not a move.
  TopologyPlan update = m.Apply(std::string(kHeader) + "M2,meter,T1,,\nT1,transformer,F2,,\n");
  ASSERT_TRUE(update.ok()) << Errors(update.errors);
  EXPECT_EQ(update.counts.updated, 1u);
  EXPECT_EQ(update.counts.unchanged, 1u);
}

TEST(TopologyPlan, AttributesArePatchedOneByOne) {
  MemoryTopology m;
  ASSERT_TRUE(m.Apply("asset_id,kind,parent_id,lat,lon,owner,zone,pv,customer_class\n"
                      "SP,service_point,,,,utility,north,true,commercial\n")
                  .ok());
  ASSERT_TRUE(
      m.Apply("asset_id,kind,parent_id,lat,lon,zone,pv\nSP,service_point,,,,south,\n").ok());
  const AssetInfo* sp = m.t().Find(m.Id("SP"));
  ASSERT_NE(sp, nullptr);
  EXPECT_THAT(sp->attributes, ElementsAre(std::pair<std::string, std::string>("owner", "utility"),
                                          std::pair<std::string, std::string>("zone", "south")));
  EXPECT_TRUE(sp->pv);
  EXPECT_EQ(sp->customer_class, "commercial");
  ASSERT_TRUE(m.Apply("asset_id,kind,parent_id,lat,lon\nSP2,service_point,,,\n").ok());
  EXPECT_EQ(m.t().Find(m.Id("SP2"))->customer_class, "residential");
  EXPECT_FALSE(m.t().Find(m.Id("SP2"))->pv);
}

TEST(TopologyPlan, AdoptsAnAssetTheCatalogAlreadyHas) {
  MemoryTopology m;
  // Reads created meter M1 before the topology placed it; its kind there is only a guess.
  const storage::AssetId reads_id = m.catalog().FindOrAddAsset("M1", storage::AssetKind::kMeter);
  m.catalog().FindOrAddAsset("X", storage::AssetKind::kMeter);
  TopologyPlan plan = m.Apply(kGrid);
  ASSERT_TRUE(plan.ok()) << Errors(plan.errors);
  EXPECT_EQ(plan.counts.added, 5u);
  EXPECT_EQ(m.Id("M1"), reads_id);
  EXPECT_EQ(m.catalog().asset_count(), 6u);  // four new ids, no duplicate of M1
  // Every id is the catalog's, parents included.
  m.t().ForEach(
      [&](const AssetInfo& a) { EXPECT_EQ(m.catalog().AssetExternalId(a.id), a.external_id); });
  EXPECT_EQ(m.Name(m.t().ParentAt(reads_id, 0)), "T1");
}

}  // namespace
}  // namespace gridline::topology
