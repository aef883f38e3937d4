// Tests of bearer tokens: what is stored (a hash, never the token; mode 0600), lookups, a token
// appended by another process picked up without a restart, and malformed lines skipped.
#include "server/token_store.h"

#include <sys/stat.h>

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

TEST(TokenStore, Sha256OfKnownText) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace gridline::server
