// token_store.h: the bearer tokens of a data directory. A token is 32 random bytes (getrandom)
// written as `glt_` + base64url; only its SHA-256 is kept, in the plain file DIR/tokens, one line
// per token: `<sha256 hex> <role> <created_at ISO 8601>`, mode 0600.
//
// Why a file and not the store: `gridline token create` must work while `gridline serve` holds
// the store open (RocksDB's LOCK lets one process in). Creating appends one line with O_APPEND
// under an exclusive flock and fsyncs it; the server reads the file under a shared flock and
// reads it again when it is shown a token it does not know and the file changed (size, mtime or
// inode), so a new token works without a restart, and unknown tokens cost one stat().
//
// Thread-safety: Lookup may be called from any thread.
#ifndef GRIDLINE_SERVER_TOKEN_STORE_H_
#define GRIDLINE_SERVER_TOKEN_STORE_H_

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/role.h"

namespace gridline::server {

class TokenStore {
 public:
  // The tokens file of a data directory.
  static std::string PathIn(const std::string& data_dir);

  // Makes a new token with `role` and appends its hash to DIR/tokens (creating the directory and
  // the file when missing). Returns the token; it is stored nowhere else, so the caller must
  // hand it over now. Unavailable when randomness or the file fails.
  static absl::StatusOr<std::string> Create(const std::string& data_dir, Role role);

  explicit TokenStore(std::string path) : path_(std::move(path)) {}

  // Reads the file; a missing file holds no tokens. Malformed lines are skipped (and counted).
  absl::Status Load();

  // The role of a presented token, or nullopt when it is not one of ours (see above for the
  // re-read of a changed file).
  std::optional<Role> Lookup(std::string_view token);

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
  FileId Stat() const;
  absl::Status LoadLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::string path_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Role> roles_ ABSL_GUARDED_BY(mu_);  // by SHA-256 hex
  FileId loaded_ ABSL_GUARDED_BY(mu_);
  size_t malformed_ ABSL_GUARDED_BY(mu_) = 0;
};

// Lower-case hex SHA-256 of `data` (OpenSSL EVP).
std::string Sha256Hex(std::string_view data);

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_TOKEN_STORE_H_
