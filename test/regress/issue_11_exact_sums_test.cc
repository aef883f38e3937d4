// Regression for issue 11, item 4: a reading of 9223372036854775.807 kWh was accepted and turned
// the public `_system` roll-up into -9.2e15 kWh (signed overflow). Ingest now refuses such values
// (SeriesPlacer.ValueOutsideThePlausibleRangeIsARowErrorNamingTheBound); these tests write them
// straight to the store, as a store filled before the bound existed holds them, and check that
// the sums over them are exact or an error, never a wrap.
#include <limits>

#include "common/time_zone.h"
#include "gtest/gtest.h"
#include "query/aggregate.h"
#include "rollup/placement.h"
#include "rollup/rollup_maintainer.h"
#include "rollup/rollup_reader.h"
#include "storage/store.h"
#include "test/test_util.h"

namespace gridline {
namespace {

using gridline::testing::TempDir;
using storage::AssetId;
using storage::SeriesId;

constexpr int64_t k4e18 = 4'000'000'000'000'000'000;

std::unique_ptr<storage::Store> OpenStore(const std::string& path) {
  storage::StoreOptions o;
  o.path = path;
  auto s = storage::Store::Open(o);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? std::move(*s) : nullptr;
}

void Write(storage::Store& store, SeriesId s, const std::vector<int64_t>& values) {
  storage::WriteRequest r;
  for (size_t i = 0; i < values.size(); ++i) {
    r.readings.push_back({static_cast<int64_t>(4 + i), values[i], s, Quality::kActual});
  }
  ASSERT_TRUE(store.Write(&r).ok());
}

TEST(ExactSums, SeriesAggregateIsExactOrAnErrorNeverAWrap) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  const AssetId a = store->catalog().FindOrAddAsset("M", storage::AssetKind::kMeter);
  const AssetId b = store->catalog().FindOrAddAsset("N", storage::AssetKind::kMeter);
  const SeriesId fits = *store->catalog().AddSeries(a, ChannelKind::kKwhDelivered, 900);
  const SeriesId over = *store->catalog().AddSeries(b, ChannelKind::kKwhDelivered, 900);
  Write(*store, fits, {k4e18, k4e18, -k4e18});  // passes 2^63 on the way, ends at 4e18
  Write(*store, over, {k4e18, k4e18, k4e18});   // 1.2e19 does not fit
  auto view = store->NewReadView();
  auto rows = query::AggregateSeries(*view, fits, store->catalog().GetSeries(fits), 3600, 7200,
                                     Step{3600, 0}, TimeZone(), query::kLocalMaxBuckets);
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ((*rows)[0].sum, k4e18);
  auto bad = query::AggregateSeries(*view, over, store->catalog().GetSeries(over), 3600, 7200,
                                    Step{3600, 0}, TimeZone(), query::kLocalMaxBuckets);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_NE(bad.status().message().find("beyond the int64 range of a sum"), std::string::npos)
      << bad.status();
}

TEST(ExactSums, RollupStepIsExactOrAnErrorNeverAWrap) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  rollup::RollupMaintainer m(store.get());
  const AssetId tx = store->catalog().FindOrAddAsset("T", storage::AssetKind::kTransformer);
  auto placement = std::make_shared<rollup::Placement>();
  std::vector<SeriesId> series;
  for (const char* id : {"M1", "M2"}) {
    const AssetId meter = store->catalog().FindOrAddAsset(id, storage::AssetKind::kMeter);
    placement->Set(meter, {rollup::ChainPeriod{INT64_MIN, INT64_MAX, {tx}}});
    series.push_back(*store->catalog().AddSeries(meter, ChannelKind::kKwhDelivered, 900));
  }
  m.SetPlacement(placement);
  // Cells of 8e18 Wh (each fits); an hour of them passes int64 on the way.
  for (SeriesId s : series) Write(*store, s, {k4e18, k4e18, -k4e18, 0});
  auto view = store->NewReadView();
  auto hour =
      rollup::ReadRollup(*view, tx, 3600, 7200, Step{3600, 0}, TimeZone(), query::kLocalMaxBuckets);
  ASSERT_TRUE(hour.ok()) << hour.status();
  EXPECT_EQ((*hour)[0].delivered_wh, 2 * k4e18);
  // The same, but ending above int64: an error that says so, not -2.4e15 kWh.
  for (SeriesId s : series) Write(*store, s, {k4e18, k4e18, 0, 0});
  view = store->NewReadView();
  auto bad =
      rollup::ReadRollup(*view, tx, 3600, 7200, Step{3600, 0}, TimeZone(), query::kLocalMaxBuckets);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_NE(bad.status().message().find("beyond the int64 range of a sum in Wh"), std::string::npos)
      << bad.status();
  auto system = rollup::ReadRollup(*view, rollup::kSystemAsset, 3600, 7200, Step{3600, 0},
                                   TimeZone(), query::kLocalMaxBuckets);
  EXPECT_FALSE(system.ok());
}

// A meter's own roll-up is summed at query time from its series: two channels that both add to
// `delivered` in one quarter-hour, or a net value of INT64_MIN (which has no negation), must be
// an error or exact, never a wrap (UBSan in make check-sanitize flags the undefined overflow).
TEST(ExactSums, MeterOwnCellsAreExactOrAnErrorNeverAWrap) {
  TempDir dir;
  auto store = OpenStore(dir.path());
  const AssetId meter = store->catalog().FindOrAddAsset("M", storage::AssetKind::kMeter);
  const SeriesId delivered = *store->catalog().AddSeries(meter, ChannelKind::kKwhDelivered, 900);
  const SeriesId net = *store->catalog().AddSeries(meter, ChannelKind::kKwhNet, 900);
  Write(*store, delivered, {k4e18 * 2});
  Write(*store, net, {k4e18 * 2});
  auto view = store->NewReadView();
  auto bad = rollup::ReadRollup(*view, meter, 3600, 7200, Step{900, 0}, TimeZone(),
                                query::kLocalMaxBuckets);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kOutOfRange) << bad.status();

  const AssetId other = store->catalog().FindOrAddAsset("N", storage::AssetKind::kMeter);
  const SeriesId min_net = *store->catalog().AddSeries(other, ChannelKind::kKwhNet, 900);
  Write(*store, min_net, {std::numeric_limits<int64_t>::min()});
  view = store->NewReadView();
  auto rows = rollup::ReadRollup(*view, other, 3600, 4500, Step{900, 0}, TimeZone(),
                                 query::kLocalMaxBuckets);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].received_wh, std::numeric_limits<int64_t>::max());
}

TEST(ExactSums, RollupCellTryAddRefusesAWrapAndKeepsTheCell) {
  storage::RollupCell a{.delivered_wh = std::numeric_limits<int64_t>::max() - 1};
  const storage::RollupCell before = a;
  EXPECT_FALSE(a.TryAdd(storage::RollupCell{.delivered_wh = 2}));
  EXPECT_EQ(a, before);
  EXPECT_TRUE(a.TryAdd(storage::RollupCell{.delivered_wh = 1, .meters = 1}));
  EXPECT_EQ(a.delivered_wh, std::numeric_limits<int64_t>::max());
  EXPECT_EQ(a.meters, 1);
}

}  // namespace
}  // namespace gridline
