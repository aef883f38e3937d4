// privacy_bench.h: `gridline bench privacy`, the cost of the 15/15 check of public answers
// (docs/privacy.md "Cost") on an existing store, in-process: for each asset asked, the full check
// that reads every member meter (rollup::CheckPublicRelease), the kept-verdict check on an empty
// cache (cold: as many bounded requests as the reading budget needs) and on a warm one.
#ifndef GRIDLINE_BENCH_PRIVACY_BENCH_H_
#define GRIDLINE_BENCH_PRIVACY_BENCH_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "bench/bench_util.h"
#include "rollup/rollup_reader.h"

namespace gridline::bench {

struct PrivacyBenchOptions {
  std::string store_dir;
  std::vector<std::string> assets = {"_system"};  // external ids
  int64_t from = 0, to = 0;                       // UTC seconds
  rollup::RollupMetric metric = rollup::RollupMetric::kNet;
  int runs = 7;
  std::string label = "privacy";  // the figures' name prefix
};

// Emits, per asset A: LABEL_A_full_s, LABEL_A_cold_s (sum over the requests a cold cache needs),
// LABEL_A_cold_requests, LABEL_A_cold_max_request_s, LABEL_A_warm_us (medians of `runs`),
// LABEL_A_readings, LABEL_A_released, LABEL_A_cache_bytes.
absl::Status RunPrivacyBench(const PrivacyBenchOptions& options, const EmitFn& emit);

}  // namespace gridline::bench

#endif  // GRIDLINE_BENCH_PRIVACY_BENCH_H_
