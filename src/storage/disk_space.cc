#include "storage/disk_space.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "fmt/format.h"

namespace gridline::storage {

namespace {

double MiB(uint64_t bytes) { return static_cast<double>(bytes) / (1 << 20); }

}  // namespace

uint64_t DiskReserveFromEnv(uint64_t fallback) {
  const char* env = std::getenv("GRIDLINE_DISK_RESERVE_MB");
  if (env == nullptr || *env == '\0') return fallback;
  char* end = nullptr;
  const unsigned long long mb = std::strtoull(env, &end, 10);
  if (end == env || *end != '\0' || mb > (uint64_t{1} << 30)) return fallback;
  return static_cast<uint64_t>(mb) << 20;
}

absl::StatusOr<uint64_t> FreeDiskBytes(const std::string& dir) {
  struct statvfs st;
  if (::statvfs(dir.c_str(), &st) != 0) {
    return absl::UnavailableError(fmt::format(
        "cannot examine the free space of the data directory: {}", std::strerror(errno)));
  }
  return static_cast<uint64_t>(st.f_bavail) * static_cast<uint64_t>(st.f_frsize);
}

absl::Status CheckSpace(uint64_t free_bytes, const SpaceNeed& need, const std::string& what) {
  if (free_bytes >= need.total()) return absl::OkStatus();
  return absl::UnavailableError(fmt::format(
      "disk full: {}: {:.1f} MiB free on the data directory's disk, {:.1f} MiB needed (reserve "
      "{:.1f}, memtables {:.1f}, pending compaction {:.1f}, this write {:.1f} x 2); nothing of it "
      "was stored, reads still work, and writes resume once space is freed",
      what, MiB(free_bytes), MiB(need.total()), MiB(need.reserve_bytes), MiB(need.memtable_bytes),
      MiB(need.pending_compaction_bytes), MiB(need.write_bytes)));
}

bool IsDiskFull(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnavailable &&
         status.message().find("disk full") != absl::string_view::npos;
}

}  // namespace gridline::storage
