// token_store.h: the bearer tokens a running server accepts, from DIR/tokens (token_file.h).
//
// Why a file and not the store: `gridline token create|list|revoke` must work while `gridline
// serve` holds the store open (RocksDB's LOCK lets one process in). The server keeps the live
// tokens in memory by hash and checks the file's identity (size, mtime, inode: one stat()) at
// most every kRecheckMs on lookup, and also when shown a token it does not know; a changed file
// is read again whole under a shared flock. So a new token works at once, and a revoked (or
// deleted) one is refused within kRecheckMs (well within the second docs/conventions.md asks), with
// no thread of its own. An expired token is refused from its expiry on.
//
// Last use: a lookup that accepts a token records the time by id (in memory); a thread of the
// store writes the records to DIR/tokens.used when they changed, at most every flush interval
// (kFlushMs), and the destructor writes the last ones, so `token list` shows a use within a few
// seconds at the cost of one small file write per few seconds of traffic.
//
// Thread-safety: Lookup may be called from any thread.
#ifndef GRIDLINE_SERVER_TOKEN_STORE_H_
#define GRIDLINE_SERVER_TOKEN_STORE_H_

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/role.h"
#include "server/token_file.h"

namespace gridline::server {

class TokenStore {
 public:
  static constexpr int64_t kRecheckMs = 200;
  static constexpr int64_t kFlushMs = 5000;

  // The tokens file of a data directory.
  static std::string PathIn(const std::string& data_dir) { return TokensPath(data_dir); }

  // Makes a new token with `role` (server/token_file.h, CreateToken) and returns the secret.
  static absl::StatusOr<std::string> Create(const std::string& data_dir, Role role);

  // `flush_ms`: how often the last uses are written at most (tests shorten it).
  explicit TokenStore(std::string path, int64_t flush_ms = kFlushMs);
  ~TokenStore();
  TokenStore(const TokenStore&) = delete;
  TokenStore& operator=(const TokenStore&) = delete;

  // Reads the file; a missing file holds no tokens. Malformed lines are skipped (and counted).
  absl::Status Load();

  // The role of a presented token, or nullopt when it is not one of ours, was revoked or has
  // expired (see above for when the file is read again).
  std::optional<Role> Lookup(std::string_view token);

  // Writes the last uses recorded since the previous write to DIR/tokens.used.
  absl::Status FlushUsage();

  size_t size() const;
  size_t malformed_lines() const;

 private:
  struct FileId {
    uint64_t size = 0;
    int64_t mtime_ns = 0;
    uint64_t inode = 0;
    bool exists = false;
    bool operator==(const FileId&) const = default;
  };
  struct Entry {
    Role role;
    int64_t expires_s;
    std::string id;
  };
  FileId Stat() const;
  absl::Status LoadLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Re-reads the file when it changed. REQUIRES: mu_ not held.
  void ReloadIfChanged() ABSL_LOCKS_EXCLUDED(mu_);
  void RecordUse(const std::string& id, int64_t now_s) ABSL_LOCKS_EXCLUDED(used_mu_);
  // The flushing thread: waits for a change, writes, sleeps flush_ms_, until stopping_.
  void FlushLoop() ABSL_LOCKS_EXCLUDED(used_mu_);
  bool DirtyOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(used_mu_);

  const std::string path_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> tokens_ ABSL_GUARDED_BY(mu_);  // by SHA-256 hex
  FileId loaded_ ABSL_GUARDED_BY(mu_);
  size_t malformed_ ABSL_GUARDED_BY(mu_) = 0;
  std::atomic<int64_t> next_check_ms_{0};  // steady clock

  const int64_t flush_ms_;
  mutable absl::Mutex used_mu_;
  absl::flat_hash_map<std::string, int64_t> last_used_ ABSL_GUARDED_BY(used_mu_);
  bool used_dirty_ ABSL_GUARDED_BY(used_mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(used_mu_) = false;
  absl::Mutex flush_mu_;  // one writer of tokens.used at a time
  std::thread flusher_;
};

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_TOKEN_STORE_H_
