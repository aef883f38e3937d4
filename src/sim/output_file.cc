#include "sim/output_file.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "fmt/format.h"

namespace gridline::sim {

absl::StatusOr<std::unique_ptr<OutputFile>> OutputFile::Open(const std::string& path) {
  if (path.empty() || path == "-") {
    return std::unique_ptr<OutputFile>(new OutputFile(STDOUT_FILENO, "<stdout>", false));
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::UnavailableError(fmt::format("{}: cannot create: {}", path, std::strerror(errno)));
  }
  return std::unique_ptr<OutputFile>(new OutputFile(fd, path, true));
}

OutputFile::~OutputFile() {
  if (owned_ && fd_ >= 0) ::close(fd_);
}

absl::Status OutputFile::Write(std::string_view data) {
  if (fd_ < 0) return absl::FailedPreconditionError(fmt::format("{}: already closed", name_));
  while (!data.empty()) {
    const ssize_t n = ::write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError(
          fmt::format("{}: write failed: {}", name_, std::strerror(errno)));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

absl::Status OutputFile::Close() {
  if (!owned_ || fd_ < 0) return absl::OkStatus();
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    return absl::UnavailableError(fmt::format("{}: close failed: {}", name_, std::strerror(errno)));
  }
  return absl::OkStatus();
}

bool IsGzipPath(std::string_view path) {
  return path.size() >= 3 && path.substr(path.size() - 3) == ".gz";
}

absl::Status AppendGzipMember(std::string_view data, int level, std::string* out) {
  z_stream zs;
  std::memset(&zs, 0, sizeof(zs));
  // windowBits 15 + 16: a gzip header and trailer around the deflate stream.
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return absl::InternalError("zlib: deflateInit2 failed");
  }
  const size_t old = out->size();
  const uLong bound = deflateBound(&zs, static_cast<uLong>(data.size()));
  out->resize(old + bound);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out->data() + old);
  zs.avail_out = static_cast<uInt>(bound);
  const int rc = deflate(&zs, Z_FINISH);
  const size_t produced = bound - zs.avail_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) {
    out->resize(old);
    return absl::InternalError(fmt::format("zlib: deflate failed ({})", rc));
  }
  out->resize(old + produced);
  return absl::OkStatus();
}

}  // namespace gridline::sim
