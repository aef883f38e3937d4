// gridline: one binary, one subcommand per job. This file is only the table of subcommands;
// each entry function lives in its own <name>_command.cc.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "cli/bill_command.h"
#include "cli/commands.h"

namespace {

struct Subcommand {
  const char* name;
  int (*run)(int argc, char** argv);
  const char* help;
};

constexpr Subcommand kSubcommands[] = {
    {"import", gridline::cli::RunImport, "import interval reads (csv, ...) or the grid topology"},
    {"query", gridline::cli::RunQuery, "read readings or aggregates of a meter"},
    {"export", gridline::cli::RunExport, "write a meter's readings as a Green Button feed"},
    {"delete", gridline::cli::RunDelete, "delete a meter's readings in a range (kept as versions)"},
    {"sim", gridline::cli::RunSim, "generate a simulated utility's reads and topology"},
    {"bench", gridline::cli::RunBench, "run the benchmarks (name value unit lines)"},
    {"serve", gridline::cli::RunServe, "serve the store over HTTP (the API)"},
    {"token", gridline::cli::RunToken, "make a bearer token for the HTTP API"},
    {"demo", gridline::cli::RunDemo, "load a simulated utility into a store and serve it"},
    {"check", gridline::cli::RunCheck, "verify every file and chunk; list damaged series, exit 1"},
    {"repair", gridline::cli::RunRepair, "set damaged data aside in DIR/quarantine and rebuild"},
    {"vee", gridline::cli::RunVee, "validation rules, estimation and edits (gridline vee --help)"},
    {"bill", gridline::cli::RunBill, "bill a meter under a tariff (run), true up a bill (trueup)"},
};

void PrintUsage(FILE* out) {
  std::fprintf(out,
               "usage: gridline <command> [flags]   (gridline <command> --help)\n\ncommands:\n");
  for (const Subcommand& s : kSubcommands) std::fprintf(out, "  %-8s %s\n", s.name, s.help);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    PrintUsage(stderr);
    return gridline::cli::kExitUsage;
  }
  if (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    PrintUsage(stdout);
    return gridline::cli::kExitOk;
  }
  for (const Subcommand& s : kSubcommands) {
    if (std::strcmp(argv[1], s.name) == 0) return s.run(argc - 1, argv + 1);
  }
  std::fprintf(stderr, "gridline: unknown command '%s'\n", argv[1]);
  PrintUsage(stderr);
  return gridline::cli::kExitUsage;
}
