// input_file.h: a byte source for importers: a file, standard input ("-"), or either gzipped
// (detected by the gzip magic bytes, not by the name).
#ifndef GRIDLINE_INGEST_INPUT_FILE_H_
#define GRIDLINE_INGEST_INPUT_FILE_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace gridline::ingest {

class InputFile {
 public:
  // Opens `path` ("-" is standard input). NotFound / PermissionDenied with the path when it
  // cannot be opened.
  static absl::StatusOr<std::unique_ptr<InputFile>> Open(const std::string& path);
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
  // Reads raw bytes from the descriptor, after replaying any sniffed ones.
  absl::StatusOr<size_t> ReadRaw(char* buf, size_t n);

  struct Inflater;
  std::string path_;
  int fd_ = -1;
  uint64_t raw_bytes_ = 0;
  // Bytes read while sniffing for the gzip magic, replayed before the rest of the file.
  std::string sniffed_;
  std::unique_ptr<Inflater> inflater_;  // set when the input is gzip
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_INPUT_FILE_H_
