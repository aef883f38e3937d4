// import_topology_command.h: `gridline import topology`, a subcommand of `gridline import`
// (import_command.cc registers it beside `import csv`).
#ifndef GRIDLINE_CLI_IMPORT_TOPOLOGY_COMMAND_H_
#define GRIDLINE_CLI_IMPORT_TOPOLOGY_COMMAND_H_

#include <string>

#include "CLI/CLI.hpp"

namespace gridline::cli {

struct ImportTopologyFlags {
  std::string file;
  std::string data;
  std::string errors_path;
  bool check = false;
};

// Adds the `topology` subcommand to `import_app`, its flags parsed into *flags.
CLI::App* AddImportTopologyCommand(CLI::App* import_app, ImportTopologyFlags* flags);

// Runs it once parsed; returns the exit status (0 applied, 1 refused or could not run).
int RunImportTopology(const ImportTopologyFlags& flags);

}  // namespace gridline::cli

#endif  // GRIDLINE_CLI_IMPORT_TOPOLOGY_COMMAND_H_
