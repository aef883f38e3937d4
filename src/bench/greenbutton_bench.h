// greenbutton_bench.h: the Green Button lines of `gridline bench ingest`, the import rate on a generated
// file, end to end into a durable store as a user runs it (`gridline import FORMAT` as a child
// process, the median of several runs into fresh stores). Lines:
//   greenbutton_xml_readings_per_s   an ESPI feed of --meters UsagePoints x --days of 15-minute
//                                     Wh readings with costs (each IntervalReading is two stored
//                                     readings: energy and cost; the figure counts both)
//   greenbutton_xml_bytes_per_reading the feed's size per stored reading
#ifndef GRIDLINE_BENCH_GREENBUTTON_BENCH_H_
#define GRIDLINE_BENCH_GREENBUTTON_BENCH_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "bench/bench_util.h"

namespace gridline::bench {

struct GreenButtonBenchOptions {
  int64_t meters = 100;
  int days = 60;  // 100 meters x 60 days x 96 = 576,000 IntervalReadings, 1,152,000 readings
  std::string dir;
  bool keep = false;
  int import_runs = 3;
  std::string gridline_binary;
};

absl::Status RunGreenButtonBench(const GreenButtonBenchOptions& options, const EmitFn& emit);

// Writes the benchmark's ESPI feed to `path`: `meters` UsagePoints, each with one MeterReading,
// one ReadingType (Wh delivered, 900 s) and one IntervalBlock per day. Returns IntervalReadings.
absl::StatusOr<uint64_t> WriteEspiBenchFeed(const std::string& path, int64_t meters, int days);

}  // namespace gridline::bench

#endif  // GRIDLINE_BENCH_GREENBUTTON_BENCH_H_
