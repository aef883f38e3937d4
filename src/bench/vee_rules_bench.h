// vee_rules_bench.h: `gridline bench vee-rules`: the validation rule catalogue over a simulated
// fleet (sim/fleet.h, its defects included), one thread, the meter-month windows of VEE with 28
// days of history. Prints the rate and what the rules found against the simulator's own marks:
//   vee_rules_readings_per_s      window readings validated per CPU second of the one thread
//                                 (median of --runs; CPU time, so a shared machine does not skew
//                                 it)
//   vee_rules_exceptions_per_meter_month
//   vee_rules_spike_recall        share of the simulator's spikes the rules replace
//   vee_rules_spike_precision     share of replaced values that are simulated spikes
#ifndef GRIDLINE_BENCH_VEE_RULES_BENCH_H_
#define GRIDLINE_BENCH_VEE_RULES_BENCH_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "bench/bench_util.h"

namespace gridline::bench {

struct VeeRulesBenchOptions {
  int64_t meters = 1000;
  int days = 30;  // the window; 28 days of history come before it
  uint64_t seed = 1;
  int runs = 3;
  std::string rules_path;  // a rules file (docs/vee.md); empty: the defaults
};

absl::Status RunVeeRulesBench(const VeeRulesBenchOptions& options, const EmitFn& emit);

}  // namespace gridline::bench

#endif  // GRIDLINE_BENCH_VEE_RULES_BENCH_H_
