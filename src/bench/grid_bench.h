// grid_bench.h: the grid benchmark (`gridline bench grid`), on a simulated utility with its
// topology: the cost of keeping roll-ups current during a CSV import (the same import with and
// without roll-ups, alternating runs into fresh stores), and roll-up query latency, warm, median of
// repeated runs, in-process and through the HTTP API with a keep-alive client: hourly net of one
// feeder for 30 days, daily totals of a substation and of the whole system for 30 days; and
// small-GET throughput with wrk.
//
// Every figure is emitted as one `name value unit` line.
#ifndef GRIDLINE_BENCH_GRID_BENCH_H_
#define GRIDLINE_BENCH_GRID_BENCH_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "bench/bench_util.h"

namespace gridline::bench {

struct GridBenchOptions {
  int64_t meters = 20000;
  int days = 30;
  std::string start = "2026-07-01";
  uint64_t seed = 1;
  std::string dir;  // work directory; a temporary one when empty
  bool keep = false;
  int import_runs = 3;  // each way (with and without roll-ups); medians reported
  int query_runs = 200;
  std::string feeder = "F0001";  // the simulator's first feeder (~400 meters)
  std::string substation = "S001";
  std::string gridline_binary;
  bool http = true;  // also measure through `gridline serve` (and wrk when installed)
};

absl::Status RunGridBench(const GridBenchOptions& options, const EmitFn& emit);

}  // namespace gridline::bench

#endif  // GRIDLINE_BENCH_GRID_BENCH_H_
