// gridline demo [--data DIR] [--meters N] [--days D] [--start DATE] [--seed S] [--fresh]
//               [--listen ADDR:PORT] [--no-serve]
//
// Loads a simulated utility (sim/) into the embedded store at DIR (default ./gridline-data),
// shows what is there and how to ask for it, then serves it over HTTP without tokens
// (`serve --no-auth`, on 127.0.0.1:8080 unless --listen) until Ctrl-C, printing
// `gridline serving http://HOST:PORT` and requests to try. A store that already holds data is
// reused unless --fresh is given. --no-serve stops after the summary.
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/serving.h"
#include "common/time.h"
#include "fmt/format.h"
#include "ingest/importer.h"
#include "sim/csv_writer.h"
#include "sim/fleet.h"
#include "sim/topology_generator.h"
#include "topology/topology_file.h"

namespace gridline::cli {

namespace {

absl::Status Generate(const std::string& csv, const std::string& topology,
                      const sim::FleetOptions& options) {
  auto fleet = sim::Fleet::Create(options);
  if (!fleet.ok()) return fleet.status();
  auto out = sim::OutputFile::Open(csv);
  if (!out.ok()) return out.status();
  sim::ReadsStats stats;
  if (absl::Status s = sim::WriteReads(fleet->get(), sim::CsvWriterOptions(), out->get(), &stats);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = (*out)->Close(); !s.ok()) return s;
  auto topo = sim::OutputFile::Open(topology);
  if (!topo.ok()) return topo.status();
  const std::vector<sim::Asset> assets = sim::GenerateTopology(
      options.seed, (*fleet)->profiles(), options.town, sim::MeterIdDigits(options.meters));
  if (absl::Status s = sim::WriteTopologyCsv(assets, (*fleet)->profiles(), false, topo->get());
      !s.ok()) {
    return s;
  }
  return (*topo)->Close();
}

}  // namespace

int RunDemo(int argc, char** argv) {
  CLI::App app{"Load a simulated utility into the store and show how to query it.",
               "gridline demo"};
  std::string data, start = "2026-07-01";
  sim::FleetOptions fleet;
  fleet.meters = 2000;
  fleet.days = 30;
  bool fresh = false, no_serve = false;
  std::string listen = "127.0.0.1:8080";
  app.add_option("--data", data, "data directory (default ./gridline-data or $GRIDLINE_DATA)");
  app.add_option("--meters", fleet.meters, "meters (default 2000)")->check(CLI::Range(1, 1'000'000));
  app.add_option("--days", fleet.days, "days (default 30)")->check(CLI::Range(1, 3660));
  app.add_option("--start", start, "first day (default 2026-07-01)");
  app.add_option("--seed", fleet.seed, "simulator seed (default 1)");
  app.add_flag("--fresh", fresh, "replace the store's contents with a new simulation");
  app.add_option("--listen", listen, "where to serve (default 127.0.0.1:8080; port 0 picks one)");
  app.add_flag("--no-serve", no_serve, "load and summarise the store, then exit");
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  server::ServerOptions serve_options;
  serve_options.auth = false;
  if (absl::Status s = ParseListen(listen, &serve_options); !s.ok()) {
    std::fprintf(stderr, "gridline demo: %.*s\n", static_cast<int>(s.message().size()),
                 s.message().data());
    return kExitUsage;
  }
  auto t = ParseInstant(start);
  if (!t.ok()) return Fail("demo", t.status());
  fleet.start_day = FloorDiv(*t, kSecondsPerDay);
  const std::string dir = ResolveDataDir(data);

  if (fresh) std::filesystem::remove_all(dir);
  auto store = OpenStore(data, /*read_only=*/false);
  if (!store.ok()) return Fail("demo", store.status());
  if ((*store)->store()->catalog().series_count() == 0) {
    const std::string work =
        fmt::format("{}/gridline-demo-{}", std::filesystem::temp_directory_path().string(), getpid());
    std::filesystem::create_directories(work);
    // The topology goes beside the data directory, not into it: a store's size is its directory.
    const std::string csv = work + "/reads.csv";
    const std::string topology =
        (std::filesystem::absolute(dir).parent_path() / "gridline-demo-topology.csv").string();
    std::printf("simulating %lld meters x %d days from %s ...\n",
                static_cast<long long>(fleet.meters), fleet.days, start.c_str());
    std::fflush(stdout);
    if (absl::Status s = Generate(csv, topology, fleet); !s.ok()) return Fail("demo", s);
    // The grid first, so every read rolls up along it as it arrives.
    absl::StatusOr<topology::TopologyInput> grid = topology::ReadTopologyFile(topology);
    if (!grid.ok()) return Fail("demo", grid.status());
    auto applied = (*store)->ApplyTopology(*grid, nullptr);
    if (!applied.ok()) return Fail("demo", applied.status());
    if (!applied->applied()) {
      return Fail("demo", absl::InternalError(topology::FormatTopologyError(applied->errors[0])));
    }
    ingest::ImportOptions options;
    ingest::Importer importer((*store)->store(), options);
    auto report = importer.ImportCsv(csv);
    std::filesystem::remove_all(work);
    if (!report.ok()) return Fail("demo", report.status());
    if (absl::Status s = (*store)->store()->FlushAndCompact(); !s.ok()) return Fail("demo", s);
    std::printf("imported %s readings in %.1f s (%.1f M/s); topology in %s\n",
                Thousands(report->readings).c_str(), report->seconds,
                report->readings / report->seconds / 1e6,
                std::filesystem::weakly_canonical(topology).c_str());
  }
  const uint64_t bytes = storage::Store::DiskBytes(dir);
  uint64_t readings = 0;
  int64_t sum = 0;
  const uint32_t series_end = static_cast<uint32_t>((*store)->store()->catalog().series_count()) + 1;
  if (absl::Status s = (*store)->store()->NewReadView()->SumAll(1, series_end, &readings, &sum); !s.ok()) {
    return Fail("demo", s);
  }
  const storage::Catalog& catalog = (*store)->store()->catalog();
  uint64_t meters = 0;
  std::string meter;  // the first meter, for the example queries
  for (storage::AssetId a = 1; a <= catalog.asset_count(); ++a) {
    if (catalog.GetAssetKind(a) != storage::AssetKind::kMeter) continue;
    if (meters++ == 0) meter = catalog.AssetExternalId(a);
  }
  std::string feeder = "_system";
  (*store)->current_topology()->ForEach([&](const topology::AssetInfo& a) {
    if (feeder == "_system" && a.kind == storage::AssetKind::kFeeder) feeder = a.external_id;
  });
  const std::string day = FormatIsoUtc(fleet.start_day * kSecondsPerDay).substr(0, 10);
  const std::string next = FormatIsoUtc((fleet.start_day + 1) * kSecondsPerDay).substr(0, 10);
  const std::string month_end =
      FormatIsoUtc((fleet.start_day + fleet.days) * kSecondsPerDay).substr(0, 10);
  std::printf(
      "\nstore %s: %s meters, %s readings in %.1f MB (%.2f bytes per reading)\n\n"
      "try:\n"
      "  build/gridline query readings --data %s --meter %s --from %s --to %s\n"
      "  build/gridline query agg --data %s --meter %s --from %s --to %s --step 1d --fn sum\n"
      "  build/gridline query agg --data %s --meter %s --from %s --to %s --step 1h --fn max "
      "--tz America/Los_Angeles\n"
      "  build/gridline query rollup --data %s --asset %s --from %s --to %s --step 1h "
      "--metric net\n"
      "  build/gridline query rollup --data %s --asset _system --from %s --to %s --step 1d "
      "--metric delivered\n",
      dir.c_str(), Thousands(meters).c_str(),
      Thousands(readings).c_str(), bytes / 1e6, readings ? double(bytes) / readings : 0.0,
      dir.c_str(), meter.c_str(), day.c_str(), next.c_str(), dir.c_str(), meter.c_str(),
      day.c_str(), month_end.c_str(), dir.c_str(), meter.c_str(), day.c_str(), next.c_str(),
      dir.c_str(), feeder.c_str(), day.c_str(), next.c_str(), dir.c_str(), day.c_str(),
      month_end.c_str());
  std::fflush(stdout);
  if (no_serve) return kExitOk;
  std::printf("\n");
  auto banner = [&](const std::string& url) {
    return fmt::format(
        "(no tokens: --no-auth, for this local demo only; Ctrl-C stops)\n"
        "  curl '{0}/api/v1/meters/{1}/readings?from={2}&to={3}&format=csv'\n"
        "  curl '{0}/api/v1/meters/{1}/agg?from={2}&to={4}&step=1d&fn=sum'\n"
        "  curl '{0}/api/v1/series?meter={1}'\n"
        "  curl '{0}/api/v1/assets/_system/rollup?from={2}&to={4}&step=1d&metric=net&format=csv'\n"
        "  curl '{0}/api/v1/assets/{5}/analytics?from={2}&to={4}'\n"
        "  curl '{0}/api/v1/geo/assets?lat=38.58&lon=-121.49&nearest=5&kind=transformer'\n"
        "  curl '{0}/api/v1/openapi.json'   curl '{0}/metrics'\n",
        url, meter, day, next, month_end, feeder);
  };
  const int rc = ServeUntilSignal(store->get(), dir, serve_options, banner);
  store->reset();
  return rc;
}

}  // namespace gridline::cli
