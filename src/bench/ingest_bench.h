// ingest_bench.h: the ingest benchmark (`gridline bench ingest`): readings per second into a
// durable store through the live ingest paths, end to end. Line protocol over HTTP: `gridline
// serve` on a fresh store and local keep-alive clients posting /write batches of
// `batch_lines` lines (as Telegraf and `influx -import` send them), counted from the first request
// to the last 204. Every figure is one `name value unit` line; medians of `runs` runs.
#ifndef GRIDLINE_BENCH_INGEST_BENCH_H_
#define GRIDLINE_BENCH_INGEST_BENCH_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "bench/bench_util.h"

namespace gridline::bench {

struct IngestBenchOptions {
  int64_t meters = 2000;
  int days = 30;
  int clients = 4;         // concurrent HTTP clients
  int batch_lines = 5000;  // lines per request
  int runs = 3;
  std::string dir;  // work directory; a temporary one when empty
  bool keep = false;
  std::string gridline_binary;
};

absl::Status RunIngestBench(const IngestBenchOptions& options, const EmitFn& emit);

}  // namespace gridline::bench

#endif  // GRIDLINE_BENCH_INGEST_BENCH_H_
