// token_file.cc: the tokens file and its last-use file (token_file.h).
#include "server/token_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "absl/container/flat_hash_set.h"
#include "common/base64url.h"
#include "common/status_macros.h"
#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"
#include "openssl/evp.h"

namespace gridline::server {

namespace {

constexpr size_t kTokenBytes = 32;
constexpr size_t kIdDigits = 12;
constexpr size_t kMinIdPrefix = 6;
constexpr std::string_view kTokenPrefix = "glt_";
constexpr std::string_view kRevoke = "revoke";
constexpr std::string_view kExpires = "expires=";

absl::Status Errno(std::string_view what, const std::string& path) {
  return absl::UnavailableError(fmt::format("{} {}: {}", what, path, std::strerror(errno)));
}

// Closes a descriptor (and so drops its flock) on every path.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool IsHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return !s.empty();
}

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  while (!line.empty()) {
    const size_t sp = line.find(' ');
    if (sp != 0) out.push_back(line.substr(0, sp));
    if (sp == std::string_view::npos) break;
    line.remove_prefix(sp + 1);
  }
  return out;
}

// Appends `line` to DIR/tokens (creating both) with one write under an exclusive flock, and
// fsyncs it. One short write to an O_APPEND file: readers never see half of it.
absl::Status AppendLine(const std::string& data_dir, const std::string& line) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) {
    return absl::UnavailableError(
        fmt::format("cannot create data directory {}: {}", data_dir, ec.message()));
  }
  const std::string path = TokensPath(data_dir);
  Fd f{::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)};
  if (f.fd < 0) return Errno("cannot open", path);
  if (::flock(f.fd, LOCK_EX) != 0) return Errno("cannot lock", path);
  if (::write(f.fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
    return Errno("cannot write", path);
  }
  if (::fsync(f.fd) != 0) return Errno("cannot sync", path);
  return absl::OkStatus();
}

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

std::string TokensPath(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "tokens").string();
}

std::string TokensUsedPath(const std::string& tokens_path) { return tokens_path + ".used"; }

std::string TokenId(std::string_view hash) { return std::string(hash.substr(0, kIdDigits)); }

TokenFileContents ParseTokenFile(std::string_view text) {
  TokenFileContents out;
  absl::flat_hash_set<std::string> revoked;
  std::string_view rest = text;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    line = StripSpaces(line);
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string_view> f = Fields(line);
    if (f.size() >= 2 && f[0] == kRevoke && f[1].size() == 64 && IsHex(f[1])) {
      revoked.insert(std::string(f[1]));
      continue;
    }
    const std::optional<Role> role = f.size() >= 2 ? RoleFromName(f[1]) : std::nullopt;
    if (f.size() < 2 || f[0].size() != 64 || !IsHex(f[0]) || !role) {
      ++out.malformed;
      continue;
    }
    TokenRecord r;
    r.hash = std::string(f[0]);
    r.id = TokenId(r.hash);
    r.role = *role;
    if (f.size() >= 3) {
      if (absl::StatusOr<UnixSeconds> t = ParseInstant(f[2]); t.ok()) r.created_s = *t;
    }
    bool bad = false;
    for (size_t i = 3; i < f.size(); ++i) {
      if (f[i].substr(0, kExpires.size()) != kExpires) continue;  // a field of a later version
      absl::StatusOr<UnixSeconds> t = ParseInstant(f[i].substr(kExpires.size()));
      if (!t.ok())
        bad = true;  // an expiry we cannot read must not mean "never"
      else
        r.expires_s = *t;
    }
    if (bad) {
      ++out.malformed;
      continue;
    }
    out.tokens.push_back(std::move(r));
  }
  std::erase_if(out.tokens, [&](const TokenRecord& r) { return revoked.contains(r.hash); });
  return out;
}

absl::StatusOr<std::string> ReadLockedFile(const std::string& path) {
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) {
    if (errno == ENOENT) return absl::NotFoundError(fmt::format("{} does not exist", path));
    return Errno("cannot open", path);
  }
  if (::flock(f.fd, LOCK_SH) != 0) return Errno("cannot lock", path);
  std::string text;
  char buf[16384];
  while (true) {
    const ssize_t n = ::read(f.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Errno("cannot read", path);
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  return text;
}

absl::StatusOr<CreatedToken> CreateToken(const std::string& data_dir, Role role,
                                         int64_t expires_s) {
  unsigned char random[kTokenBytes];
  size_t got = 0;
  while (got < sizeof random) {
    const ssize_t n = ::getrandom(random + got, sizeof random - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return absl::UnavailableError(fmt::format("getrandom: {}", std::strerror(errno)));
    got += static_cast<size_t>(n);
  }
  CreatedToken out;
  out.token =
      std::string(kTokenPrefix) +
      Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(random), sizeof random));
  const std::string hash = Sha256Hex(out.token);
  out.id = TokenId(hash);
  std::string line = fmt::format("{} {} {}", hash, RoleName(role), FormatIsoUtc(NowSeconds()));
  if (expires_s != kNeverExpires) line += fmt::format(" {}{}", kExpires, FormatIsoUtc(expires_s));
  line += '\n';
  GL_RETURN_IF_ERROR(AppendLine(data_dir, line));
  return out;
}

