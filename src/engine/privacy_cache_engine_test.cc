// The cached 15/15 check (rollup/privacy_check.h CheckPublicReleaseCached) against the full check
// it replaces, through a real engine: random grids, readings (spikes, zeros, gaps, exporters,
// premises of two meters), deletions and topology moves, random periods, metrics and orders of
// asking; after every step each cached answer equals the full check of the same snapshot
// (PrivacyCached.AlwaysEqualsTheFullCheck). A write that makes a quarter-hour fail refuses the
// next answer; a repeated answer reads nothing; a period over the reading budget is checked
// across requests. PrivacyCachedConcurrency: writers and checkers at once (make check-tsan).
#include <atomic>
#include <random>
#include <thread>

#include "engine/engine.h"
#include "fmt/format.h"
#include "gtest/gtest.h"
#include "rollup/placement_builder.h"
#include "rollup/privacy_check.h"
#include "test/test_util.h"
#include "topology/csv_topology_reader.h"

namespace gridline::engine {
namespace {

using rollup::PrivacyCheckResult;
using rollup::RollupMetric;
using storage::AssetId;

constexpr int64_t kStart = 1782864000;  // 2026-07-01T00:00:00Z
constexpr int64_t kSlot = 900;

std::string Iso(int64_t t) {
  std::string s;
  AppendIsoUtc(t, &s);
  return s;
}

// Same answer: released or not, and when refused the same quarter-hour and the same reason.
void ExpectSame(const PrivacyCheckResult& full, const PrivacyCheckResult& cached,
                const std::string& what) {
  ASSERT_EQ(full.released, cached.released) << what;
  if (full.released) return;
  EXPECT_EQ(full.slot_start, cached.slot_start) << what;
  EXPECT_EQ(full.verdict.refusal, cached.verdict.refusal) << what;
  EXPECT_EQ(full.verdict.residual, cached.verdict.residual) << what;
  const rollup::CustomerStats& a = full.verdict.tested;
  const rollup::CustomerStats& b = cached.verdict.tested;
  EXPECT_EQ(
      std::tie(a.customers, a.delivered_wh, a.max_delivered_wh, a.received_wh, a.max_received_wh),
      std::tie(b.customers, b.delivered_wh, b.max_delivered_wh, b.received_wh, b.max_received_wh))
      << what;
}

class PrivacyCachedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions options;
    options.path = dir_.path();
    auto opened = Engine::Open(options);
    ASSERT_TRUE(opened.ok()) << opened.status();
    db_ = std::move(*opened);
  }
  void Apply(const std::string& csv) {
    auto report = db_->ApplyTopology(topology::ParseTopologyCsv(csv, "t.csv"), nullptr);
    ASSERT_TRUE(report.ok()) << report.status();
    ASSERT_TRUE(report->applied()) << topology::FormatTopologyError(report->errors[0]) << "\n"
                                   << csv;
  }
  storage::SeriesId Series(const std::string& meter, ChannelKind channel) {
    storage::Catalog& catalog = db_->store()->catalog();
    const AssetId a = catalog.FindOrAddAsset(meter, storage::AssetKind::kMeter);
    return *catalog.AddSeries(a, channel, 900);
  }
  void Write(std::vector<storage::Reading> readings) {
    storage::WriteRequest r;
    r.readings = std::move(readings);
    ASSERT_TRUE(db_->store()->Write(&r).ok());
  }
  AssetId Asset(const std::string& id) {
    return id == "_system" ? rollup::kSystemAsset : *db_->store()->catalog().FindAsset(id);
  }
  // The cache of the current topology, new when the topology changed (as privacy_policy.cc).
  rollup::PrivacyVerdictCache* Cache() {
    auto topology = db_->current_topology();
    if (topology != topology_) {
      topology_ = topology;
      placement_ = rollup::BuildPlacement(*topology);
      cache_ = std::make_unique<rollup::PrivacyVerdictCache>();
    }
    return cache_.get();
  }
  absl::StatusOr<PrivacyCheckResult> Cached(const std::string& id, int64_t from, int64_t to,
                                            RollupMetric metric = RollupMetric::kNet,
                                            rollup::PrivacyCheckOptions options = {}) {
    rollup::PrivacyVerdictCache* cache = Cache();
    auto view = db_->store()->NewReadView();
    return rollup::CheckPublicReleaseCached(*view, *topology_, *placement_, Asset(id), from, to,
                                            metric, cache, options);
  }
  PrivacyCheckResult Full(const std::string& id, int64_t from, int64_t to,
                          RollupMetric metric = RollupMetric::kNet) {
    Cache();
    auto view = db_->store()->NewReadView();
    rollup::PrivacyCheckOptions unlimited;
    unlimited.max_readings = INT64_MAX;
    auto r = rollup::CheckPublicRelease(*view, *topology_, *placement_, Asset(id), from, to, metric,
                                        unlimited);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? *r : PrivacyCheckResult();
  }

