// core_bench.h: the core engine's macro benchmark (`gridline bench core`), on a simulated
// utility: CSV import rate to a durable store, bytes on disk per reading after compaction
// against the xz -9e bound of the same data, single-meter month query latency, the full
// scan-and-sum rate over every compressed chunk, and the import's peak RSS.
//
// Every figure is emitted as one `name value unit` line.
#ifndef GRIDLINE_BENCH_CORE_BENCH_H_
#define GRIDLINE_BENCH_CORE_BENCH_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "bench/bench_util.h"

namespace gridline::bench {

struct CoreBenchOptions {
  int64_t meters = 20000;
  int days = 30;
  int64_t start_day = 20635;  // 2026-07-01
  uint64_t seed = 1;
  std::string dir;      // work directory; a temporary one when empty
  bool keep = false;    // keep the generated CSV and store
  int import_runs = 3;  // the import is repeated into fresh stores; the median is reported
  int query_samples = 2000;
  int scan_runs = 5;
  bool bound = true;            // compute the xz -9e bound (slow: about a minute for 57.6 M reads)
  std::string gridline_binary;  // runs `import csv` as a child process, as a user would
};

absl::Status RunCoreBench(const CoreBenchOptions& options, const EmitFn& emit);

struct StoreBenchOptions {
  std::string store_dir;
  int64_t from = 0;  // UTC seconds: the month queries read [from, from + 30 days)
  int query_samples = 2000;
  int scan_runs = 5;
  bool bound = true;
  uint64_t seed = 1;
};

// The figures of an existing store (`gridline bench store`, and the second half of the core
// benchmark): bytes on disk per reading, month query latency, scan-and-sum rate, xz bound.
absl::Status RunStoreBench(const StoreBenchOptions& options, const EmitFn& emit);

}  // namespace gridline::bench

#endif  // GRIDLINE_BENCH_CORE_BENCH_H_
