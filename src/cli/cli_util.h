// cli_util.h: small pieces shared by subcommands: CLI11 parsing with our exit codes, error
// printing, opening the store, number formatting for summaries.
#ifndef GRIDLINE_CLI_CLI_UTIL_H_
#define GRIDLINE_CLI_CLI_UTIL_H_

#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/time.h"
#include "common/time_zone.h"
#include "engine/engine.h"

namespace gridline::cli {

// Parses argv with `app`. Returns -1 when parsing succeeded and the command should run, else the
// exit status to return (0 after --help, kExitUsage after a usage error, which is printed).
int ParseArgs(CLI::App& app, int argc, char** argv);

// Prints "gridline <command>: <message>" on stderr and returns kExitFailure.
int Fail(const std::string& command, const absl::Status& status);

// Opens the database at --data (or GRIDLINE_DATA, or ./gridline-data).
absl::StatusOr<std::unique_ptr<engine::Engine>> OpenStore(const std::string& data_flag,
                                                          bool read_only);

// The time flags of a stepped query (`query agg`, `query rollup`): --from and --to (naive times
// read in --tz), --step and --tz. InvalidArgument naming the flag at fault, or when from >= to.
struct SteppedRange {
  int64_t from = 0;
  int64_t to = 0;
  Step step;
  TimeZone zone;
};
absl::StatusOr<SteppedRange> ParseSteppedRange(const std::string& from, const std::string& to,
                                               const std::string& step, const std::string& tz);

// 57600000 -> "57,600,000".
std::string Thousands(uint64_t n);

}  // namespace gridline::cli

#endif  // GRIDLINE_CLI_CLI_UTIL_H_
