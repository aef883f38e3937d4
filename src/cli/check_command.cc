// gridline check [--data DIR]
//
// Verifies the store (Store::Check, storage/store_check.h): every table file's block checksums
// and every record, each chunk's own checksum included. Prints what it read, then one line per
// damaged file and per unreadable range (meter, channel and UTC time range for readings).
// Read-only: it may run beside a server on the same directory (it sees the state at its start).
// A repair whose roll-ups are not recomputed yet (it stopped midway) is listed too.
// Exit status: 0 the store is whole, 1 damage found, roll-ups left to recompute, or the store
// cannot be opened; 2 usage.
#include <cstdio>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "storage/store.h"

namespace gridline::cli {

int RunCheck(int argc, char** argv) {
  CLI::App app{"Verify every table file and chunk of the store; list damaged series and ranges.",
               "gridline check"};
  std::string data;
  app.add_option("--data", data, "data directory (default ./gridline-data or $GRIDLINE_DATA)");
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  storage::StoreOptions options;
  options.path = ResolveDataDir(data);
  options.read_only = true;
  auto store = storage::Store::Open(options);
  if (!store.ok()) return Fail("check", store.status());
  auto report = (*store)->Check();
  if (!report.ok()) return Fail("check", report.status());
  std::printf("checked %s table files, %s records (%s chunks)\n", Thousands(report->files).c_str(),
              Thousands(report->records).c_str(), Thousands(report->chunks).c_str());
  if (report->whole() && report->rollups_to_recompute == 0) {
    std::printf("the store is whole\n");
    return kExitOk;
  }
  for (const std::string& line : (*store)->DescribeDamage(*report))
    std::printf("%s\n", line.c_str());
  if (report->whole()) return kExitFailure;  // only roll-ups to recompute: the line says so
  std::printf(
      "%zu damaged files, %zu unreadable ranges: `gridline repair --data %s` sets them "
      "aside\n",
      report->damaged_files.size(), report->damaged_ranges.size(), options.path.c_str());
  return kExitFailure;
}

}  // namespace gridline::cli
