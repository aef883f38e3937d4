// Tests of bearer tokens: what is stored (a hash, never the token; mode 0600), lookups, a token
// appended by another process picked up without a restart, malformed lines skipped, revocation
// and deleted lines seen by a running store, expiry, ids and last use, old files still read.
#include "server/token_store.h"

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "gtest/gtest.h"
#include "test/test_util.h"

namespace gridline::server {
namespace {

TEST(TokenStore, CreateStoresOnlyTheHash) {
  testing::TempDir dir;
  const std::string data = dir.Sub("data");  // created on demand
  absl::StatusOr<std::string> token = TokenStore::Create(data, Role::kAnalyst);
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(token->substr(0, 4), "glt_");
  EXPECT_EQ(token->size(), 4u + 43u);  // 32 bytes in base64url
  const std::string file = testing::ReadFile(TokenStore::PathIn(data));
  EXPECT_EQ(file.find(*token), std::string::npos);
  EXPECT_EQ(file.substr(0, 64), Sha256Hex(*token));
  EXPECT_NE(file.find(" analyst "), std::string::npos);
  struct stat st;
  ASSERT_EQ(::stat(TokenStore::PathIn(data).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  absl::StatusOr<std::string> other = TokenStore::Create(data, Role::kAnalyst);
  EXPECT_NE(*other, *token);
}

TEST(TokenStore, LooksUpAndRereadsAChangedFile) {
  testing::TempDir dir;
  TokenStore store(TokenStore::PathIn(dir.path()));
  ASSERT_TRUE(store.Load().ok());  // no file yet: no tokens
  EXPECT_FALSE(store.Lookup("glt_anything").has_value());
  const std::string admin = *TokenStore::Create(dir.path(), Role::kAdmin);
  // Made after Load, as by `gridline token create` beside a running server.
  EXPECT_EQ(store.Lookup(admin), Role::kAdmin);
  const std::string ingest = *TokenStore::Create(dir.path(), Role::kIngest);
  EXPECT_EQ(store.Lookup(ingest), Role::kIngest);
  EXPECT_EQ(store.Lookup(admin), Role::kAdmin);
  EXPECT_FALSE(store.Lookup("").has_value());
  EXPECT_FALSE(store.Lookup(admin + "x").has_value());
  EXPECT_EQ(store.size(), 2u);
}

TEST(TokenStore, MalformedLinesAreSkipped) {
  testing::TempDir dir;
  const std::string path = TokenStore::PathIn(dir.path());
  testing::WriteFile(path, "# comment\nnot a line\n" + Sha256Hex("glt_x") +
                               " public 2026-07-01T00:00:00Z\n" + Sha256Hex("glt_y") +
                               " emperor 2026-07-01T00:00:00Z\n");
  TokenStore store(path);
  ASSERT_TRUE(store.Load().ok());
  EXPECT_EQ(store.Lookup("glt_x"), Role::kPublic);
  EXPECT_FALSE(store.Lookup("glt_y").has_value());
  EXPECT_EQ(store.malformed_lines(), 2u);
}

void WaitForRecheck() {
  std::this_thread::sleep_for(std::chrono::milliseconds(TokenStore::kRecheckMs + 50));
}

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Finding (issue 11, item 6): a token the server had cached stayed valid after its line was
// deleted from the file.
TEST(TokenStore, DeletedLineIsRefusedAfterTheRecheck) {
  testing::TempDir dir;
  const std::string keep = *TokenStore::Create(dir.path(), Role::kAdmin);
  const std::string drop = *TokenStore::Create(dir.path(), Role::kAnalyst);
  TokenStore store(TokenStore::PathIn(dir.path()));
  ASSERT_TRUE(store.Load().ok());
  ASSERT_EQ(store.Lookup(drop), Role::kAnalyst);
  const std::string file = testing::ReadFile(TokenStore::PathIn(dir.path()));
  testing::WriteFile(TokenStore::PathIn(dir.path()), file.substr(0, file.find('\n') + 1));
  WaitForRecheck();
  EXPECT_FALSE(store.Lookup(drop).has_value());
  EXPECT_EQ(store.Lookup(keep), Role::kAdmin);
}

TEST(TokenStore, RevokedByTokenOrIdIsRefusedAfterTheRecheck) {
  testing::TempDir dir;
  const CreatedToken a = *CreateToken(dir.path(), Role::kPublic);
  const CreatedToken b = *CreateToken(dir.path(), Role::kIngest);
  TokenStore store(TokenStore::PathIn(dir.path()));
  ASSERT_TRUE(store.Load().ok());
  ASSERT_EQ(store.Lookup(a.token), Role::kPublic);
  ASSERT_EQ(store.Lookup(b.token), Role::kIngest);
  absl::StatusOr<TokenRecord> r = RevokeToken(dir.path(), a.token);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->id, a.id);
  r = RevokeToken(dir.path(), b.id.substr(0, 8));  // a prefix of the id
  ASSERT_TRUE(r.ok()) << r.status();
  WaitForRecheck();
  EXPECT_FALSE(store.Lookup(a.token).has_value());
  EXPECT_FALSE(store.Lookup(b.token).has_value());
  // Gone from the list; revoking again is NotFound; a bad id is InvalidArgument.
  EXPECT_TRUE(ListTokens(dir.path())->empty());
  EXPECT_EQ(RevokeToken(dir.path(), a.id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(RevokeToken(dir.path(), "xyz").status().code(), absl::StatusCode::kInvalidArgument);
  // The file only grows: the secrets are not in it.
  const std::string file = testing::ReadFile(TokenStore::PathIn(dir.path()));
  EXPECT_EQ(file.find(a.token), std::string::npos);
}

TEST(TokenStore, ExpiredTokenIsRefused) {
  testing::TempDir dir;
  const CreatedToken old = *CreateToken(dir.path(), Role::kAnalyst, Now() - 1);
  const CreatedToken fresh = *CreateToken(dir.path(), Role::kAnalyst, Now() + 3600);
  TokenStore store(TokenStore::PathIn(dir.path()));
  ASSERT_TRUE(store.Load().ok());
  EXPECT_FALSE(store.Lookup(old.token).has_value());
  EXPECT_EQ(store.Lookup(fresh.token), Role::kAnalyst);
  const std::vector<TokenRecord> list = *ListTokens(dir.path());
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1].expires_s, Now() + 3600);
  EXPECT_EQ(list[0].id, old.id);
}

TEST(TokenStore, ListShowsIdsAndLastUseNeverTheSecret) {
  testing::TempDir dir;
  const CreatedToken a = *CreateToken(dir.path(), Role::kAdmin);
  const CreatedToken b = *CreateToken(dir.path(), Role::kPublic);
  EXPECT_EQ(a.id, Sha256Hex(a.token).substr(0, 12));
  {
    TokenStore store(TokenStore::PathIn(dir.path()));
    ASSERT_TRUE(store.Load().ok());
    ASSERT_EQ(store.Lookup(a.token), Role::kAdmin);
    ASSERT_TRUE(store.FlushUsage().ok());
  }
  const std::vector<TokenRecord> list = *ListTokens(dir.path());
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].id, a.id);
  ASSERT_TRUE(list[0].last_used_s.has_value());
  EXPECT_LE(std::abs(*list[0].last_used_s - Now()), 2);
  EXPECT_FALSE(list[1].last_used_s.has_value());
  EXPECT_EQ(list[1].role, Role::kPublic);
  const std::string used = testing::ReadFile(TokensUsedPath(TokenStore::PathIn(dir.path())));
  EXPECT_EQ(used.find(a.token), std::string::npos);
  // A new store keeps the earlier runs' last uses when it writes its own.
  TokenStore again(TokenStore::PathIn(dir.path()));
  ASSERT_TRUE(again.Load().ok());
  ASSERT_EQ(again.Lookup(b.token), Role::kPublic);
  ASSERT_TRUE(again.FlushUsage().ok());
  const std::vector<TokenRecord> after = *ListTokens(dir.path());
  EXPECT_TRUE(after[0].last_used_s.has_value());
  EXPECT_TRUE(after[1].last_used_s.has_value());
}

// A use is written to DIR/tokens.used by the store's own thread, with no later request and no
// shutdown needed.
TEST(TokenStore, LastUseIsWrittenWithinTheFlushInterval) {
  testing::TempDir dir;
  const CreatedToken a = *CreateToken(dir.path(), Role::kAnalyst);
  TokenStore store(TokenStore::PathIn(dir.path()), /*flush_ms=*/100);
  ASSERT_TRUE(store.Load().ok());
  ASSERT_EQ(store.Lookup(a.token), Role::kAnalyst);
  std::optional<int64_t> seen;
  for (int i = 0; i < 100 && !seen; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    seen = (*ListTokens(dir.path()))[0].last_used_s;
  }
  ASSERT_TRUE(seen.has_value());
  EXPECT_LE(std::abs(*seen - Now()), 2);
}

// Files written before ids and expiry (three fields a line) read as they are.
TEST(TokenStore, FilesOfEarlierVersionsStillWork) {
  testing::TempDir dir;
  const std::string path = TokenStore::PathIn(dir.path());
  testing::WriteFile(path, Sha256Hex("glt_old") + " ingest 2026-07-01T00:00:00Z\n" +
                               Sha256Hex("glt_bad") + " admin 2026-07-01T00:00:00Z expires=soon\n");
  TokenStore store(path);
  ASSERT_TRUE(store.Load().ok());
  EXPECT_EQ(store.Lookup("glt_old"), Role::kIngest);
  // An expiry that cannot be read never means "never expires".
  EXPECT_FALSE(store.Lookup("glt_bad").has_value());
  EXPECT_EQ(store.malformed_lines(), 1u);
  const std::vector<TokenRecord> list = *ListTokens(dir.path());
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].created_s, 1782864000);  // 2026-07-01T00:00:00Z
}

TEST(TokenStore, Sha256OfKnownText) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace gridline::server
