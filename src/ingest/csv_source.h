// csv_source.h: long and wide CSV as a BlockSource (block_source.h). The input is read as blocks
// of whole lines (line_block_reader.h) that a pool of parser threads turns into rows
// (csv/csv_parser.h) while the importer places the blocks before them, in input order.
#ifndef GRIDLINE_INGEST_CSV_SOURCE_H_
#define GRIDLINE_INGEST_CSV_SOURCE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "ingest/block_source.h"
#include "ingest/csv/csv_parser.h"
#include "ingest/input_file.h"

namespace gridline::ingest {

// Reads the header of `in` (named `name` in messages) and returns the source of its rows, parsed
// by `threads` threads (0: one per core). InvalidArgument for an empty file or a header that is
// not understood.
absl::StatusOr<std::unique_ptr<BlockSource>> OpenCsvSource(std::unique_ptr<InputFile> in,
                                                           const std::string& name,
                                                           const CsvOptions& options, int threads);

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_CSV_SOURCE_H_
