// gridline repair [--data DIR]
//
// Sets the damage `gridline check` finds aside and rebuilds the store from what is readable
// (Store::Repair, storage/store_check.h): damaged table files, the tables that overlap what could
// not be read, and chunks whose own checksum fails are kept in DIR/quarantine/STAMP/ with a
// README.txt listing the affected meters and ranges; nothing is dropped without a copy there.
// Then it checks again. Needs the store to itself (stop the server first).
// It opens the bare store, not the engine: it rebuilds column families under the roll-up
// maintainer's feet otherwise. Roll-ups are not recomputed (docs/operations.md).
// Exit status: 0 the store is whole afterwards (or was), 1 it is not or the repair failed, 2 usage.
#include <cstdio>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "storage/store.h"

namespace gridline::cli {

int RunRepair(int argc, char** argv) {
  CLI::App app{"Set damaged data aside in DIR/quarantine/ and rebuild the store from the rest.",
               "gridline repair"};
  std::string data;
  app.add_option("--data", data, "data directory (default ./gridline-data or $GRIDLINE_DATA)");
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  storage::StoreOptions options;
  options.path = ResolveDataDir(data);
  auto store = storage::Store::Open(options);
  if (!store.ok()) return Fail("repair", store.status());
  auto repair = (*store)->Repair();
  if (!repair.ok()) return Fail("repair", repair.status());
  if (repair->quarantine.empty()) {
    std::printf("the store is whole: nothing to repair\n");
    return kExitOk;
  }
  for (const std::string& line : (*store)->DescribeDamage(repair->check)) {
    std::printf("set aside: %s\n", line.c_str());
  }
  std::printf("kept in %s: %s table files, %s bad chunks; %s records rebuilt\n",
              repair->quarantine.c_str(), Thousands(repair->files_set_aside).c_str(),
              Thousands(repair->bad_chunks).c_str(), Thousands(repair->records_kept).c_str());
  auto after = (*store)->Check();
  if (!after.ok()) return Fail("repair", after.status());
  if (!after->whole()) {
    for (const std::string& line : (*store)->DescribeDamage(*after)) {
      std::fprintf(stderr, "still damaged: %s\n", line.c_str());
    }
    return kExitFailure;
  }
  std::printf("the store is whole\n");
  return kExitOk;
}

}  // namespace gridline::cli