  testing::TempDir dir_;
  std::unique_ptr<Engine> db_;
  std::shared_ptr<const topology::Topology> topology_;
  std::shared_ptr<const rollup::Placement> placement_;
  std::unique_ptr<rollup::PrivacyVerdictCache> cache_;
};

// One feeder of 20 meters reading 100 Wh every quarter-hour of two days.
class PrivacyCachedFeeder : public PrivacyCachedTest {
 protected:
  void SetUp() override {
    PrivacyCachedTest::SetUp();
    std::string csv =
        "asset_id,kind,parent_id,lat,lon\nS,substation,,38.5,-121.5\n"
        "F,feeder,S,38.5,-121.5\nT,transformer,F,38.5,-121.5\n";
    for (int m = 0; m < 20; ++m) csv += fmt::format("M{},meter,T,38.5,-121.5\n", m);
    Apply(csv);
    std::vector<storage::Reading> readings;
    for (int m = 0; m < 20; ++m) {
      series_.push_back(Series(fmt::format("M{}", m), ChannelKind::kKwhDelivered));
      for (int64_t q = 0; q < days_ * 96; ++q) {
        readings.push_back({kStart / kSlot + q, 100, series_.back()});
      }
    }
    Write(std::move(readings));
  }
  const int64_t days_ = 4;
  std::vector<storage::SeriesId> series_;
};

TEST_F(PrivacyCachedFeeder, ARepeatedAnswerReadsNoReading) {
  const int64_t to = kStart + 2 * 86400;
  auto first = Cached("F", kStart, to);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_TRUE(first->released);
  EXPECT_EQ(first->readings, 20 * 2 * 96);
  EXPECT_EQ(first->customers, 20);
  auto again = Cached("F", kStart + 3600, to - 900);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->released);
  EXPECT_EQ(again->readings, 0);
}

// The finding the cache must never reintroduce: a write that makes one quarter-hour fail makes
// the next public answer refuse it, from the day it changed only.
TEST_F(PrivacyCachedFeeder, AWriteThatMakesAQuarterHourFailRefusesTheNextAnswer) {
  const int64_t to = kStart + 2 * 86400;
  ASSERT_TRUE(Cached("F", kStart, to)->released);
  ASSERT_TRUE(Cached("S", kStart, to)->released);
  ASSERT_EQ(Cached("F", kStart, to)->readings, 0);
  const int64_t noon2 = kStart + 86400 + 12 * 3600;
  Write({{noon2 / kSlot, 5000, series_[3]}});  // 5 kWh of 6.9: one customer has 72 %
  auto after = Cached("F", kStart, to);
  ASSERT_TRUE(after.ok()) << after.status();
  EXPECT_FALSE(after->released);
  EXPECT_EQ(after->slot_start, noon2);
  EXPECT_EQ(after->verdict.refusal, rollup::Refusal::kDominantDelivered);
  EXPECT_EQ(after->readings, 20 * 96);  // the changed day only
  ExpectSame(Full("F", kStart, to), *after, "F");
  // The substation above it, asked before the write, is refused too.
  EXPECT_FALSE(Cached("S", kStart, to)->released);
  // The first day did not change: still public, nothing read.
  auto day1 = Cached("F", kStart, kStart + 86400);
  EXPECT_TRUE(day1->released);
  EXPECT_EQ(day1->readings, 0);
  // Deleting the spike releases the day again.
  ASSERT_TRUE(db_->store()->DeleteRange(series_[3], noon2 / kSlot, noon2 / kSlot + 1).ok());
  EXPECT_TRUE(Cached("F", kStart, to)->released);
  // A reading of 0 Wh adds nothing to the roll-up, yet counts its customer: a quarter-hour that
  // was empty (so passed) and gets one such reading fails.
  const int64_t empty = kStart + 3 * 86400 + 3600;
  for (const storage::SeriesId s : series_) {
    ASSERT_TRUE(db_->store()->DeleteRange(s, empty / kSlot, empty / kSlot + 1).ok());
  }
  const int64_t all = kStart + days_ * 86400;
  ASSERT_TRUE(Cached("F", kStart, all)->released);
  ASSERT_EQ(Cached("F", kStart, all)->readings, 0);
  Write({{empty / kSlot, 0, Series("M0", ChannelKind::kKwhReceived)}});
  auto lone = Cached("F", kStart, all);
  EXPECT_FALSE(lone->released);
  EXPECT_EQ(lone->slot_start, empty);
  EXPECT_EQ(lone->verdict.refusal, rollup::Refusal::kFewCustomers);
}