absl::StatusOr<std::vector<TokenRecord>> ListTokens(const std::string& data_dir) {
  const std::string path = TokensPath(data_dir);
  absl::StatusOr<std::string> text = ReadLockedFile(path);
  if (!text.ok() && text.status().code() == absl::StatusCode::kNotFound) {
    return std::vector<TokenRecord>();
  }
  if (!text.ok()) return text.status();
  TokenFileContents contents = ParseTokenFile(*text);
  absl::StatusOr<std::string> used = ReadLockedFile(TokensUsedPath(path));
  if (used.ok()) {
    const absl::flat_hash_map<std::string, int64_t> last = ParseTokensUsed(*used);
    for (TokenRecord& r : contents.tokens) {
      if (auto it = last.find(r.id); it != last.end()) r.last_used_s = it->second;
    }
  }
  return std::move(contents.tokens);
}

absl::StatusOr<TokenRecord> RevokeToken(const std::string& data_dir, std::string_view token_or_id) {
  GL_ASSIGN_OR_RETURN(std::vector<TokenRecord> tokens, ListTokens(data_dir));
  const bool is_token = token_or_id.substr(0, kTokenPrefix.size()) == kTokenPrefix;
  const std::string hash = is_token ? Sha256Hex(token_or_id) : std::string();
  if (!is_token && (token_or_id.size() < kMinIdPrefix || token_or_id.size() > kIdDigits ||
                    !IsHex(token_or_id))) {
    return absl::InvalidArgumentError(fmt::format(
        "'{}' is neither a token (glt_...) nor a token id ({} to {} hex digits, as `gridline "
        "token list` shows)",
        token_or_id, kMinIdPrefix, kIdDigits));
  }
  const TokenRecord* found = nullptr;
  for (const TokenRecord& r : tokens) {
    const bool match =
        is_token ? r.hash == hash : r.id.substr(0, token_or_id.size()) == token_or_id;
    if (!match) continue;
    if (found != nullptr) {
      return absl::InvalidArgumentError(fmt::format(
          "'{}' names several tokens ({} and {}): give more digits", token_or_id, found->id, r.id));
    }
    found = &r;
  }
  if (found == nullptr) {
    return absl::NotFoundError(
        fmt::format("no live token {} in {}",
                    is_token ? "with that secret" : "'" + std::string(token_or_id) + "'",
                    TokensPath(data_dir)));
  }
  GL_RETURN_IF_ERROR(AppendLine(
      data_dir, fmt::format("{} {} {}\n", kRevoke, found->hash, FormatIsoUtc(NowSeconds()))));
  return *found;
}

absl::flat_hash_map<std::string, int64_t> ParseTokensUsed(std::string_view text) {
  absl::flat_hash_map<std::string, int64_t> out;
  std::string_view rest = text;
  while (!rest.empty()) {
    const size_t nl = rest.find('\n');
    const std::vector<std::string_view> f = Fields(StripSpaces(rest.substr(0, nl)));
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    if (f.size() != 2 || !IsHex(f[0])) continue;
    if (absl::StatusOr<UnixSeconds> t = ParseInstant(f[1]); t.ok()) out[std::string(f[0])] = *t;
  }
  return out;
}

absl::Status WriteTokensUsed(const std::string& used_path,
                             const absl::flat_hash_map<std::string, int64_t>& last_used) {
  std::string text;
  for (const auto& [id, t] : last_used) text += fmt::format("{} {}\n", id, FormatIsoUtc(t));
  const std::string tmp = used_path + ".tmp";
  {
    Fd f{::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)};
    if (f.fd < 0) return Errno("cannot open", tmp);
    if (::write(f.fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
      return Errno("cannot write", tmp);
    }
    if (::fsync(f.fd) != 0) return Errno("cannot sync", tmp);
  }
  if (::rename(tmp.c_str(), used_path.c_str()) != 0) return Errno("cannot rename", tmp);
  return absl::OkStatus();
}

}  // namespace gridline::server
