// line_block_reader.h: reads an input as blocks of whole lines (~4 MiB), so that blocks can be
// parsed independently and in parallel.
#ifndef GRIDLINE_INGEST_LINE_BLOCK_READER_H_
#define GRIDLINE_INGEST_LINE_BLOCK_READER_H_

#include <string>

#include "absl/status/statusor.h"
#include "ingest/byte_buffer.h"
#include "ingest/input_file.h"

namespace gridline::ingest {

class LineBlockReader {
 public:
  static constexpr size_t kBlockBytes = size_t{4} << 20;
  // A longer line means the input is not line-oriented text; reading stops with an error.
  static constexpr size_t kMaxLineBytes = size_t{64} << 20;

  explicit LineBlockReader(InputFile* in) : in_(in) {}

  // Reads the next line (the first, or the next of a prologue: call it again), without its line
  // end, into *line. False when the input has no more lines. Call it before Next only.
  absl::StatusOr<bool> ReadFirstLine(std::string* line);

  // Replaces *text with the next whole lines: the last ends in '\\n' unless it is the input's
  // last line. False when the input is exhausted. When reading fails (a stream cut off), the
  // whole lines before the failure come first and the error with the next call; the line the
  // failure cut is dropped, never parsed as if it were whole.
  absl::StatusOr<bool> Next(ByteBuffer* text);

 private:
  // Appends up to `n` bytes of input to *text; false at the end.
  absl::StatusOr<bool> Fill(ByteBuffer* text, size_t n);

  InputFile* in_;
  ByteBuffer carry_;
  bool eof_ = false;
  absl::Status failed_;  // a read error, returned once the lines before it were
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_LINE_BLOCK_READER_H_
