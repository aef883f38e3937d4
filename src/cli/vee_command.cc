// gridline vee <subcommand>: the VEE command group, one row per subcommand (like main.cc).
//   check-rules [FILE]      validate a rules file and print the effective rules per channel/class
//   validate --csv FILE     run the rules over one meter's CSV and print the exceptions
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
    {"check-rules", RunVeeCheckRules, "check a rules file; print the effective rules"},
    {"validate", RunVeeValidate, "run the validation rules over a CSV of one meter"},
};

void PrintVeeUsage(FILE* out) {
  std::fprintf(out,
               "usage: gridline vee <command> [flags]   (gridline vee <command> --help)\n\n"
               "commands:\n");
  for (const VeeSubcommand& s : kVeeSubcommands) std::fprintf(out, "  %-12s %s\n", s.name, s.help);
}

}  // namespace

int RunVee(int argc, char** argv) {
  if (argc < 2) {
    PrintVeeUsage(stderr);
    return kExitUsage;
  }
  if (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
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
