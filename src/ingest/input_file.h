// input_file.h: a byte source for importers: a file, standard input ("-"), text in memory (an
// HTTP request body), or any of these gzipped (detected by the gzip magic bytes, not by the name).
#ifndef GRIDLINE_INGEST_INPUT_FILE_H_
#define GRIDLINE_INGEST_INPUT_FILE_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace gridline::ingest {

class InputFile {
 public:
  // Opens `path` ("-" is standard input). NotFound / PermissionDenied with the path when it
  // cannot be opened.
  static absl::StatusOr<std::unique_ptr<InputFile>> Open(const std::string& path);
  // Reads `text`, which must outlive the InputFile; `name` names it in messages.
  static absl::StatusOr<std::unique_ptr<InputFile>> FromText(const std::string& name,
                                                             std::string_view text);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // Reads up to `n` bytes into `buf`; returns the count, 0 at the end. DataLoss for a corrupt
  // gzip stream, Unavailable for an I/O error.
  absl::StatusOr<size_t> Read(char* buf, size_t n);

  // Bytes consumed from the underlying file so far (compressed bytes for gzip).
  uint64_t raw_bytes_read() const { return raw_bytes_; }
  bool is_stdin() const { return fd_ == 0; }
  const std::string& path() const { return path_; }

 private:
  InputFile() = default;
  // Reads the first bytes and sets up gzip decoding when they are its magic.
  absl::Status Sniff();
  // Reads from the descriptor or the text, retrying interrupted reads; 0 at the end.
  absl::StatusOr<size_t> ReadSource(char* buf, size_t n);
  // Reads raw bytes from the source, after replaying any sniffed ones.
  absl::StatusOr<size_t> ReadRaw(char* buf, size_t n);

  struct Inflater;
  std::string path_;
  int fd_ = -1;
  bool in_memory_ = false;
  std::string_view text_;  // the unread rest of an in-memory source
  uint64_t raw_bytes_ = 0;
  // Bytes read while sniffing for the gzip magic, replayed before the rest of the file.
  std::string sniffed_;
  std::unique_ptr<Inflater> inflater_;  // set when the input is gzip
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_INPUT_FILE_H_
