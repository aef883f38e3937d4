// gridline import topology [--data DIR] [--errors FILE] [--check] FILE
//
// Imports the grid model (topology/topology_manager.h) from a CSV (.csv, .csv.gz), a GeoJSON
// FeatureCollection (.geojson, .json) or standard input (`-`); the format is told by the
// content. All or nothing: any error and nothing is applied. Prints a summary on stdout
// (assets added, updated, moved, unchanged; routes) and the errors as `FILE:LINE: FIELD: reason`
// on stderr, the first 20 (all of them in --errors FILE). `--check` validates without applying.
// Exit status: 0 applied (or valid, with --check), 1 refused or could not run, 2 usage.
#include "cli/import_topology_command.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "fmt/format.h"
#include "topology/topology_file.h"
#include "topology/topology_manager.h"

namespace gridline::cli {

namespace {

// Shows how many meters' roll-ups a topology change has moved, on a terminal only.
class TerminalProgress : public engine::JobProgress {
 public:
  TerminalProgress() : tty_(::isatty(2) != 0) {}
  void Set(uint64_t done, uint64_t total) override {
    if (!tty_ || total == 0) return;
    std::fprintf(stderr, "\rmoving roll-ups: %llu / %llu meters", static_cast<unsigned long long>(done),
                 static_cast<unsigned long long>(total));
    shown_ = true;
  }
  void Done() {
    if (shown_) std::fprintf(stderr, "\n");
  }

 private:
  bool tty_;
  bool shown_ = false;
};

constexpr size_t kMaxListedErrors = 20;

void PrintSummary(const topology::ImportTopologyReport& r, bool check) {
  std::printf("%s: %s assets%s: %s added, %s updated, %s moved, %s unchanged; %s routes\n",
              r.file.c_str(), Thousands(r.added + r.updated + r.moved + r.unchanged).c_str(),
              check ? " (checked, not applied)" : "", Thousands(r.added).c_str(),
              Thousands(r.updated).c_str(), Thousands(r.moved).c_str(),
              Thousands(r.unchanged).c_str(), Thousands(r.routes).c_str());
}

}  // namespace

CLI::App* AddImportTopologyCommand(CLI::App* import_app, ImportTopologyFlags* flags) {
  CLI::App* cmd = import_app->add_subcommand(
      "topology", "grid model: CSV (asset_id,kind,parent_id,lat,lon,...) or GeoJSON");
  cmd->add_option("FILE", flags->file,
                  "topology file (.csv, .csv.gz, .geojson, .json); - is standard input")
      ->required();
  cmd->add_option("--data", flags->data,
                  "data directory (default ./gridline-data or $GRIDLINE_DATA)");
  cmd->add_option("--errors", flags->errors_path, "write every error to this file");
  cmd->add_flag("--check", flags->check, "validate against the store without applying");
  return cmd;
}

int RunImportTopology(const ImportTopologyFlags& flags) {
  std::unique_ptr<std::ofstream> errors_file;
  if (!flags.errors_path.empty()) {
    errors_file = std::make_unique<std::ofstream>(flags.errors_path, std::ios::trunc);
    if (!*errors_file) {
      return Fail("import topology", absl::UnavailableError(fmt::format(
                                         "cannot write --errors file '{}'", flags.errors_path)));
    }
  }
  absl::StatusOr<topology::TopologyInput> input = topology::ReadTopologyFile(flags.file);
  if (!input.ok()) return Fail("import topology", input.status());
  auto db = OpenStore(flags.data, /*read_only=*/false);
  if (!db.ok()) return Fail("import topology", db.status());
  TerminalProgress progress;
  absl::StatusOr<topology::ImportTopologyReport> report =
      flags.check ? (*db)->topology().Check(*input) : (*db)->ApplyTopology(*input, &progress);
  progress.Done();
  if (!report.ok()) return Fail("import topology", report.status());
  if (report->applied()) {
    // As after `import csv`: the directory's size is then the real cost of what it holds.
    if (!flags.check) {
      if (absl::Status s = (*db)->store()->FlushAndCompact(); !s.ok()) {
        return Fail("import topology", s);
      }
    }
    PrintSummary(*report, flags.check);
    return kExitOk;
  }
  for (size_t i = 0; i < report->errors.size(); ++i) {
    const std::string line = topology::FormatTopologyError(report->errors[i]);
    if (i < kMaxListedErrors) std::fprintf(stderr, "%s\n", line.c_str());
    if (errors_file) *errors_file << line << '\n';
  }
  if (report->error_count > report->errors.size() && errors_file) {
    *errors_file << fmt::format("... and {} more\n", report->error_count - report->errors.size());
  }
  std::printf("%s: refused: %s errors, nothing was applied\n", report->file.c_str(),
              Thousands(report->error_count).c_str());
  return kExitFailure;
}

}  // namespace gridline::cli
