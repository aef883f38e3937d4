// token_file.h: the bearer tokens of a data directory on disk, as `gridline token` and the server
// share them. A token is 32 random bytes (getrandom) written as `glt_` + base64url; only its
// SHA-256 is kept. Its id is the first 12 hex digits of that hash: safe to print, and enough to
// name it (`gridline token revoke ID`).
//
// DIR/tokens (mode 0600), one line per event, appended under an exclusive flock and fsynced:
//
//   <sha256 hex> <role> <created ISO 8601> [expires=<ISO 8601>]     a token
//   revoke <sha256 hex> <revoked ISO 8601>                         its revocation
//
// Lines of gridline before issue 11 have the first form without `expires`, so old files read
// as they are; unknown `key=value` fields are ignored, other malformed lines skipped (counted).
// Appending only (never rewriting) means a writer never loses a line another process is adding.
// Deleting a token's line by hand also revokes it: a running server re-reads a changed file.
//
// DIR/tokens.used: `<id> <last used ISO 8601>` per line, rewritten (temporary file and rename) by
// the running server at most every 5 s (token_store.h); `gridline token list` shows it.
#ifndef GRIDLINE_SERVER_TOKEN_FILE_H_
#define GRIDLINE_SERVER_TOKEN_FILE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "server/role.h"

namespace gridline::server {

inline constexpr int64_t kNeverExpires = INT64_MAX;

struct TokenRecord {
  std::string hash;  // SHA-256 hex
  std::string id;    // hash.substr(0, 12)
  Role role = Role::kPublic;
  int64_t created_s = 0;
  int64_t expires_s = kNeverExpires;
  std::optional<int64_t> last_used_s;  // from tokens.used, when known
};

// The live tokens of a file's text (revoked ones left out), in file order, and how many lines
// were malformed.
struct TokenFileContents {
  std::vector<TokenRecord> tokens;
  size_t malformed = 0;
};
TokenFileContents ParseTokenFile(std::string_view text);

// The paths in a data directory: DIR/tokens, and beside a tokens file its `.used` file.
std::string TokensPath(const std::string& data_dir);
std::string TokensUsedPath(const std::string& tokens_path);

// The id of a token's hash.
std::string TokenId(std::string_view hash);

// Lower-case hex SHA-256 of `data` (OpenSSL EVP).
std::string Sha256Hex(std::string_view data);

struct CreatedToken {
  std::string token;  // the secret: stored nowhere, hand it over now
  std::string id;
};

// Makes a new token with `role` (expiring at `expires_s` unless kNeverExpires) and appends it to
// DIR/tokens, creating the directory and the file when missing. Unavailable when randomness or
// the file fails.
absl::StatusOr<CreatedToken> CreateToken(const std::string& data_dir, Role role,
                                         int64_t expires_s = kNeverExpires);

// The live tokens of DIR/tokens with their last use (none when the file is missing).
absl::StatusOr<std::vector<TokenRecord>> ListTokens(const std::string& data_dir);

// Revokes the token `token_or_id` names: a token (`glt_...`) or an id (or a prefix of one of at
// least 6 hex digits that names one live token). NotFound when none does, InvalidArgument when
// a prefix names several. Returns the revoked token's record.
absl::StatusOr<TokenRecord> RevokeToken(const std::string& data_dir, std::string_view token_or_id);

// Reads a whole file under a shared flock; NotFound when missing.
absl::StatusOr<std::string> ReadLockedFile(const std::string& path);

// Last use by id, from DIR/tokens.used text.
absl::flat_hash_map<std::string, int64_t> ParseTokensUsed(std::string_view text);
// Replaces the file `used_path` (DIR/tokens.used) with `last_used` (temporary file, fsync,
// rename).
absl::Status WriteTokensUsed(const std::string& used_path,
                             const absl::flat_hash_map<std::string, int64_t>& last_used);

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_TOKEN_FILE_H_
