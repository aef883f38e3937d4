// import_options.h: what an import is told (the flags of `gridline import FORMAT`, the
// parameters of the ingest routes) and how it reports progress. Shared by every input format
// (input_formats.h) and the importer (importer.h).
#ifndef GRIDLINE_INGEST_IMPORT_OPTIONS_H_
#define GRIDLINE_INGEST_IMPORT_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "ingest/csv/csv_parser.h"
#include "ingest/lineproto/line_protocol.h"
#include "ingest/row_error.h"
#include "ingest/series_placer.h"

namespace gridline::ingest {

struct ImportProgress {
  const std::string* file = nullptr;
  uint64_t bytes_read = 0;    // of the file as stored (compressed bytes for .gz)
  uint64_t file_bytes = 0;    // its size, 0 when unknown (standard input)
  uint64_t lines = 0;         // lines read so far, header included
  uint64_t readings = 0;      // readings parsed so far
  uint64_t durable_line = 0;  // every accepted reading up to this line is durable
  uint64_t durable_readings = 0;
  bool validating = false;  // the validation pass of --strict
};

struct ImportOptions {
  CsvOptions csv;
  LineProtocolOptions line_protocol;  // the mapping and precision of line protocol input
  PlacerOptions placement;
  // --meter: the meter of every reading of a single-meter input (a CSV without a meter_id column,
  // a Green Button file with one UsagePoint). Empty: the input names its meters.
  std::string meter;
  bool strict = false;
  // CMEP: --register-to-interval (register reads also differenced into kwh_delivered intervals)
  // and --register-tolerance (register reads this close to an interval boundary move onto it).
  bool register_to_interval = false;
  int64_t register_tolerance_s = 0;
  int parse_threads = 0;                     // 0: one per core
  size_t commit_readings = size_t{4} << 20;  // readings per durable write
  // Called on the importing thread after each block; may be empty.
  std::function<void(const ImportProgress&)> on_progress;
  // Called on the importing thread for every rejected row, in input order; may be empty.
  std::function<void(const RowError&)> on_error;
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_IMPORT_OPTIONS_H_
