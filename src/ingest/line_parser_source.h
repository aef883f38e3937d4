// line_parser_source.h: a BlockSource (block_source.h) for line-oriented formats whose lines
// depend on the ones before them (a NEM12 300 record belongs to the 200 record above it, CMEP
// register reads are differenced across records): one LineParser reads the blocks of whole
// lines (line_block_reader.h) in input order on the importing thread.
#ifndef GRIDLINE_INGEST_LINE_PARSER_SOURCE_H_
#define GRIDLINE_INGEST_LINE_PARSER_SOURCE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/block_source.h"
#include "ingest/input_file.h"

namespace gridline::ingest {

class LineParser {
 public:
  virtual ~LineParser() = default;
  // Parses the whole lines at the start of `text` into *out (cleared by the caller; rows' and
  // errors' lines relative to the first line of `text`, out->line_count the lines consumed) and
  // returns the bytes consumed, a prefix of whole lines. The rest (a record that the next lines
  // may still complete) comes back at the start of the next call's text. `last`: there is no
  // more input, consume everything. A parser holds back at most kMaxHeldBytes.
  virtual size_t Parse(std::string_view text, bool last, ParsedBlock* out) = 0;
  // BlockSource::Notes, once the input is read.
  virtual std::vector<std::string> Notes() const { return {}; }

  static constexpr size_t kMaxHeldBytes = size_t{1} << 20;
};

// Reads `in` from its beginning through `parser`. `layout` is the source's layout.
std::unique_ptr<BlockSource> MakeLineParserSource(std::unique_ptr<InputFile> in,
                                                  std::unique_ptr<LineParser> parser,
                                                  SourceLayout layout = {});

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_LINE_PARSER_SOURCE_H_
