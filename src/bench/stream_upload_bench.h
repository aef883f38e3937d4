// stream_upload_bench.h: a streamed CSV upload against the CLI import of the same file (`gridline
// bench ingest`, issue 12 item 10). One generated long CSV (`meters` meters x `days` days of
// quarter-hours: 5.76 M readings by default, about 200 MB) is imported `runs` times each way
// into a fresh store: with `gridline import csv` (the whole command, start to exit), and streamed
// over HTTP to `gridline serve` by a local client that sends the file in 1 MiB pieces with its
// Content-Length (from the connect to the whole answer). Figures, medians of the runs:
//   csv_cli_readings_per_s, csv_http_stream_readings_per_s, csv_http_stream_vs_cli_ratio
//   (target >= 0.8), csv_http_stream_peak_rss_mb (the server's VmHWM after the upload, against
//   csv_stream_file_mb).
#ifndef GRIDLINE_BENCH_STREAM_UPLOAD_BENCH_H_
#define GRIDLINE_BENCH_STREAM_UPLOAD_BENCH_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "bench/bench_util.h"

namespace gridline::bench {

struct StreamUploadBenchOptions {
  int64_t meters = 2000;
  int days = 30;
  int runs = 3;
  std::string dir;  // work directory; a temporary one when empty
  bool keep = false;
  std::string gridline_binary;
};

absl::Status RunStreamUploadBench(const StreamUploadBenchOptions& options, const EmitFn& emit);

}  // namespace gridline::bench

#endif  // GRIDLINE_BENCH_STREAM_UPLOAD_BENCH_H_
