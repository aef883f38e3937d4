// rollup_test_util.h: roll-ups as tests compare them: every stored cell of some assets, and the
// brute-force sum over the meters that belong to each asset at each instant, as the topology
// snapshot itself says (Topology::AncestorsAt), independent of rollup/placement.h.
#ifndef GRIDLINE_ENGINE_ROLLUP_TEST_UTIL_H_
#define GRIDLINE_ENGINE_ROLLUP_TEST_UTIL_H_

#include <map>
#include <utility>
#include <vector>

#include "engine/engine.h"
#include "gtest/gtest.h"
#include "query/series_reader.h"
#include "rollup/contribution.h"
#include "rollup/placement.h"
#include "rollup/rollup_reader.h"

namespace gridline::engine {

using RollupCells = std::map<std::pair<storage::AssetId, int64_t>, storage::RollupCell>;

// On the validated layer a processed slot nothing could fill (`missing`) contributes nothing.
inline RollupCells BruteForce(Engine& db, query::Layer layer = query::Layer::kRaw) {
  RollupCells out;
  const storage::Store& store = *db.store();
  auto topology = db.current_topology();
  auto view = store.NewReadView();
  std::vector<storage::AssetId> chain;
  for (storage::SeriesId s = 1; s <= store.catalog().series_count(); ++s) {
    const storage::SeriesInfo info = store.catalog().GetSeries(s);
    if (!rollup::RollsUp(info.channel)) continue;
    EXPECT_TRUE(query::ReadSeriesRange(
                    *view, s, info, 0, int64_t{1} << 40,
                    [&](const query::ReadingRow& r) {
                      if (r.quality == Quality::kMissing && r.origin != 0) return;
                      const int64_t slot = r.time / info.interval_s;
                      const storage::RollupCell c = rollup::ContributionOf(
                          info.channel, info.interval_s, slot, r.value, r.quality);
                      const int64_t t =
                          rollup::RollupSlotOf(slot, info.interval_s) * storage::kRollupSlotSeconds;
                      topology->AncestorsAt(info.asset, r.time, &chain);
                      chain.push_back(rollup::kSystemAsset);
                      for (storage::AssetId a : chain) out[{a, t}].Add(c);
                    },
                    Deadline(), layer)
                    .ok());
  }
  for (auto it = out.begin(); it != out.end();) it = it->second.zero() ? out.erase(it) : ++it;
  return out;
}

inline RollupCells Stored(Engine& db, const std::vector<storage::AssetId>& assets,
                          query::Layer layer = query::Layer::kRaw) {
  RollupCells out;
  auto view = db.store()->NewReadView();
  for (storage::AssetId a : assets) {
    EXPECT_TRUE(rollup::ForEachRollupCell(
                    *view, a, 0, int64_t{1} << 40,
                    [&](int64_t t, const storage::RollupCell& c) {
                      out[{a, t}] = c;
                    },
                    Deadline(), layer)
                    .ok());
  }
  return out;
}

}  // namespace gridline::engine

#endif  // GRIDLINE_ENGINE_ROLLUP_TEST_UTIL_H_
