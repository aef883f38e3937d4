// Tests of a topology snapshot over time: ParentAt, AncestorsAt, ChildrenAt, MetersAt and
// ChainChanges before and after a move, history kept on both sides of it.
#include "topology/topology.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "topology/topology_test_util.h"

namespace gridline::topology {
namespace {

using ::testing::ElementsAre;
using testing::Errors;
using ::testing::IsEmpty;
using testing::MemoryTopology;

constexpr int64_t kMarch = 1772323200;  // 2026-03-01T00:00:00Z
constexpr int64_t kApril = 1775001600;  // 2026-04-01T00:00:00Z

class TopologyOverTime : public ::testing::Test {
 protected:
  void SetUp() override {
    TopologyPlan plan = m_.Apply(
        "asset_id,kind,parent_id,lat,lon,valid_from\n"
        "S1,substation,,,,\n"
        "F1,feeder,S1,,,\n"
        "F2,feeder,S1,,,\n"
        "T1,transformer,F1,,,\n"
        "T2,transformer,F2,,,\n"
        "SP1,service_point,T1,,,\n"
        "M1,meter,SP1,,,\n"
        "M2,meter,T1,,,\n"
        "M3,meter,T2,,,\n"
        "T1,transformer,F2,,,2026-03-01T00:00:00Z\n");
    ASSERT_TRUE(plan.ok()) << Errors(plan.errors);
  }
  storage::AssetId Id(const std::string& s) { return m_.Id(s); }
  std::vector<std::string> Ancestors(const std::string& id, int64_t t) {
    std::vector<storage::AssetId> out;
    m_.t().AncestorsAt(Id(id), t, &out);
    return m_.Names(out);
  }
  MemoryTopology m_;
};

TEST_F(TopologyOverTime, ParentAndAncestorsBeforeAndAfterAMove) {
  const Topology& t = m_.t();
  EXPECT_EQ(t.ParentAt(Id("T1"), kMarch - 1), Id("F1"));
  EXPECT_EQ(t.ParentAt(Id("T1"), kMarch), Id("F2"));
  EXPECT_EQ(t.ParentAt(Id("T1"), kBeginningOfTime), Id("F1"));
  EXPECT_EQ(t.ParentAt(Id("S1"), kMarch), 0u);
  EXPECT_EQ(t.ParentAt(12345, kMarch), 0u);
  EXPECT_THAT(Ancestors("M1", kMarch - 1), ElementsAre("SP1", "T1", "F1", "S1"));
  EXPECT_THAT(Ancestors("M1", kMarch), ElementsAre("SP1", "T1", "F2", "S1"));
  EXPECT_THAT(Ancestors("S1", kMarch), IsEmpty());
}

TEST_F(TopologyOverTime, ChildrenAndMetersBeforeAndAfterAMove) {
  const Topology& t = m_.t();
  EXPECT_THAT(m_.Names(t.ChildrenAt(Id("F1"), kMarch - 1)), ElementsAre("T1"));
  EXPECT_THAT(t.ChildrenAt(Id("F1"), kMarch), IsEmpty());
  EXPECT_THAT(m_.Names(t.ChildrenAt(Id("F2"), kMarch)), ElementsAre("T1", "T2"));
  EXPECT_THAT(m_.Names(t.MetersAt(Id("F1"), kMarch - 1)), ElementsAre("M1", "M2"));
  EXPECT_THAT(t.MetersAt(Id("F1"), kMarch), IsEmpty());
  EXPECT_THAT(m_.Names(t.MetersAt(Id("F2"), kMarch - 1)), ElementsAre("M3"));
  EXPECT_THAT(m_.Names(t.MetersAt(Id("F2"), kMarch)), ElementsAre("M1", "M2", "M3"));
  EXPECT_THAT(m_.Names(t.MetersAt(Id("S1"), kMarch - 1)), ElementsAre("M1", "M2", "M3"));
  EXPECT_THAT(m_.Names(t.MetersAt(Id("T1"), kMarch)), ElementsAre("M1", "M2"));
  EXPECT_THAT(m_.Names(t.DescendantsAt(Id("T1"), kMarch, KindBit(AssetKind::kServicePoint))),
              ElementsAre("SP1"));
  EXPECT_THAT(m_.Names(t.ChildrenEver(Id("F2"))), ElementsAre("T1", "T2"));
}

TEST_F(TopologyOverTime, ChainChanges) {
  const Topology& t = m_.t();
  EXPECT_THAT(t.ChainChanges(Id("M1")), ElementsAre(kMarch));
  EXPECT_THAT(t.ChainChanges(Id("T1")), ElementsAre(kMarch));
  EXPECT_THAT(t.ChainChanges(Id("M3")), IsEmpty());
  EXPECT_THAT(t.ChainChanges(Id("F1")), IsEmpty());
  // A "move" to where the meter already hangs does not change its chain.
  ASSERT_TRUE(m_.Apply("asset_id,kind,parent_id,lat,lon,valid_from\n"
                       "M3,meter,T2,,,2026-04-01T00:00:00Z\n")
                  .ok());
  EXPECT_THAT(m_.t().ChainChanges(Id("M3")), IsEmpty());
}

TEST_F(TopologyOverTime, AMoveInALaterImportKeepsHistoryOnBothSides) {
  // T1 goes back to F1 in April; March's move to F2 stays.
  TopologyPlan plan = m_.Apply(
      "asset_id,kind,parent_id,lat,lon,valid_from\nT1,transformer,F1,,,2026-04-01T00:00:00Z\n");
  ASSERT_TRUE(plan.ok()) << Errors(plan.errors);
  EXPECT_EQ(plan.counts.moved, 1u);
  const Topology& t = m_.t();
  EXPECT_EQ(t.ParentAt(Id("T1"), kMarch - 1), Id("F1"));
  EXPECT_EQ(t.ParentAt(Id("T1"), kMarch), Id("F2"));
  EXPECT_EQ(t.ParentAt(Id("T1"), kApril - 1), Id("F2"));
  EXPECT_EQ(t.ParentAt(Id("T1"), kApril), Id("F1"));
  EXPECT_THAT(t.ChainChanges(Id("M2")), ElementsAre(kMarch, kApril));
  EXPECT_THAT(m_.Names(t.MetersAt(Id("F2"), kApril - 1)), ElementsAre("M1", "M2", "M3"));
  EXPECT_THAT(m_.Names(t.MetersAt(Id("F2"), kApril)), ElementsAre("M3"));
}

TEST_F(TopologyOverTime, SnapshotsAreImmutable) {
  std::shared_ptr<const Topology> before = m_.snapshot();
  ASSERT_TRUE(m_.Apply("asset_id,kind,parent_id,lat,lon,valid_from\n"
                       "T1,transformer,F1,,,2026-04-01T00:00:00Z\n")
                  .ok());
  EXPECT_EQ(before->ParentAt(Id("T1"), kApril), Id("F2"));
  EXPECT_EQ(m_.t().ParentAt(Id("T1"), kApril), Id("F1"));
  // Unchanged records are shared, not copied.
  EXPECT_EQ(before->Find(Id("M1")), m_.t().Find(Id("M1")));
  EXPECT_THAT(ChangedAssets(*before, m_.t()), ElementsAre(Id("T1")));
  ASSERT_TRUE(m_.Apply("asset_id,kind,parent_id,lat,lon\nM8,meter,T2,,\n").ok());
  EXPECT_THAT(m_.Names(ChangedAssets(*before, m_.t())), ElementsAre("T1", "M8"));
}

TEST_F(TopologyOverTime, AnAssetPlacedFromAnInstantHasNoParentBefore) {
  ASSERT_TRUE(m_.Apply("asset_id,kind,parent_id,lat,lon,valid_from\n"
                       "M9,meter,T2,,,2026-04-01T00:00:00Z\n")
                  .ok());
  EXPECT_EQ(m_.t().ParentAt(Id("M9"), kApril - 1), 0u);
  EXPECT_EQ(m_.t().ParentAt(Id("M9"), kApril), Id("T2"));
  EXPECT_THAT(m_.Names(m_.t().MetersAt(Id("T2"), kApril - 1)), ElementsAre("M3"));
  EXPECT_THAT(m_.Names(m_.t().MetersAt(Id("T2"), kApril)), ElementsAre("M3", "M9"));
}

TEST_F(TopologyOverTime, LookupsAndIteration) {
  const Topology& t = m_.t();
  EXPECT_EQ(t.size(), 9u);
  EXPECT_FALSE(t.FindByExternalId("nope").has_value());
  ASSERT_NE(t.Find(Id("T1")), nullptr);
  EXPECT_EQ(t.Find(Id("T1"))->kind, AssetKind::kTransformer);
  EXPECT_EQ(t.Find(0), nullptr);
  EXPECT_EQ(t.Find(99999), nullptr);
  storage::AssetId last = 0;
  size_t n = 0;
  t.ForEach([&](const AssetInfo& a) {
    EXPECT_GT(a.id, last);
    last = a.id;
    ++n;
  });
  EXPECT_EQ(n, 9u);
  const Topology empty;
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_EQ(empty.ParentAt(1, 0), 0u);
  EXPECT_THAT(empty.MetersAt(1, 0), IsEmpty());
}

}  // namespace
}  // namespace gridline::topology
