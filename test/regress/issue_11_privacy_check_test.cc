// Issue 11, item 5: the 15/15 check of public aggregates against a real engine (store, topology,
// roll-ups): a customer is its service point, so two meters of one premise count once; a period
// whose check would read more readings than the limit is a clear InvalidArgument, not a long
// request; the check agrees with the roll-up on who holds what (an unplaced meter is in
// `_system` only).
#include <memory>

#include "engine/engine.h"
#include "fmt/format.h"
#include "gtest/gtest.h"
#include "ingest/importer.h"
#include "rollup/placement_builder.h"
#include "rollup/privacy_check.h"
#include "rollup/rollup_lookup.h"
#include "test/test_util.h"
#include "topology/csv_topology_reader.h"

namespace gridline {
namespace {

constexpr int64_t kDay = 1782864000;  // 2026-07-01T00:00:00Z

class PrivacyCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions options;
    options.path = dir_.path();
    auto opened = engine::Engine::Open(options);
    ASSERT_TRUE(opened.ok()) << opened.status();
    db_ = std::move(*opened);
  }
  void Topology(const std::string& csv) {
    auto report = db_->ApplyTopology(topology::ParseTopologyCsv(csv, "t.csv"), nullptr);
    ASSERT_TRUE(report.ok()) << report.status();
    ASSERT_TRUE(report->applied());
  }
  void Reads(const std::string& csv) {
    ingest::ImportOptions options;
    options.parse_threads = 1;
    options.placement.interval_s = 900;
    ingest::Importer importer(db_->store(), options);
    auto r = importer.ImportCsvText("reads.csv", csv);
    ASSERT_TRUE(r.ok()) << r.status();
    ASSERT_EQ(r->rejected, 0u);
  }
  absl::StatusOr<rollup::PrivacyCheckResult> Check(const std::string& id,
                                                   rollup::PrivacyCheckOptions options = {}) {
    auto topology = db_->current_topology();
    auto placement = rollup::BuildPlacement(*topology);
    auto asset = rollup::FindRollupAsset(db_->store()->catalog(), id);
    EXPECT_TRUE(asset.ok()) << id;
    auto view = db_->store()->NewReadView();
    return rollup::CheckPublicRelease(*view, *topology, *placement, *asset, kDay, kDay + 86400,
                                      rollup::RollupMetric::kDelivered, options);
  }
  testing::TempDir dir_;
  std::unique_ptr<engine::Engine> db_;
};

// 16 meters on 8 premises: 8 customers, refused; the same 16 meters each its own premise pass.
TEST_F(PrivacyCheck, TwoMetersOfOnePremiseAreOneCustomer) {
  std::string topo =
      "asset_id,kind,parent_id,lat,lon\nS,substation,,38.5,-121.5\n"
      "PAIRS,feeder,S,38.5,-121.5\nSINGLES,feeder,S,38.5,-121.5\n"
      "TP,transformer,PAIRS,38.5,-121.5\nTS,transformer,SINGLES,38.5,-121.5\n";
  std::string reads = "meter_id,timestamp,kwh\n";
  for (int i = 0; i < 16; ++i) {
    topo += fmt::format("SP{},service_point,TP,38.5,-121.5\n", i / 2);
    topo += fmt::format("P{},meter,SP{},38.5,-121.5\n", i, i / 2);
    topo += fmt::format("Q{},meter,TS,38.5,-121.5\n", i);
    reads += fmt::format("P{},2026-07-01T00:00:00Z,0.100\nQ{},2026-07-01T00:00:00Z,0.100\n", i, i);
  }
  Topology(topo);
  Reads(reads);
  absl::StatusOr<rollup::PrivacyCheckResult> pairs = Check("PAIRS");
  ASSERT_TRUE(pairs.ok()) << pairs.status();
  EXPECT_FALSE(pairs->released);
  EXPECT_EQ(pairs->customers, 8);
  EXPECT_EQ(pairs->verdict.refusal, rollup::Refusal::kFewCustomers);
  EXPECT_EQ(pairs->verdict.tested.customers, 8);
  EXPECT_EQ(pairs->verdict.tested.max_delivered_wh, 200);  // the premise, not the meter
  EXPECT_EQ(pairs->slot_start, kDay);
  absl::StatusOr<rollup::PrivacyCheckResult> singles = Check("SINGLES");
  ASSERT_TRUE(singles.ok()) << singles.status();
  EXPECT_TRUE(singles->released);
  EXPECT_EQ(singles->customers, 16);
  // S - SINGLES is the 8 premises: S is refused for its residual.
  absl::StatusOr<rollup::PrivacyCheckResult> s = Check("S");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_FALSE(s->released);
  EXPECT_TRUE(s->verdict.residual);
  EXPECT_EQ(s->customers, 24);
}

TEST_F(PrivacyCheck, APeriodOverTheReadingLimitIsInvalidArgument) {
  std::string reads = "meter_id,timestamp,kwh\n";
  for (int i = 0; i < 20; ++i) {
    for (int q = 0; q < 96; ++q) {
      reads += fmt::format("M{},2026-07-01T{:02}:{:02}:00Z,0.100\n", i, q / 4, q % 4 * 15);
    }
  }
  Reads(reads);
  absl::StatusOr<rollup::PrivacyCheckResult> ok = Check("_system");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_TRUE(ok->released);
  EXPECT_EQ(ok->readings, 20 * 96);  // counted exactly from the series' coverage
  rollup::PrivacyCheckOptions tight;
  tight.max_readings = 20 * 96 - 1;
  absl::StatusOr<rollup::PrivacyCheckResult> over = Check("_system", tight);
  EXPECT_EQ(over.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(over.status().message().find("ask a shorter period"), absl::string_view::npos);
}

TEST_F(PrivacyCheck, APassedDeadlineStopsTheCheck) {
  // The check's loops look at the request's deadline, so the server's 504 comes in time.
  std::string reads = "meter_id,timestamp,kwh\n";
  for (int i = 0; i < 20; ++i) reads += fmt::format("M{},2026-07-01T00:00:00Z,0.100\n", i);
  Reads(reads);
  rollup::PrivacyCheckOptions late;
  late.deadline = Deadline::In(std::chrono::milliseconds(0));
  absl::StatusOr<rollup::PrivacyCheckResult> r = Check("_system", late);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDeadlineExceeded) << r.status();
  EXPECT_NE(r.status().message().find("privacy check"), absl::string_view::npos) << r.status();
  EXPECT_TRUE(Check("_system").ok());
}

}  // namespace
}  // namespace gridline
