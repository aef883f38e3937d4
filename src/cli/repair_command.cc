// gridline repair [--data DIR]
//
// Sets the damage `gridline check` finds aside and rebuilds the store from what is readable
// (Store::Repair, storage/store_check.h): damaged table files, the tables that overlap what could
// not be read, and chunks whose own checksum fails are kept in DIR/quarantine/STAMP/ with a
// README.txt listing the affected meters and ranges; nothing is dropped without a copy there.
// It lists exactly which readings left the store (meter, channel, UTC range), then recomputes
// the roll-ups of every asset above them from the readings that remain (Engine::
// RecomputeRepairedRollups; every roll-up when the `rollups` column family itself was damaged),
// and checks again. A repair interrupted before its roll-ups were recomputed is finished by the
// next run, also when the store is whole by then. Needs the store to itself (stop the server).
// The rebuild runs on the bare store (it drops and recreates column families), the recompute on
// the engine opened afterwards, so the topology it places meters with is the repaired one.
// Exit status: 0 the store is whole afterwards (or was), 1 it is not or the repair failed, 2 usage.
#include <chrono>
#include <cstdio>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "common/channel.h"
#include "common/time.h"
#include "storage/store.h"

namespace gridline::cli {

namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int RunRepair(int argc, char** argv) {
  CLI::App app{"Set damaged data aside in DIR/quarantine/ and rebuild the store from the rest.",
               "gridline repair"};
  std::string data;
  app.add_option("--data", data, "data directory (default ./gridline-data or $GRIDLINE_DATA)");
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  storage::StoreOptions options;
  options.path = ResolveDataDir(data);
  {
    const auto start = std::chrono::steady_clock::now();
    auto store = storage::Store::Open(options);
    if (!store.ok()) return Fail("repair", store.status());
    const storage::Store& s = **store;
    auto repair = (*store)->Repair();
    if (!repair.ok()) return Fail("repair", repair.status());
    if (repair->quarantine.empty()) {
      std::printf("the store is whole: nothing to set aside\n");
    } else {
      for (const std::string& line : s.DescribeDamage(repair->check)) {
        std::printf("damage: %s\n", line.c_str());
      }
      for (const storage::SetAsideRange& r : repair->readings_set_aside) {
        const storage::SeriesInfo info = s.catalog().GetSeries(r.series);
        std::printf("set aside: meter %s channel %s [%s, %s)\n",
                    s.catalog().AssetExternalId(info.asset).c_str(),
                    std::string(GetChannelSpec(info.channel).name).c_str(),
                    FormatIsoUtc(r.from_slot * info.interval_s).c_str(),
                    FormatIsoUtc(r.to_slot * info.interval_s).c_str());
      }
      std::printf("kept in %s: %s table files, %s bad chunks; %s records rebuilt in %.3f s\n",
                  repair->quarantine.c_str(), Thousands(repair->files_set_aside).c_str(),
                  Thousands(repair->bad_chunks).c_str(), Thousands(repair->records_kept).c_str(),
                  SecondsSince(start));
    }
  }
  // The roll-ups above what was set aside (also a previous repair's, if it stopped before them).
  auto db = OpenStore(data, /*read_only=*/false);
  if (!db.ok()) return Fail("repair", db.status());
  const auto start = std::chrono::steady_clock::now();
  auto stats = (*db)->RecomputeRepairedRollups();
  if (!stats.ok()) return Fail("repair", stats.status());
  if (stats->windows > 0) {
    std::printf(
        "roll-ups recomputed from the remaining readings: %s asset windows (%s now empty) from %s "
        "readings in %.3f s\n",
        Thousands(stats->windows).c_str(), Thousands(stats->deleted).c_str(),
        Thousands(stats->readings_read).c_str(), SecondsSince(start));
  }
  auto after = (*db)->store()->Check();
  if (!after.ok()) return Fail("repair", after.status());
  if (!after->whole() || after->rollups_to_recompute > 0) {
    for (const std::string& line : (*db)->store()->DescribeDamage(*after)) {
      std::fprintf(stderr, "still damaged: %s\n", line.c_str());
    }
    return kExitFailure;
  }
  std::printf("the store is whole\n");
  return kExitOk;
}

}  // namespace gridline::cli
