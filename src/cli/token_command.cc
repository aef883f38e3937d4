// gridline token create [--data DIR] --role admin|analyst|ingest|public [--expires 90d]
// gridline token list [--data DIR]
// gridline token revoke [--data DIR] TOKEN|ID
//
// Bearer tokens of the HTTP API, kept as hashes in DIR/tokens (server/token_file.h): a file, not
// the store, so that all three work while `gridline serve` holds the store; the running server
// sees a new token at its first use and refuses a revoked one within a second.
//
//   create  prints the token, and nothing else, on stdout; its id on stderr.
//   list    `id,role,created,expires,last_used` (CSV; empty: never expires / never used), one
//           line per live token, never the secret.
//   revoke  by the token itself or its id (or a unique prefix of 6+ digits of the id).
//
// Exit status: 0 done, 1 the file could not be read or written or no such token, 2 usage.
#include <chrono>
#include <cstdio>
#include <optional>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "server/role.h"
#include "server/token_file.h"

namespace gridline::cli {

namespace {

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string TimeOrEmpty(std::optional<int64_t> t) { return t ? FormatIsoUtc(*t) : std::string(); }

int Create(const std::string& data, const std::string& role_name, const std::string& expires) {
  const std::optional<server::Role> role = server::RoleFromName(role_name);
  if (!role) return kExitUsage;
  int64_t expires_s = server::kNeverExpires;
  if (!expires.empty()) {
    absl::StatusOr<int64_t> d = ParseDurationSeconds(expires);
    if (!d.ok()) {
      std::fprintf(stderr, "gridline token: --expires: '%s' is not a duration (90d, 12h, 30m)\n",
                   expires.c_str());
      return kExitUsage;
    }
    expires_s = NowSeconds() + *d;
  }
  const absl::StatusOr<server::CreatedToken> created =
      server::CreateToken(ResolveDataDir(data), *role, expires_s);
  if (!created.ok()) return Fail("token", created.status());
  std::printf("%s\n", created->token.c_str());
  std::fprintf(
      stderr, "id %s%s\n", created->id.c_str(),
      expires_s == server::kNeverExpires ? "" : (", expires " + FormatIsoUtc(expires_s)).c_str());
  return kExitOk;
}

int List(const std::string& data) {
  const absl::StatusOr<std::vector<server::TokenRecord>> tokens =
      server::ListTokens(ResolveDataDir(data));
  if (!tokens.ok()) return Fail("token", tokens.status());
  std::printf("id,role,created,expires,last_used\n");
  for (const server::TokenRecord& t : *tokens) {
    const std::string expires =
        t.expires_s == server::kNeverExpires ? std::string() : FormatIsoUtc(t.expires_s);
    std::printf("%s,%s,%s,%s,%s\n", t.id.c_str(), std::string(server::RoleName(t.role)).c_str(),
                FormatIsoUtc(t.created_s).c_str(), expires.c_str(),
                TimeOrEmpty(t.last_used_s).c_str());
  }
  return kExitOk;
}

int Revoke(const std::string& data, const std::string& which) {
  const absl::StatusOr<server::TokenRecord> revoked =
      server::RevokeToken(ResolveDataDir(data), which);
  if (!revoked.ok()) return Fail("token", revoked.status());
  std::fprintf(stderr, "revoked %s (%s)\n", revoked->id.c_str(),
               std::string(server::RoleName(revoked->role)).c_str());
  return kExitOk;
}

}  // namespace

int RunToken(int argc, char** argv) {
  CLI::App app{"Manage the HTTP API's bearer tokens.", "gridline token"};
  app.require_subcommand(1);
  constexpr char kDataHelp[] = "data directory (default ./gridline-data or $GRIDLINE_DATA)";
  std::string data, role_name, expires, which;
  CLI::App* create = app.add_subcommand("create", "make a token and print it on stdout");
  create->add_option("--data", data, kDataHelp);
  create->add_option("--role", role_name, "admin, analyst, ingest or public")
      ->required()
      ->check(CLI::IsMember({"admin", "analyst", "ingest", "public"}));
  create->add_option("--expires", expires,
                     "refused after this long: 90d, 12h, 30m (default never)");
  CLI::App* list =
      app.add_subcommand("list", "the live tokens: id, role, created, expires, last used");
  list->add_option("--data", data, kDataHelp);
  CLI::App* revoke = app.add_subcommand("revoke", "revoke a token by itself or by its id");
  revoke->add_option("--data", data, kDataHelp);
  revoke->add_option("token", which, "the token (glt_...) or its id")->required();
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  if (create->parsed()) return Create(data, role_name, expires);
  if (list->parsed()) return List(data);
  return Revoke(data, which);
}

}  // namespace gridline::cli
