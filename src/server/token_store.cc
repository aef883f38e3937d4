// token_store.cc: creating, hashing and looking up bearer tokens (token_store.h).
#include "server/token_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"
#include "openssl/evp.h"

namespace gridline::server {

namespace {

constexpr size_t kTokenBytes = 32;
constexpr std::string_view kTokenPrefix = "glt_";

absl::Status Errno(std::string_view what, const std::string& path) {
  return absl::UnavailableError(fmt::format("{} {}: {}", what, path, std::strerror(errno)));
}

std::string Base64Url(const unsigned char* data, size_t n) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < n; ++i) {
    acc = (acc << 8) | data[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(acc >> bits) & 63]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (6 - bits)) & 63]);
  return out;
}

// Closes a descriptor (and so drops its flock) on every path.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * len);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

std::string TokenStore::PathIn(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "tokens").string();
}

absl::StatusOr<std::string> TokenStore::Create(const std::string& data_dir, Role role) {
  unsigned char random[kTokenBytes];
  size_t got = 0;
  while (got < sizeof random) {
    const ssize_t n = ::getrandom(random + got, sizeof random - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return absl::UnavailableError(fmt::format("getrandom: {}", std::strerror(errno)));
    got += static_cast<size_t>(n);
  }
  const std::string token = std::string(kTokenPrefix) + Base64Url(random, sizeof random);

  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) {
    return absl::UnavailableError(
        fmt::format("cannot create data directory {}: {}", data_dir, ec.message()));
  }
  const std::string path = PathIn(data_dir);
  Fd f{::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)};
  if (f.fd < 0) return Errno("cannot open", path);
  if (::flock(f.fd, LOCK_EX) != 0) return Errno("cannot lock", path);
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const std::string line =
      fmt::format("{} {} {}\n", Sha256Hex(token), RoleName(role), FormatIsoUtc(now));
  // One write of a short line to an O_APPEND file: readers never see half of it.
  if (::write(f.fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
    return Errno("cannot write", path);
  }
  if (::fsync(f.fd) != 0) return Errno("cannot sync", path);
  return token;
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
  absl::MutexLock l(&mu_);
  return LoadLocked();
}

absl::Status TokenStore::LoadLocked() {
  Fd f{::open(path_.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) {
    if (errno != ENOENT) return Errno("cannot open", path_);
    roles_.clear();
    loaded_ = FileId();
    return absl::OkStatus();
  }
  if (::flock(f.fd, LOCK_SH) != 0) return Errno("cannot lock", path_);
  struct stat st;
  if (::fstat(f.fd, &st) != 0) return Errno("cannot stat", path_);
  std::string text;
  char buf[16384];
  while (true) {
    const ssize_t n = ::read(f.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno("cannot read", path_);
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  absl::flat_hash_map<std::string, Role> roles;
  size_t malformed = 0;
  std::string_view rest = text;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    line = StripSpaces(line);
    if (line.empty() || line[0] == '#') continue;
    const size_t sp1 = line.find(' ');
    const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    const std::string_view hash = line.substr(0, sp1);
    const std::optional<Role> role = sp1 == std::string_view::npos
                                         ? std::nullopt
                                         : RoleFromName(line.substr(sp1 + 1, sp2 - sp1 - 1));
    if (hash.size() != 64 || !role) {
      ++malformed;
      continue;
    }
    roles[std::string(hash)] = *role;
  }
  roles_ = std::move(roles);
  malformed_ = malformed;
  loaded_.exists = true;
  loaded_.size = static_cast<uint64_t>(st.st_size);
  loaded_.mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  loaded_.inode = static_cast<uint64_t>(st.st_ino);
  return absl::OkStatus();
}

std::optional<Role> TokenStore::Lookup(std::string_view token) {
  if (token.empty()) return std::nullopt;
  const std::string hash = Sha256Hex(token);
  {
    absl::ReaderMutexLock l(&mu_);
    auto it = roles_.find(hash);
    if (it != roles_.end()) return it->second;
  }
  absl::MutexLock l(&mu_);
  if (Stat() != loaded_) {
    // A failed re-read keeps the tokens already known.
    if (!LoadLocked().ok()) return std::nullopt;
  }
  auto it = roles_.find(hash);
  if (it == roles_.end()) return std::nullopt;
  return it->second;
}

size_t TokenStore::size() const {
  absl::MutexLock l(&mu_);
  return roles_.size();
}

size_t TokenStore::malformed_lines() const {
  absl::MutexLock l(&mu_);
  return malformed_;
}

}  // namespace gridline::server
