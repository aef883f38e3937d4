// upload_spool.cc: streamed uploads spooled to a file for the two passes of all-or-nothing
// (upload_spool.h).
#include "server/upload_spool.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "common/status_macros.h"
#include "fmt/format.h"
#include "storage/disk_space.h"

namespace gridline::server {

namespace {

constexpr size_t kPieceBytes = size_t{4} << 20;
constexpr char kPrefix[] = "upload-";

absl::Status WriteAll(int fd, const char* data, size_t n, const std::string& path) {
  while (n > 0) {
    const ssize_t w = ::write(fd, data, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) {
      return absl::UnavailableError(
          fmt::format("spooling the upload to {}: {}", path, std::strerror(errno)));
    }
    data += w;
    n -= static_cast<size_t>(w);
  }
  return absl::OkStatus();
}

// Disk full when writing `piece` more bytes would leave less than twice the reserve free.
absl::Status CheckRoom(const std::string& dir, uint64_t piece, uint64_t spooled) {
  GL_ASSIGN_OR_RETURN(const uint64_t free_bytes, storage::FreeDiskBytes(dir));
  storage::SpaceNeed need;
  need.reserve_bytes = 2 * storage::DiskReserveFromEnv(storage::kDefaultDiskReserveBytes);
  need.write_bytes = piece;
  absl::Status s = storage::CheckSpace(
      free_bytes, need,
      fmt::format("spooling an all-or-nothing upload ({} bytes so far)", spooled));
  return s;
}

}  // namespace

std::string SpoolDir(const std::string& data_dir) { return data_dir + "/upload-spool"; }

SpooledUpload::~SpooledUpload() { ::unlink(path_.c_str()); }

absl::StatusOr<std::unique_ptr<SpooledUpload>> SpooledUpload::Spool(const std::string& data_dir,
                                                                    ingest::InputFile* in) {
  const std::string dir = SpoolDir(data_dir);
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return absl::UnavailableError(fmt::format("cannot create {}: {}", dir, std::strerror(errno)));
  }
  std::string path = fmt::format("{}/{}XXXXXX", dir, kPrefix);
  const int fd = ::mkstemp(path.data());
  if (fd < 0) {
    return absl::UnavailableError(
        fmt::format("cannot create a spool file in {}: {}", dir, std::strerror(errno)));
  }
  // From here the file goes away with `spool`, whatever happens.
  std::unique_ptr<SpooledUpload> spool(new SpooledUpload(path, 0));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  std::vector<char> buf(kPieceBytes);
  while (true) {
    size_t filled = 0;
    while (filled < buf.size()) {
      GL_ASSIGN_OR_RETURN(const size_t n, in->Read(buf.data() + filled, buf.size() - filled));
      if (n == 0) break;
      filled += n;
    }
    if (filled == 0) break;
    GL_RETURN_IF_ERROR(CheckRoom(dir, filled, spool->bytes_));
    GL_RETURN_IF_ERROR(WriteAll(fd, buf.data(), filled, path));
    spool->bytes_ += filled;
    if (filled < buf.size()) break;
  }
  return spool;
}

int RemoveStaleSpools(const std::string& data_dir) {
  std::error_code ec;
  int removed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(SpoolDir(data_dir), ec)) {
    if (entry.path().filename().string().rfind(kPrefix, 0) != 0) continue;
    if (std::filesystem::remove(entry.path(), ec)) ++removed;
  }
  return removed;
}

}  // namespace gridline::server
