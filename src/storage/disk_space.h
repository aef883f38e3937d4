// disk_space.h: the free-space reserve that keeps the store away from a full disk.
//
// RocksDB has no graceful path for ENOSPC in the build Debian ships (its file writer asserts when
// a writer that has failed once is used again, so a full disk ends in SIGABRT), and a write it
// cannot make durable leaves the database read-only. So the store never lets RocksDB get there:
// before every commit it asks the file system how much space is free on the data directory's
// disk and refuses the write, as Unavailable "disk full: ...", when what would remain is less
// than what RocksDB may still need:
//
//   need = reserve (StoreOptions::disk_reserve_bytes: manifests, logs, small compactions)
//        + bytes in memtables (the next flush writes them to tables)
//        + estimated pending compaction bytes (compaction output before its inputs go)
//        + 2 x the batch about to be logged (the write-ahead log, then its memtable's flush)
//
// Nothing of a refused write reaches RocksDB, so every acknowledged write stays durable, reads
// keep working, and the next write is checked afresh: writes resume by themselves once space
// is freed. docs/operations.md tells operators how to size and watch it.
#ifndef GRIDLINE_STORAGE_DISK_SPACE_H_
#define GRIDLINE_STORAGE_DISK_SPACE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace gridline::storage {

// The default reserve; GRIDLINE_DISK_RESERVE_MB overrides it for a process.
inline constexpr uint64_t kDefaultDiskReserveBytes = uint64_t{32} << 20;

// The reserve in effect: GRIDLINE_DISK_RESERVE_MB when set to a whole number, else `fallback`.
uint64_t DiskReserveFromEnv(uint64_t fallback);

// Bytes an unprivileged process may still write on the file system holding `dir` (statvfs
// f_bavail * f_frsize). Unavailable when `dir` cannot be examined.
absl::StatusOr<uint64_t> FreeDiskBytes(const std::string& dir);

// What a write needs beyond the reserve, and the decision.
struct SpaceNeed {
  uint64_t reserve_bytes = 0;
  uint64_t memtable_bytes = 0;
  uint64_t pending_compaction_bytes = 0;
  uint64_t write_bytes = 0;
  uint64_t total() const {
    return reserve_bytes + memtable_bytes + pending_compaction_bytes + 2 * write_bytes;
  }
};

// OK when free_bytes covers need; else the disk-full error, which says what is free, what is
// needed and that writes resume once space is freed. `what` names the write ("writing
// readings").
absl::Status CheckSpace(uint64_t free_bytes, const SpaceNeed& need, const std::string& what);

// Whether `status` is the disk-full refusal (code Unavailable, message containing "disk full"),
// however much context callers prefixed to it. The HTTP API answers it with 507.
bool IsDiskFull(const absl::Status& status);

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_DISK_SPACE_H_
