#include "server/idempotency.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cstring>
#include <vector>

#include "common/status_macros.h"
#include "fmt/format.h"

namespace gridline::server {

namespace {

constexpr char kLogName[] = "idempotency.log";
// A log this much larger than the answers it still holds is rewritten with those only.
constexpr uint64_t kCompactSlackBytes = uint64_t{64} << 20;

int64_t SystemNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

template <typename T>
void Put(std::string* out, T v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}

template <typename T>
bool Get(std::string_view* in, T* v) {
  if (in->size() < sizeof *v) return false;
  std::memcpy(v, in->data(), sizeof *v);
  in->remove_prefix(sizeof *v);
  return true;
}

bool GetBytes(std::string_view* in, size_t n, std::string* out) {
  if (in->size() < n) return false;
  out->assign(in->data(), n);
  in->remove_prefix(n);
  return true;
}

// One record: u32 length, u32 CRC-32 of the payload, then the payload: i64 at, u16 key length,
// key, i32 status, u16 type length, type, u32 body length, body.
std::string Record(const std::string& map_key, int64_t at, const KeptAnswer& a) {
  std::string payload;
  Put(&payload, at);
  Put(&payload, static_cast<uint16_t>(map_key.size()));
  payload += map_key;
  Put(&payload, static_cast<int32_t>(a.status));
  Put(&payload, static_cast<uint16_t>(a.content_type.size()));
  payload += a.content_type;
  Put(&payload, static_cast<uint32_t>(a.body.size()));
  payload += a.body;
  std::string out;
  Put(&out, static_cast<uint32_t>(payload.size()));
  Put(&out, static_cast<uint32_t>(
                ::crc32(0, reinterpret_cast<const Bytef*>(payload.data()), payload.size())));
  return out + payload;
}

// Parses one record from *in; false at the end or at a torn or corrupt record.
bool ParseRecord(std::string_view* in, std::string* map_key, int64_t* at, KeptAnswer* a) {
  uint32_t len = 0, crc = 0;
  if (!Get(in, &len) || !Get(in, &crc) || in->size() < len) return false;
  std::string_view p = in->substr(0, len);
  if (::crc32(0, reinterpret_cast<const Bytef*>(p.data()), p.size()) != crc) return false;
  in->remove_prefix(len);
  uint16_t key_len = 0, type_len = 0;
  int32_t status = 0;
  uint32_t body_len = 0;
  return Get(&p, at) && Get(&p, &key_len) && GetBytes(&p, key_len, map_key) && Get(&p, &status) &&
         (a->status = status, true) && Get(&p, &type_len) &&
         GetBytes(&p, type_len, &a->content_type) && Get(&p, &body_len) &&
         GetBytes(&p, body_len, &a->body) && p.empty();
}

absl::Status WriteAll(int fd, std::string_view data, const std::string& what) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError(fmt::format("writing {}: {}", what, std::strerror(errno)));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

}  // namespace

IdempotencyStore::IdempotencyStore(std::string path, std::function<int64_t()> now)
    : path_(std::move(path)), now_(now ? std::move(now) : SystemNow) {}

IdempotencyStore::~IdempotencyStore() {
  absl::MutexLock l(&log_mu_);
  if (fd_ >= 0) ::close(fd_);
}

std::string IdempotencyStore::KeyProblem(std::string_view key) {
  if (key.empty()) return "Idempotency-Key is empty";
  if (key.size() > kMaxKeyBytes) {
    return fmt::format("Idempotency-Key has {} bytes, more than {}", key.size(), kMaxKeyBytes);
  }
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) return "Idempotency-Key must be printable ASCII without spaces";
  }
  return "";
}

std::string IdempotencyStore::MapKey(const std::string& caller, std::string_view key) {
  return caller + '\n' + std::string(key);
}

