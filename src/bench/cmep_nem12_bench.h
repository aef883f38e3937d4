// cmep_nem12_bench.h: the CMEP and NEM12 lines of `gridline bench ingest`: a generated file of
// each format (meters x days of 30-minute kWh, one MEPMD01 record or one 300 record per meter
// and day, 48 readings each) imported end to end into a fresh durable store by `gridline import`
// as a child process, the median of several runs: `cmep_readings_per_s` and
// `nem12_readings_per_s`.
#ifndef GRIDLINE_BENCH_CMEP_NEM12_BENCH_H_
#define GRIDLINE_BENCH_CMEP_NEM12_BENCH_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "bench/bench_util.h"

namespace gridline::bench {

struct CmepNem12BenchOptions {
  int64_t meters = 2000;
  int days = 42;  // 2000 x 42 x 48 = 4.03 M readings per file
  int runs = 3;
  std::string dir;
  bool keep = false;
  std::string gridline_binary;
};

absl::Status RunCmepNem12Bench(const CmepNem12BenchOptions& options, const EmitFn& emit);

}  // namespace gridline::bench

#endif  // GRIDLINE_BENCH_CMEP_NEM12_BENCH_H_