TEST_F(PrivacyCachedFeeder, TheSystemCheckKeepsTheVerdictsOfTheAggregatesBelowIt) {
  const int64_t to = kStart + 2 * 86400;
  ASSERT_TRUE(Cached("_system", kStart, to)->released);
  for (const char* id : {"S", "F"}) {
    auto r = Cached(id, kStart, to);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_TRUE(r->released) << id;
    EXPECT_EQ(r->readings, 0) << id;
  }
}

TEST_F(PrivacyCachedFeeder, APeriodOverTheReadingBudgetIsCheckedAcrossRequests) {
  rollup::PrivacyCheckOptions budget;
  budget.max_readings = 20 * 96 * 3;  // three days a request
  const int64_t to = kStart + days_ * 86400;
  auto first = Cached("F", kStart, to, RollupMetric::kNet, budget);
  EXPECT_EQ(first.status().code(), absl::StatusCode::kUnavailable) << first.status();
  EXPECT_NE(first.status().message().find("ask again"), absl::string_view::npos);
  auto second = Cached("F", kStart, to, RollupMetric::kNet, budget);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->released);
  EXPECT_EQ(second->readings, 20 * 96);
  // Not even one day fits: the 400 of today's check.
  budget.max_readings = 20 * 96 - 1;
  auto none = Cached("S", kStart, to, RollupMetric::kNet, budget);
  EXPECT_EQ(none.status().code(), absl::StatusCode::kInvalidArgument) << none.status();
  EXPECT_NE(none.status().message().find("ask a shorter period"), absl::string_view::npos);
}

// A snapshot taken before a write and a topology change, checked with the new topology, keeps a
// verdict that a later snapshot must not be served: the move puts new tokens on the days of the
// moved meter's readings in the feeder it joins.
TEST_F(PrivacyCachedFeeder, AMeterMovedInAfterAWriteChangesTheFeedersTokens) {
  const storage::SeriesId x = Series("X", ChannelKind::kKwhDelivered);
  Apply(
      "asset_id,kind,parent_id,lat,lon\nG,feeder,S,38.5,-121.5\nTG,transformer,G,38.5,-121.5\n"
      "X,meter,TG,38.5,-121.5\n");
  auto before = db_->store()->NewReadView();
  const int64_t noon = kStart + 12 * 3600;
  Write({{noon / kSlot, 5000, x}});  // under G: F's tokens do not change
  Apply("asset_id,kind,parent_id,lat,lon\nX,meter,T,38.5,-121.5\n");
  rollup::PrivacyVerdictCache* cache = Cache();
  auto old_view =
      rollup::CheckPublicReleaseCached(*before, *topology_, *placement_, Asset("F"), kStart,
                                       kStart + 86400, RollupMetric::kNet, cache);
  ASSERT_TRUE(old_view.ok()) << old_view.status();
  EXPECT_TRUE(old_view->released);  // that snapshot has no reading of X
  auto now = Cached("F", kStart, kStart + 86400);
  ASSERT_TRUE(now.ok()) << now.status();
  EXPECT_FALSE(now->released);
  EXPECT_EQ(now->slot_start, noon);
  ExpectSame(Full("F", kStart, kStart + 86400), *now, "F");
}

