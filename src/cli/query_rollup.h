// query_rollup.h: the `query rollup` subcommand, added to `gridline query` (query_command.cc).
#ifndef GRIDLINE_CLI_QUERY_ROLLUP_H_
#define GRIDLINE_CLI_QUERY_ROLLUP_H_

#include <string>

#include "CLI/CLI.hpp"

namespace gridline::cli {

struct RollupFlags {
  std::string data, asset, from, to, step, metric, format = "csv", tz, layer = "validated";
};

CLI::App* AddRollupCommand(CLI::App& app, RollupFlags* flags);
int RunRollup(const RollupFlags& flags);

}  // namespace gridline::cli

#endif  // GRIDLINE_CLI_QUERY_ROLLUP_H_
