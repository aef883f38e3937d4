// csv_writer.h: generates a fleet's reads and writes them as one CSV (or .csv.gz) in output order,
// with generation, formatting and compression spread over worker threads.
//
// Work items are (day, block of 256 meters) in output order. Workers take items in that order,
// wait only for the same block's previous day (the meters' state), generate, format and, for gzip,
// compress the block into an independent gzip member; the calling thread writes finished items in
// order, and after a day's last block the late rows of the day before that its blocks carried
// (a head-end's export of day d followed by what reached it late for day d-1). At most a few
// items per thread are in flight, so memory stays bounded (a few MB per
// item) whatever the fleet size. Items and gzip members do not depend on the thread count, so the
// bytes are the same with 1 or 16 threads.
#ifndef GRIDLINE_SIM_CSV_WRITER_H_
#define GRIDLINE_SIM_CSV_WRITER_H_

#include "absl/status/status.h"
#include "sim/fleet.h"
#include "sim/output_file.h"
#include "sim/reads_formatter.h"

namespace gridline::sim {

struct CsvWriterOptions {
  ReadsLayout layout = ReadsLayout::kLong;
  bool gzip = false;
  int gzip_level = 1;  // zlib level: 1 is ~4x faster than 6 for ~15 % more bytes
  int threads = 0;     // 0: one per hardware thread
};

// Generates every meter-day of `fleet` and writes header and rows to `out`. `stats` receives the
// counts. Fails with the output's status when a write fails (generation stops early).
// REQUIRES: nothing generated from `fleet` yet.
absl::Status WriteReads(Fleet* fleet, const CsvWriterOptions& options, OutputFile* out,
                        ReadsStats* stats);

}  // namespace gridline::sim

#endif  // GRIDLINE_SIM_CSV_WRITER_H_
