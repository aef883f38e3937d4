// commands.h: the entry function of every `gridline` subcommand. Each parses its own flags
// (CLI11), calls libgridline and returns the process exit status of docs/conventions.md:
// 0 everything accepted, 3 some rows rejected (and listed), 1 could not run (or --strict refused
// the input), 2 usage error.
#ifndef GRIDLINE_CLI_COMMANDS_H_
#define GRIDLINE_CLI_COMMANDS_H_

#include <string>

namespace gridline::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitPartial = 3;

// argv[0] is the subcommand name (e.g. "import"); flags follow.
int RunImport(int argc, char** argv);
int RunQuery(int argc, char** argv);
int RunExport(int argc, char** argv);
int RunSim(int argc, char** argv);
int RunBench(int argc, char** argv);
int RunDemo(int argc, char** argv);
int RunDelete(int argc, char** argv);
int RunServe(int argc, char** argv);
int RunToken(int argc, char** argv);
int RunCheck(int argc, char** argv);
int RunRepair(int argc, char** argv);
int RunVee(int argc, char** argv);  // the group: cli/vee_command.cc

// The data directory: `flag` when given, else $GRIDLINE_DATA, else ./gridline-data.
std::string ResolveDataDir(const std::string& flag);

}  // namespace gridline::cli

#endif  // GRIDLINE_CLI_COMMANDS_H_
