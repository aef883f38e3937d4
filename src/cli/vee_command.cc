// gridline vee <subcommand> ...: validation, estimation and editing (docs/vee.md). This file is
// only the table of the group's subcommands; each lives in its own file.
//   edit        a manual edit of readings with user and reason (vee_layer_commands.cc)
//   exceptions  list VEE exceptions with filters (vee_layer_commands.cc)
//   accept      accept an exception with user and reason (vee_layer_commands.cc)
//   check-rules validate a rules file and print the effective rules (vee_rules_command.cc)
//   validate    run the rules over a one-meter CSV and print the exceptions (vee_rules_command.cc)
#include <cstdio>
#include <cstring>

#include "cli/commands.h"
#include "cli/vee_commands.h"

namespace gridline::cli {

namespace {

struct VeeSubcommand {
  const char* name;
  int (*run)(int argc, char** argv);
  const char* help;
};

constexpr VeeSubcommand kVeeSubcommands[] = {
    {"edit", RunVeeEdit, "set readings by hand, with user and reason (the slots become edited)"},
    {"exceptions", RunVeeExceptions, "list VEE exceptions (filters: meter, rule, status, time)"},
    {"accept", RunVeeAccept, "accept an exception, with user and reason"},
    {"check-rules", RunVeeCheckRules, "validate a rules file and print the rules in effect"},
    {"validate", RunVeeValidate, "run the rules over a one-meter CSV, print the exceptions"},
    {"run", RunVeeRun, "run VEE over the archive into the validated layer (resumable)"},
};

void PrintVeeUsage(FILE* out) {
  std::fprintf(out,
               "usage: gridline vee <command> [flags]   (gridline vee <command> --help)\n\n"
               "commands:\n");
  for (const VeeSubcommand& s : kVeeSubcommands) {
    std::fprintf(out, "  %-11s %s\n", s.name, s.help);
  }
}

}  // namespace

int RunVee(int argc, char** argv) {
  if (argc < 2) {
    PrintVeeUsage(stderr);
    return kExitUsage;
  }
  if (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    PrintVeeUsage(stdout);
    return kExitOk;
  }
  for (const VeeSubcommand& s : kVeeSubcommands) {
    if (std::strcmp(argv[1], s.name) == 0) return s.run(argc - 1, argv + 1);
  }
  std::fprintf(stderr, "gridline vee: unknown command '%s'\n", argv[1]);
  PrintVeeUsage(stderr);
  return kExitUsage;
}

}  // namespace gridline::cli
