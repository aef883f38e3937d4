// input_file.h: a byte source for importers: a file, standard input ("-"), text in memory (an
// HTTP request body), a stream of bytes arriving while it is read (a streamed HTTP upload,
// ByteStream), or any of these gzipped (detected by the gzip magic bytes, not by the name). A
// stream sent with `Content-Encoding: deflate` is inflated as a zlib stream (kZlib).
#ifndef GRIDLINE_INGEST_INPUT_FILE_H_
#define GRIDLINE_INGEST_INPUT_FILE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace gridline::ingest {

// Bytes that arrive while they are read: the body of a streamed HTTP upload
// (server/transport/body_queue.h). Read blocks until some bytes, the end or an error.
class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Reads up to `n` bytes into `buf`; the count, 0 at the end. An error when the bytes stopped
  // coming (the client went away, an idle upload was cut, a limit was passed): the bytes before
  // it were all delivered.
  virtual absl::StatusOr<size_t> Read(char* buf, size_t n) = 0;
};

class InputFile {
 public:
  // Opens `path` ("-" is standard input). NotFound / PermissionDenied with the path when it
  // cannot be opened.
  static absl::StatusOr<std::unique_ptr<InputFile>> Open(const std::string& path);
  // Reads `text`, which must outlive the InputFile; `name` names it in messages.
  static absl::StatusOr<std::unique_ptr<InputFile>> FromText(const std::string& name,
                                                             std::string_view text);
  // How a stream is compressed: kDetect inflates it when it starts with the gzip magic (as files
  // are read); kZlib inflates a zlib stream (or gzip: zlib tells them by their header).
  enum class Compression { kDetect, kZlib };
  // Reads `stream`, which must outlive the InputFile; `name` names it in messages. When
  // `max_bytes` > 0, reading past that many (inflated) bytes is ResourceExhausted, with `limit`
  // (a flag, "serve --max-upload") named in the message.
  static absl::StatusOr<std::unique_ptr<InputFile>> FromStream(const std::string& name,
                                                               ByteStream* stream,
                                                               Compression compression,
                                                               uint64_t max_bytes,
                                                               std::string limit);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // Reads up to `n` bytes into `buf`; returns the count, 0 at the end. DataLoss for a corrupt
  // gzip stream, Unavailable for an I/O error, a stream's own error, ResourceExhausted past
  // `max_bytes`.
  absl::StatusOr<size_t> Read(char* buf, size_t n);

  // Bytes consumed from the underlying file so far (compressed bytes for gzip).
  uint64_t raw_bytes_read() const { return raw_bytes_; }
  bool is_stdin() const { return fd_ == 0; }
  const std::string& path() const { return path_; }

 private:
  InputFile() = default;
  // Reads the first bytes and sets up gzip decoding when they are its magic.
  absl::Status Sniff();
  // Sets up inflation with zlib's `window_bits`.
  absl::Status StartInflater(int window_bits);
  absl::StatusOr<size_t> ReadDecoded(char* buf, size_t n);
  // Reads from the descriptor or the text, retrying interrupted reads; 0 at the end.
  absl::StatusOr<size_t> ReadSource(char* buf, size_t n);
  // Reads raw bytes from the source, after replaying any sniffed ones.
  absl::StatusOr<size_t> ReadRaw(char* buf, size_t n);

  struct Inflater;
  std::string path_;
  int fd_ = -1;
  bool in_memory_ = false;
  std::string_view text_;  // the unread rest of an in-memory source
  ByteStream* stream_ = nullptr;
  uint64_t max_bytes_ = 0;  // 0: no limit on what Read returns
  uint64_t bytes_out_ = 0;  // returned by Read so far
  std::string limit_;
  absl::Status pending_error_;  // met after some bytes: returned by the next read
  uint64_t raw_bytes_ = 0;
  // Bytes read while sniffing for the gzip magic, replayed before the rest of the file.
  std::string sniffed_;
  std::unique_ptr<Inflater> inflater_;  // set when the input is gzip
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_INPUT_FILE_H_