// The property: random grids and histories, every cached answer equals the full check.
class PrivacyCached : public PrivacyCachedTest {};

TEST_F(PrivacyCached, AlwaysEqualsTheFullCheck) {
  std::mt19937_64 rng(11);
  const int kFeeders = 3, kTransformers = 6, kMeters = 64;
  const int64_t kSpanSlots = 3 * 96;
  std::string csv =
      "asset_id,kind,parent_id,lat,lon\nS1,substation,,38.5,-121.5\n"
      "S2,substation,,38.5,-121.5\n";
  for (int f = 0; f < kFeeders; ++f) {
    csv += fmt::format("F{},feeder,{},38.5,-121.5\n", f, f < 2 ? "S1" : "S2");
  }
  for (int t = 0; t < kTransformers; ++t) {
    csv += fmt::format("T{},transformer,F{},38.5,-121.5\n", t, rng() % kFeeders);
  }
  // Meters 0-9 are five premises of two meters; the last two are only seen in reads.
  for (int m = 0; m < kMeters - 2; ++m) {
    const std::string t = fmt::format("T{}", rng() % kTransformers);
    if (m < 10 && m % 2 == 0) csv += fmt::format("SP{},service_point,{},38.5,-121.5\n", m / 2, t);
    csv += fmt::format("M{},meter,{},38.5,-121.5\n", m, m < 10 ? fmt::format("SP{}", m / 2) : t);
  }
  Apply(csv);
  std::vector<storage::SeriesId> series;
  std::vector<storage::Reading> bulk;
  for (int m = 0; m < kMeters; ++m) {
    series.push_back(Series(fmt::format("M{}", m), ChannelKind::kKwhDelivered));
    for (int64_t q = 0; q < kSpanSlots; ++q) {
      if (rng() % 10 == 0) continue;
      bulk.push_back({kStart / kSlot + q, static_cast<int64_t>(100 + rng() % 300), series.back()});
    }
    if (m % 8 == 0) {
      series.push_back(Series(fmt::format("M{}", m), ChannelKind::kKwhReceived));
      for (int64_t q = 40; q < 60; ++q) {
        bulk.push_back({kStart / kSlot + q, static_cast<int64_t>(rng() % 400), series.back()});
      }
    }
  }
  Write(std::move(bulk));
  const std::vector<std::string> assets = {"_system", "S1", "S2", "F0", "F1", "F2"};
  const RollupMetric metrics[] = {RollupMetric::kNet, RollupMetric::kDelivered,
                                  RollupMetric::kReceived};
  int refused = 0, released = 0, moves = 0;
  for (int step = 0; step < 30; ++step) {
    const int action = static_cast<int>(rng() % 10);
    const int64_t at = kStart + static_cast<int64_t>(rng() % kSpanSlots) * kSlot;
    if (action < 5) {
      std::vector<storage::Reading> w;
      for (int k = 0; k < 1 + static_cast<int>(rng() % 40); ++k) {
        const int64_t slot = kStart / kSlot + static_cast<int64_t>(rng() % kSpanSlots);
        const int64_t value = rng() % 6 == 0 ? 0 : rng() % 8 == 0 ? 4000 : 100 + rng() % 300;
        w.push_back({slot, value, series[rng() % series.size()],
                     rng() % 5 == 0 ? Quality::kEstimated : Quality::kActual});
      }
      Write(std::move(w));
    } else if (action == 5) {
      const int64_t a = kStart / kSlot + static_cast<int64_t>(rng() % kSpanSlots);
      ASSERT_TRUE(
          db_->store()->DeleteRange(series[rng() % series.size()], a, a + 1 + rng() % 60).ok());
    } else if (action < 8) {
      Apply(fmt::format("asset_id,kind,parent_id,lat,lon,valid_from\nT{},transformer,F{},,,{}\n",
                        rng() % kTransformers, rng() % kFeeders, Iso(at)));
      ++moves;
    } else {
      Apply(fmt::format("asset_id,kind,parent_id,lat,lon,valid_from\nM{},meter,T{},,,{}\n",
                        10 + rng() % (kMeters - 10), rng() % kTransformers, Iso(at)));
      ++moves;
    }
    for (int ask = 0; ask < 12; ++ask) {
      const std::string& id = assets[rng() % assets.size()];
      const RollupMetric metric = metrics[rng() % 3];
      int64_t from = kStart + (static_cast<int64_t>(rng() % (kSpanSlots + 40)) - 20) * kSlot;
      if (rng() % 3 == 0) from += static_cast<int64_t>(rng() % kSlot);  // off the grid
      const int64_t to = from + static_cast<int64_t>(1 + rng() % kSpanSlots) * kSlot;
      const std::string what = fmt::format("step {} action {} {} [{}, {}) metric {}", step, action,
                                           id, Iso(from), Iso(to), static_cast<int>(metric));
      auto cached = Cached(id, from, to, metric);
      ASSERT_TRUE(cached.ok()) << cached.status() << " " << what;
      ExpectSame(Full(id, from, to, metric), *cached, what);
      (cached->released ? released : refused)++;
      auto again = Cached(id, from, to, metric);
      ASSERT_TRUE(again.ok()) << again.status();
      EXPECT_EQ(again->readings, 0) << what;
      ExpectSame(*cached, *again, what + " (again)");
    }
  }
  // The draws exercised both outcomes and the moves.
  EXPECT_GE(refused, 20);
  EXPECT_GE(released, 20);
  EXPECT_GE(moves, 6);
}

