// token_store.cc: the server's view of the tokens file (token_store.h).
#include "server/token_store.h"

#include <sys/stat.h>

#include <chrono>

#include "absl/time/time.h"
#include "common/status_macros.h"

namespace gridline::server {

namespace {

int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

absl::StatusOr<std::string> TokenStore::Create(const std::string& data_dir, Role role) {
  GL_ASSIGN_OR_RETURN(CreatedToken created, CreateToken(data_dir, role));
  return std::move(created.token);
}

TokenStore::TokenStore(std::string path, int64_t flush_ms)
    : path_(std::move(path)), flush_ms_(flush_ms), flusher_([this] { FlushLoop(); }) {}

TokenStore::~TokenStore() {
  {
    absl::MutexLock l(&used_mu_);
    stopping_ = true;
  }
  flusher_.join();
  (void)FlushUsage();
}

bool TokenStore::DirtyOrStopping() const { return used_dirty_ || stopping_; }

void TokenStore::FlushLoop() {
  while (true) {
    {
      absl::MutexLock l(&used_mu_);
      used_mu_.Await(absl::Condition(this, &TokenStore::DirtyOrStopping));
      if (stopping_) return;
    }
    // A failed write keeps the records dirty; the next round retries.
    (void)FlushUsage();
    absl::MutexLock l(&used_mu_);
    used_mu_.AwaitWithTimeout(absl::Condition(&stopping_), absl::Milliseconds(flush_ms_));
    if (stopping_) return;
  }
}

TokenStore::FileId TokenStore::Stat() const {
  struct stat st;
  FileId id;
  if (::stat(path_.c_str(), &st) != 0) return id;
  id.exists = true;
  id.size = static_cast<uint64_t>(st.st_size);
  id.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  id.inode = static_cast<uint64_t>(st.st_ino);
  return id;
}

absl::Status TokenStore::Load() {
  {
    absl::MutexLock l(&mu_);
    GL_RETURN_IF_ERROR(LoadLocked());
  }
  // Seed the last uses of earlier runs, so that a flush does not forget them.
  absl::StatusOr<std::string> used = ReadLockedFile(TokensUsedPath(path_));
  if (used.ok()) {
    absl::MutexLock l(&used_mu_);
    last_used_ = ParseTokensUsed(*used);
  }
  return absl::OkStatus();
}

absl::Status TokenStore::LoadLocked() {
  // The identity is taken before reading: a change during the read is seen at the next check.
  const FileId before = Stat();
  absl::StatusOr<std::string> text = ReadLockedFile(path_);
  if (!text.ok() && text.status().code() == absl::StatusCode::kNotFound) {
    tokens_.clear();
    loaded_ = FileId();
    return absl::OkStatus();
  }
  if (!text.ok()) return text.status();
  TokenFileContents contents = ParseTokenFile(*text);
  absl::flat_hash_map<std::string, Entry> tokens;
  for (TokenRecord& r : contents.tokens) {
    tokens[r.hash] = Entry{r.role, r.expires_s, std::move(r.id)};
  }
  tokens_ = std::move(tokens);
  malformed_ = contents.malformed;
  loaded_ = before;
  return absl::OkStatus();
}

void TokenStore::ReloadIfChanged() {
  const FileId now = Stat();
  absl::MutexLock l(&mu_);
  if (now == loaded_) return;
  // A failed re-read keeps the tokens already known (and retries at the next check).
  (void)LoadLocked();
}

std::optional<Role> TokenStore::Lookup(std::string_view token) {
  if (token.empty()) return std::nullopt;
  const int64_t now_ms = SteadyMs();
  int64_t next = next_check_ms_.load(std::memory_order_relaxed);
  if (now_ms >= next && next_check_ms_.compare_exchange_strong(next, now_ms + kRecheckMs,
                                                               std::memory_order_relaxed)) {
    ReloadIfChanged();
  }
  const std::string hash = Sha256Hex(token);
  std::optional<Entry> entry;
  {
    absl::ReaderMutexLock l(&mu_);
    if (auto it = tokens_.find(hash); it != tokens_.end()) entry = it->second;
  }
  if (!entry) {
    // A token made since the last check (`gridline token create` beside the server).
    ReloadIfChanged();
    absl::ReaderMutexLock l(&mu_);
    auto it = tokens_.find(hash);
    if (it == tokens_.end()) return std::nullopt;
    entry = it->second;
  }
  const int64_t now_s = NowSeconds();
  if (now_s >= entry->expires_s) return std::nullopt;
  RecordUse(entry->id, now_s);
  return entry->role;
}

void TokenStore::RecordUse(const std::string& id, int64_t now_s) {
  absl::MutexLock l(&used_mu_);
  int64_t& last = last_used_[id];
  if (last == now_s) return;
  last = now_s;
  used_dirty_ = true;  // wakes the flushing thread
}

absl::Status TokenStore::FlushUsage() {
  absl::MutexLock f(&flush_mu_);
  absl::flat_hash_map<std::string, int64_t> copy;
  {
    absl::MutexLock l(&used_mu_);
    if (!used_dirty_) return absl::OkStatus();
    copy = last_used_;
    used_dirty_ = false;
  }
  absl::Status s = WriteTokensUsed(TokensUsedPath(path_), copy);
  if (!s.ok()) {
    absl::MutexLock l(&used_mu_);
    used_dirty_ = true;
  }
  return s;
}

size_t TokenStore::size() const {
  absl::MutexLock l(&mu_);
  return tokens_.size();
}

size_t TokenStore::malformed_lines() const {
  absl::MutexLock l(&mu_);
  return malformed_;
}

}  // namespace gridline::server
