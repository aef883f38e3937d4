// billing_bench.h: `gridline bench billing`: the determinants and charges of one month for a
// simulated fleet (sim/fleet.h; 20,000 meters by default, 15-minute delivered and received Wh,
// PV meters net-metered) under a shipped tariff. The fleet is generated first and kept in memory
// as int32 Wh; the timed part is what a billing run does per meter once the readings are read:
// placing them on the bill's grid (MeterIntervals) and ComputeBill, with the month's plan (its
// TOU calendar in local time) built once inside the timing. Target: under 2 s for 20,000 meters.
//
// Prints `billing_determinants_<N>_meters_s` (wall, median of --runs), the same run's thread CPU
// time `billing_determinants_<N>_meters_cpu_s`, and `billing_bills_per_s`.
#ifndef GRIDLINE_BENCH_BILLING_BENCH_H_
#define GRIDLINE_BENCH_BILLING_BENCH_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "bench/bench_util.h"

namespace gridline::bench {

struct BillingBenchOptions {
  int64_t meters = 20000;
  uint64_t seed = 1;
  std::string tariff = "pge-e-tou-c";  // a name in data/tariffs/ or a path
  int runs = 3;
};

absl::Status RunBillingBench(const BillingBenchOptions& options, const EmitFn& emit);

}  // namespace gridline::bench

#endif  // GRIDLINE_BENCH_BILLING_BENCH_H_
