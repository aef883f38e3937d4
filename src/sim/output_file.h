// output_file.h: where the simulator's text goes: a file or standard output, written with
// write(2) in large pieces, and gzip members made with zlib. Concatenated gzip members are one
// valid gzip stream (RFC 1952 section 2.2), so blocks compressed on several threads and written
// in order make one .gz file that gunzip and zlib read as a whole.
#ifndef GRIDLINE_SIM_OUTPUT_FILE_H_
#define GRIDLINE_SIM_OUTPUT_FILE_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace gridline::sim {

class OutputFile {
 public:
  // Opens (creates or truncates) `path`; "" or "-" is standard output.
  // Fails with Unavailable when the file cannot be created.
  static absl::StatusOr<std::unique_ptr<OutputFile>> Open(const std::string& path);
  ~OutputFile();

  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Fails with Unavailable (disk full, closed pipe, ...), naming the file.
  absl::Status Write(std::string_view data);
  // Flushes and closes; fails as Write does. Standard output is left open.
  absl::Status Close();

  const std::string& name() const { return name_; }

 private:
  OutputFile(int fd, std::string name, bool owned)
      : fd_(fd), name_(std::move(name)), owned_(owned) {}

  int fd_;
  std::string name_;
  bool owned_;
};

// True when `path` ends in ".gz".
bool IsGzipPath(std::string_view path);

// Appends `data` compressed as one complete gzip member at zlib `level` (1-9).
// Fails with Internal when zlib does.
absl::Status AppendGzipMember(std::string_view data, int level, std::string* out);

}  // namespace gridline::sim

#endif  // GRIDLINE_SIM_OUTPUT_FILE_H_
