// gridline token create [--data DIR] --role admin|analyst|ingest|public
//
// Makes a bearer token for the HTTP API and prints it, and nothing else, on stdout. Only its
// SHA-256 is kept, in DIR/tokens (server/token_store.h): a file, not the store, so that this
// works while `gridline serve` holds the store; the running server picks the new token up at its
// first use. Exit status: 0 printed, 1 the file could not be written, 2 usage.
#include <cstdio>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "server/role.h"
#include "server/token_store.h"

namespace gridline::cli {

int RunToken(int argc, char** argv) {
  CLI::App app{"Manage the HTTP API's bearer tokens.", "gridline token"};
  app.require_subcommand(1);
  CLI::App* create = app.add_subcommand("create", "make a token and print it on stdout");
  std::string data, role_name;
  create->add_option("--data", data, "data directory (default ./gridline-data or $GRIDLINE_DATA)");
  create->add_option("--role", role_name, "admin, analyst, ingest or public")
      ->required()
      ->check(CLI::IsMember({"admin", "analyst", "ingest", "public"}));
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  const std::optional<server::Role> role = server::RoleFromName(role_name);
  if (!role) return kExitUsage;
  const absl::StatusOr<std::string> token = server::TokenStore::Create(ResolveDataDir(data), *role);
  if (!token.ok()) return Fail("token", token.status());
  std::printf("%s\n", token->c_str());
  return kExitOk;
}

}  // namespace gridline::cli
