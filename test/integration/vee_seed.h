// vee_seed.h: a store with one meter's day of readings and VEE's output over it, made in-process
// before a CLI or server test starts (VEE's runner is not this part's): M1 reads 0.100 kWh every
// quarter-hour of 2026-07-01 except 00:00-00:15 (a gap) and 01:00 (a 9.000 kWh spike); VEE
// estimated both at 0.100 kWh (linear) and opened a spike exception (estimated) and a missing
// interval exception (open) for M2, a second meter.
#ifndef GRIDLINE_TEST_INTEGRATION_VEE_SEED_H_
#define GRIDLINE_TEST_INTEGRATION_VEE_SEED_H_

#include <string>

#include "engine/engine.h"
#include "gtest/gtest.h"

namespace gridline::testing {

inline constexpr int64_t kVeeDay = 1782864000;  // 2026-07-01T00:00:00Z

inline void SeedVeeStore(const std::string& path) {
  storage::StoreOptions options;
  options.path = path;
  auto opened = engine::Engine::Open(options);
  ASSERT_TRUE(opened.ok()) << opened.status();
  engine::Engine& db = **opened;
  storage::Catalog& catalog = db.store()->catalog();
  storage::SeriesId series[2];
  for (int m = 0; m < 2; ++m) {
    const storage::AssetId a =
        catalog.FindOrAddAsset(m == 0 ? "M1" : "M2", storage::AssetKind::kMeter);
    series[m] = *catalog.AddSeries(a, ChannelKind::kKwhDelivered, 900);
    storage::WriteRequest r;
    for (int64_t q = 0; q < 96; ++q) {
      if (q == 1) continue;
      r.readings.push_back({kVeeDay / 900 + q, q == 4 ? 9000 : 100, series[m], Quality::kActual});
    }
    ASSERT_TRUE(db.store()->Write(&r).ok());
  }
  engine::ValidatedCommit c;
  c.series = series[0];
  c.origins.resize(1);
  c.origins[0].kind = storage::OriginKind::kEstimated;
  c.origins[0].method = static_cast<uint8_t>(vee::EstimationMethod::kLinearInterpolation);
  c.origins[0].user = "vee";
  c.values = {{kVeeDay / 900 + 1, 100, Quality::kEstimated, 0},
              {kVeeDay / 900 + 4, 100, Quality::kEstimated, 0}};
  vee::VeeException spike;
  spike.rule = vee::VeeRule::kSpike;
  spike.severity = vee::Severity::kError;
  spike.first_slot_s = kVeeDay + 4 * 900;
  spike.end_slot_s = kVeeDay + 5 * 900;
  spike.status = vee::ExceptionStatus::kEstimated;
  spike.detail = "9.000 kWh is 90x its neighbours";
  c.exceptions.push_back(spike);
  ASSERT_TRUE(db.CommitValidated(c).ok());
  engine::ValidatedCommit c2;
  c2.series = series[1];
  vee::VeeException gap;
  gap.rule = vee::VeeRule::kMissingInterval;
  gap.severity = vee::Severity::kWarning;
  gap.first_slot_s = kVeeDay + 900;
  gap.end_slot_s = kVeeDay + 2 * 900;
  gap.detail = "no read";
  c2.exceptions.push_back(gap);
  ASSERT_TRUE(db.CommitValidated(c2).ok());
}

}  // namespace gridline::testing

#endif  // GRIDLINE_TEST_INTEGRATION_VEE_SEED_H_