absl::StatusOr<std::unique_ptr<IdempotencyStore>> IdempotencyStore::Open(
    const std::string& data_dir, std::function<int64_t()> now) {
  std::unique_ptr<IdempotencyStore> s(
      new IdempotencyStore(data_dir + "/" + kLogName, std::move(now)));
  std::string text;
  if (const int fd = ::open(s->path_.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
    char buf[1 << 16];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
    ::close(fd);
  }
  const int64_t t = s->now_();
  {
    absl::MutexLock l(&s->mu_);
    std::string_view in = text;
    std::string map_key;
    int64_t at = 0;
    KeptAnswer a;
    while (ParseRecord(&in, &map_key, &at, &a)) {
      if (at <= t - kKeepSeconds) continue;
      s->bytes_ += a.body.size();
      s->order_.emplace_back(at, map_key);
      s->entries_[map_key] = Entry{false, at, std::move(a)};
    }
    s->Trim(t);
  }
  if (absl::Status st = s->Compact(); !st.ok()) return st;
  return s;
}

absl::Status IdempotencyStore::Compact() {
  absl::MutexLock lg(&log_mu_);
  std::string text;
  {
    absl::MutexLock l(&mu_);
    for (const auto& [at, map_key] : order_) {
      auto it = entries_.find(map_key);
      if (it != entries_.end() && !it->second.running && it->second.at == at) {
        text += Record(map_key, at, it->second.answer);
      }
    }
  }
  const std::string tmp = path_ + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::UnavailableError(
        fmt::format("cannot write {}: {}", kLogName, std::strerror(errno)));
  }
  absl::Status st = WriteAll(fd, text, kLogName);
  if (st.ok() && ::fsync(fd) != 0) st = absl::UnavailableError("syncing the idempotency log");
  ::close(fd);
  if (st.ok() && ::rename(tmp.c_str(), path_.c_str()) != 0) {
    st = absl::UnavailableError(fmt::format("renaming {}: {}", kLogName, std::strerror(errno)));
  }
  if (!st.ok()) {
    ::unlink(tmp.c_str());
    return st;
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  {
    absl::MutexLock m(&mu_);
    log_bytes_ = text.size();
  }
  if (fd_ < 0) return absl::UnavailableError(fmt::format("cannot open {}", kLogName));
  return absl::OkStatus();
}

std::optional<KeptAnswer> IdempotencyStore::BeginOrReplay(const std::string& caller,
                                                          std::string_view key) {
  const std::string map_key = MapKey(caller, key);
  absl::MutexLock l(&mu_);
  Trim(now_());
  while (true) {
    auto it = entries_.find(map_key);
    if (it == entries_.end()) {
      entries_[map_key] = Entry{true, 0, {}};
      return std::nullopt;
    }
    if (!it->second.running) return it->second.answer;
    done_.Wait(&mu_);
  }
}

absl::Status IdempotencyStore::Finish(const std::string& caller, std::string_view key,
                                      KeptAnswer answer) {
  const std::string map_key = MapKey(caller, key);
  if (answer.body.size() > kMaxBodyBytes) {
    Release(caller, key);
    return absl::OkStatus();
  }
  const int64_t at = now_();
  absl::Status logged;
  bool compact = false;
  {
    // Synced before anyone sees it: a retry after a crash finds what its first try was
    // answered. Kept under log_mu_ with the append, so a rewrite of the log never misses it.
    absl::MutexLock lg(&log_mu_);
    logged = AppendLocked(Record(map_key, at, answer));
    absl::MutexLock l(&mu_);
    bytes_ += answer.body.size();
    entries_[map_key] = Entry{false, at, std::move(answer)};
    order_.emplace_back(at, map_key);
    Trim(at);
    compact = log_bytes_ > 2 * bytes_ + kCompactSlackBytes;
  }
  done_.SignalAll();
  if (compact && logged.ok()) logged = Compact();
  return logged;
}

void IdempotencyStore::Release(const std::string& caller, std::string_view key) {
  const std::string map_key = MapKey(caller, key);
  {
    absl::MutexLock l(&mu_);
    auto it = entries_.find(map_key);
    if (it != entries_.end() && it->second.running) entries_.erase(it);
  }
  done_.SignalAll();
}

absl::Status IdempotencyStore::AppendLocked(const std::string& record) {
  if (fd_ < 0) return absl::UnavailableError("the idempotency log is not open");
  GL_RETURN_IF_ERROR(WriteAll(fd_, record, kLogName));
  if (::fdatasync(fd_) != 0) return absl::UnavailableError("syncing the idempotency log");
  absl::MutexLock m(&mu_);
  log_bytes_ += record.size();
  return absl::OkStatus();
}

void IdempotencyStore::Trim(int64_t now) {
  while (!order_.empty()) {
    const auto& [at, map_key] = order_.front();
    const bool over = entries_.size() > kMaxEntries || bytes_ > kMaxBytes;
    if (at > now - kKeepSeconds && !over) break;
    auto it = entries_.find(map_key);
    if (it != entries_.end() && !it->second.running && it->second.at == at) {
      bytes_ -= it->second.answer.body.size();
      entries_.erase(it);
    }
    order_.pop_front();
  }
}

size_t IdempotencyStore::size() const {
  absl::MutexLock l(&mu_);
  size_t n = 0;
  for (const auto& [k, e] : entries_) n += e.running ? 0 : 1;
  return n;
}

}  // namespace gridline::server
