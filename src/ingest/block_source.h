// block_source.h: where an import takes its parsed readings from. Every input format (CSV,
// Green Button, CMEP, NEM12, ...) is a BlockSource that turns its bytes into ParsedBlocks in input
// order; the importer (importer.h) places them on series grids, writes them durably and reports,
// the same way for every format. input_formats.h lists the formats.
#ifndef GRIDLINE_INGEST_BLOCK_SOURCE_H_
#define GRIDLINE_INGEST_BLOCK_SOURCE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time_zone.h"
#include "ingest/parsed_block.h"

namespace gridline::ingest {

// What the importer needs to know about a source before its first block.
struct SourceLayout {
  // The line number (1-based) of the first block's first line: 2 after a CSV header.
  uint64_t first_line = 1;
  // The error field of each ParsedRow::column (a CSV header's names); "value" when empty.
  std::vector<std::string> field_names;
  // Whether the rows' times may be interval ends that `--label end` moves back (long CSV): a
  // format whose stamps are ends by its definition (CMEP) converts them itself.
  bool honours_label_end = false;
  // A zone the input itself names for its naive times (a CSV header's `Time Bucket
  // (America/New_York)`): the parser reads them in it, and the placer uses it for `--label end`,
  // unless --tz was given. Empty name: none.
  std::string zone_name;
  TimeZone zone;
};

class BlockSource {
 public:
  virtual ~BlockSource() = default;

  virtual const SourceLayout& layout() const = 0;

  // Fills *block (cleared by the caller) with the next readings in input order; false once the
  // input is exhausted. block->line_count advances the line counter: rows' and errors' `line`
  // are relative to the block's first line. A format that is not line-oriented still names a
  // reading by the line it starts on. An error stops the import after what came before it was
  // placed and written; the message says where.
  virtual absl::StatusOr<bool> Next(ParsedBlock* block) = 0;

  // Bytes of the input consumed so far, as stored (compressed bytes for gzip), for progress.
  virtual uint64_t bytes_read() const = 0;

  // What the summary should say about the input once it is read, one sentence each (e.g. that
  // repeated fall-back stamps were repaired by order).
  virtual std::vector<std::string> Notes() const { return {}; }
};

// Opens a source at its beginning: --strict reads an input twice.
using BlockSourceOpener = std::function<absl::StatusOr<std::unique_ptr<BlockSource>>()>;

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_BLOCK_SOURCE_H_
