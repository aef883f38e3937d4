#include "sim/topology_generator.h"

#include <map>
#include <set>

#include "gtest/gtest.h"

namespace gridline::sim {
namespace {

std::vector<MeterProfile> Profiles(int64_t n, uint64_t seed) {
  std::vector<MeterProfile> p;
  for (int64_t i = 0; i < n; ++i) p.push_back(DrawMeterProfile(seed, i, FleetMix()));
  return p;
}

TEST(TopologyGenerator, EveryMeterHangsFromAChainToASubstation) {
  const std::vector<MeterProfile> profiles = Profiles(3000, 1);
  const std::vector<Asset> assets = GenerateTopology(1, profiles, TownOptions(), 7);
  std::set<int64_t> meters;
  std::set<std::string> ids;
  std::map<int32_t, int> meters_per_transformer;
  std::map<int32_t, int> meters_per_feeder;
  int substations = 0, feeders = 0;
  for (size_t i = 0; i < assets.size(); ++i) {
    const Asset& a = assets[i];
    EXPECT_TRUE(ids.insert(a.id).second) << "duplicate id " << a.id;
    EXPECT_LT(a.parent, static_cast<int32_t>(i)) << "parent after child: " << a.id;
    switch (a.kind) {
      case AssetKind::kSubstation:
        EXPECT_EQ(a.parent, -1);
        ++substations;
        EXPECT_GT(a.rating_kva, 0);
        break;
      case AssetKind::kFeeder:
        ASSERT_GE(a.parent, 0);
        EXPECT_EQ(assets[a.parent].kind, AssetKind::kSubstation);
        ++feeders;
        break;
      case AssetKind::kTransformer: {
        ASSERT_GE(a.parent, 0);
        EXPECT_EQ(assets[a.parent].kind, AssetKind::kFeeder);
        const Asset& sub = assets[assets[a.parent].parent];
        EXPECT_LT(DistanceMetres(a.lat, a.lon, sub.lat, sub.lon), 8000.0) << a.id;
        EXPECT_GE(a.rating_kva, 25);
        break;
      }
      case AssetKind::kMeter: {
        ASSERT_GE(a.parent, 0);
        const Asset& t = assets[a.parent];
        ASSERT_EQ(t.kind, AssetKind::kTransformer);
        EXPECT_LT(DistanceMetres(a.lat, a.lon, t.lat, t.lon), 100.0) << a.id;
        EXPECT_EQ(a.pricing_node, t.pricing_node);
        EXPECT_TRUE(meters.insert(a.meter_index).second);
        EXPECT_EQ(a.id, "M" + std::string(7 - std::to_string(a.meter_index).size(), '0') +
                            std::to_string(a.meter_index));
        ++meters_per_transformer[a.parent];
        ++meters_per_feeder[t.parent];
        break;
      }
    }
  }
  EXPECT_EQ(meters.size(), profiles.size());
  EXPECT_EQ(feeders, 8);  // ~400 meters per feeder
  EXPECT_GE(substations, 1);
  EXPECT_LE(substations, 3);
  for (const auto& [feeder, n] : meters_per_feeder) EXPECT_NEAR(n, 375, 30);
  int residential_groups = 0, sized_5_to_10 = 0;
  for (const auto& [xfmr, n] : meters_per_transformer) {
    if (n > 1) {
      ++residential_groups;
      sized_5_to_10 += (n >= 5 && n <= 10);
      static const std::set<int> kSizes = {25, 50, 75, 100, 167};
      EXPECT_TRUE(kSizes.count(assets[xfmr].rating_kva)) << assets[xfmr].rating_kva;
    }
  }
  EXPECT_GT(sized_5_to_10, residential_groups * 9 / 10);
}

TEST(TopologyGenerator, CsvRows) {
  const std::vector<MeterProfile> profiles = Profiles(30, 2);
  const std::vector<Asset> assets = GenerateTopology(2, profiles, TownOptions(), 7);
  const std::string path = ::testing::TempDir() + "/gl_sim_topology_test.csv";
  auto out = OutputFile::Open(path);
  ASSERT_TRUE(out.ok());
  ASSERT_TRUE(WriteTopologyCsv(assets, profiles, false, out->get()).ok());
  FILE* f = std::fopen(path.c_str(), "r");
  ASSERT_NE(f, nullptr);
  char line[512];
  ASSERT_NE(std::fgets(line, sizeof(line), f), nullptr);
  EXPECT_STREQ(line,
               "asset_id,kind,parent_id,lat,lon,rating_kva,customer_class,pv,ev,pricing_node\n");
  ASSERT_NE(std::fgets(line, sizeof(line), f), nullptr);
  EXPECT_EQ(std::string(line).substr(0, 16), "S001,substation,");
  int rows = 1;
  bool saw_meter = false;
  while (std::fgets(line, sizeof(line), f) != nullptr) {
    ++rows;
    const std::string s(line);
    if (s.find(",meter,") != std::string::npos) {
      saw_meter = true;
      EXPECT_TRUE(s.find(",residential,") != std::string::npos ||
                  s.find(",commercial,") != std::string::npos)
          << s;
      EXPECT_TRUE(s.find(",true,") != std::string::npos || s.find(",false,") != std::string::npos);
    }
  }
  std::fclose(f);
  std::remove(path.c_str());
  EXPECT_TRUE(saw_meter);
  EXPECT_EQ(rows, static_cast<int>(assets.size()));
}

}  // namespace
}  // namespace gridline::sim