// Writers and public checks at once: each answer, from its own snapshot, equals the full check
// of that snapshot (no verdict of a later or earlier state is ever served).
class PrivacyCachedConcurrency : public PrivacyCachedFeeder {};

TEST_F(PrivacyCachedConcurrency, WritersAndCheckersAgreeWithTheFullCheck) {
  rollup::PrivacyVerdictCache* cache = Cache();
  auto topology = topology_;
  auto placement = placement_;
  const AssetId feeder = Asset("F");
  std::atomic<bool> done{false};
  std::thread writer([&] {
    std::mt19937_64 rng(3);
    for (int i = 0; i < 60; ++i) {
      const int64_t slot = kStart / kSlot + static_cast<int64_t>(rng() % (days_ * 96));
      storage::WriteRequest r;
      r.readings.push_back({slot, rng() % 2 ? 100 : 5000, series_[rng() % series_.size()]});
      EXPECT_TRUE(db_->store()->Write(&r).ok());
    }
    done = true;
  });
  std::vector<std::thread> checkers;
  std::atomic<int> checks{0};
  for (int c = 0; c < 2; ++c) {
    checkers.emplace_back([&, c] {
      std::mt19937_64 rng(c);
      rollup::PrivacyCheckOptions unlimited;
      unlimited.max_readings = INT64_MAX;
      while (!done || checks < 10) {
        const bool system = rng() % 2 == 0;
        const AssetId asset = system ? rollup::kSystemAsset : feeder;
        const std::string id = system ? "_system" : "F";
        const int64_t from = kStart + static_cast<int64_t>(rng() % 96) * kSlot;
        const int64_t to = from + static_cast<int64_t>(1 + rng() % (days_ * 96 - 96)) * kSlot;
        auto view = db_->store()->NewReadView();
        auto cached = rollup::CheckPublicReleaseCached(*view, *topology, *placement, asset, from,
                                                       to, RollupMetric::kNet, cache, unlimited);
        auto full = rollup::CheckPublicRelease(*view, *topology, *placement, asset, from, to,
                                               RollupMetric::kNet, unlimited);
        ASSERT_TRUE(cached.ok() && full.ok());
        ExpectSame(*full, *cached, id);
        ++checks;
      }
    });
  }
  writer.join();
  for (std::thread& t : checkers) t.join();
  EXPECT_GE(checks.load(), 10);
}

}  // namespace
}  // namespace gridline::engine
