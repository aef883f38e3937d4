// idempotency.h: `Idempotency-Key` for the API's writes (docs/api.md "Retries"). A request that
// changes something (any method but GET) and carries the header is applied once: its answer —
// status, Content-Type and body, byte for byte — is kept for 24 hours under (caller, key), and a
// retry with the same key in that time is not applied again but gets that answer, with
// `Idempotent-Replayed: true`, whatever its own body. The caller is the token (its SHA-256), so two
// clients' keys never meet. A retry that arrives while the first is still running waits for it.
//
// Answers of 5xx (disk full, overload, deadline) are not kept: the request was not applied (or
// not wholly), and a retry must run again. Kept answers are appended to DIR/idempotency.log and
// synced before the answer is sent, so a retry after a crash or restart is still recognised;
// the log is read (and cut to its last 24 hours) when the server starts.
//
// Bounds: a key is 1..255 printable ASCII characters; at most kMaxEntries answers and
// kMaxBytes of bodies are kept (the oldest go first); an answer larger than kMaxBodyBytes is
// not kept (the write API's answers are far smaller: they list at most 1,000 errors).
//
// Thread-safe.
#ifndef GRIDLINE_SERVER_IDEMPOTENCY_H_
#define GRIDLINE_SERVER_IDEMPOTENCY_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace gridline::server {

struct KeptAnswer {
  int status = 0;
  std::string content_type;
  std::string body;
};

class IdempotencyStore {
 public:
  static constexpr int64_t kKeepSeconds = 24 * 3600;
  static constexpr size_t kMaxKeyBytes = 255;
  static constexpr size_t kMaxEntries = 200'000;
  static constexpr size_t kMaxBytes = size_t{256} << 20;
  static constexpr size_t kMaxBodyBytes = size_t{4} << 20;

  // Reads DIR/idempotency.log (answers younger than kKeepSeconds) and rewrites it with those
  // only. `now` gives UTC seconds (tests move it); the system clock when empty.
  static absl::StatusOr<std::unique_ptr<IdempotencyStore>> Open(
      const std::string& data_dir, std::function<int64_t()> now = nullptr);

  // Why `key` cannot be an Idempotency-Key, "" when it can.
  static std::string KeyProblem(std::string_view key);

  // The kept answer of (caller, key), waiting while a request with them runs; otherwise claims
  // the key for the caller, who must then call Finish or Release exactly once.
  std::optional<KeptAnswer> BeginOrReplay(const std::string& caller, std::string_view key);

  // Keeps `answer` for the claimed key (synced to the log first) and wakes the waiting retries.
  // An error of the log leaves the answer kept in memory only (and says so in the Status).
  absl::Status Finish(const std::string& caller, std::string_view key, KeptAnswer answer);

  // Gives the claim up without keeping an answer (5xx, a streamed answer): a retry runs again.
  void Release(const std::string& caller, std::string_view key);

  // Answers kept.
  size_t size() const;

  ~IdempotencyStore();

 private:
  struct Entry {
    bool running = false;
    int64_t at = 0;
    KeptAnswer answer;
  };
  IdempotencyStore(std::string path, std::function<int64_t()> now);
  static std::string MapKey(const std::string& caller, std::string_view key);
  // Drops what is past kKeepSeconds or over the bounds, oldest first.
  void Trim(int64_t now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Appends a record to the log and syncs it.
  absl::Status AppendLocked(const std::string& record) ABSL_EXCLUSIVE_LOCKS_REQUIRED(log_mu_)
      ABSL_LOCKS_EXCLUDED(mu_);
  // Rewrites the log with the kept answers only.
  absl::Status Compact() ABSL_LOCKS_EXCLUDED(mu_, log_mu_);

  const std::string path_;
  const std::function<int64_t()> now_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  std::deque<std::pair<int64_t, std::string>> order_ ABSL_GUARDED_BY(mu_);  // (at, map key)
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;                                   // of the kept bodies
  uint64_t log_bytes_ ABSL_GUARDED_BY(mu_) = 0;                             // of the log file
  absl::CondVar done_;  // a running request finished or gave up
  // Taken before mu_ when both are held. Serialises appends and rewrites of the log.
  absl::Mutex log_mu_ ABSL_ACQUIRED_BEFORE(mu_);
  int fd_ ABSL_GUARDED_BY(log_mu_) = -1;
};

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_IDEMPOTENCY_H_
