#include "bench/grid_bench.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/status_macros.h"
#include "common/time.h"
#include "common/time_zone.h"
#include "engine/engine.h"
#include "fmt/format.h"
#include "httplib.h"
#include "query/aggregate.h"
#include "rollup/rollup_lookup.h"
#include "rollup/rollup_reader.h"

namespace gridline::bench {

namespace {

struct RollupQuery {
  std::string name;   // figure name
  std::string asset;  // external id
  std::string step;
  std::string metric;
};

// Requests per second of `wrk -t2 -c32 -d5s url` (keep-alive); Unavailable without wrk.
absl::StatusOr<double> RunWrk(const std::string& url, const std::string& dir) {
  const std::string out = dir + "/wrk.out";
  const std::string cmd = fmt::format("wrk -t2 -c32 -d5s '{}' > '{}' 2>&1", url, out);
  if (std::system(cmd.c_str()) != 0) return absl::UnavailableError("wrk is not installed");
  std::ifstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Requests/sec:", 0) == 0) return std::atof(line.c_str() + 13);
  }
  return absl::UnavailableError("wrk printed no rate");
}

}  // namespace

absl::Status RunGridBench(const GridBenchOptions& o, const EmitFn& emit) {
  ScratchDir scratch(o.dir, o.keep);
  const std::string& dir = scratch.path();
  const std::string& bin = o.gridline_binary;
  emit("bench_meters", static_cast<double>(o.meters), "meters");
  emit("bench_days", o.days, "days");

  // 1. The simulated utility and its topology, as `gridline sim` writes them.
  const std::string reads = dir + "/reads.csv";
  const std::string topology = dir + "/topology.csv";
  GL_RETURN_IF_ERROR(RunChild({bin, "sim", "--meters", std::to_string(o.meters), "--days",
                               std::to_string(o.days), "--start", o.start, "--seed",
                               std::to_string(o.seed), "--out", reads, "--topology", topology})
                         .status());
  uint64_t rows = 0;
  {
    std::FILE* f = std::fopen(reads.c_str(), "rb");
    if (f == nullptr) return absl::InternalError("cannot read the simulated reads");
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
      for (size_t i = 0; i < n; ++i) rows += buf[i] == '\n';
    }
    std::fclose(f);
    rows -= 1;  // header
  }

  // 2. Import cost of roll-ups: the topology first (so every read rolls up into its transformer,
  //    feeder, substation and the system), then the reads; alternating runs with and without.
  const std::string store = dir + "/store";
  std::vector<double> with_rates, without_rates;
  for (int run = 0; run < o.import_runs; ++run) {
    for (bool rollups : {true, false}) {
      std::filesystem::remove_all(store);
      GL_RETURN_IF_ERROR(RunChild({bin, "import", "topology", "--data", store, topology}).status());
      std::vector<std::string> env;
      if (!rollups) env.push_back("GRIDLINE_UNSAFE_NO_ROLLUPS=1");
      GL_ASSIGN_OR_RETURN(
          ChildResult r,
          RunChild({bin, "import", "csv", "--data", store, "--progress", "none", reads}, env));
      (rollups ? with_rates : without_rates).push_back(static_cast<double>(rows) / r.seconds);
    }
  }
  const double with_rate = Median(with_rates), without_rate = Median(without_rates);
  emit("import_rows_per_s_with_rollups", with_rate, "rows/s");
  emit("import_rows_per_s_without_rollups", without_rate, "rows/s");
  emit("rollup_import_cost", 100.0 * (1.0 - with_rate / without_rate), "%");

  // The store the queries read: topology, then reads, with roll-ups.
  std::filesystem::remove_all(store);
  GL_RETURN_IF_ERROR(RunChild({bin, "import", "topology", "--data", store, topology}).status());
  GL_RETURN_IF_ERROR(
      RunChild({bin, "import", "csv", "--data", store, "--progress", "none", reads}).status());

  // 3. Roll-up queries in-process, warm.
  GL_ASSIGN_OR_RETURN(const int64_t from, ParseInstant(o.start, ""));
  const int64_t to = from + int64_t{o.days} * 86400;
  const std::vector<RollupQuery> queries = {
      {"feeder_hourly_net_30d", o.feeder, "1h", "net"},
      {"substation_daily_30d", o.substation, "1d", "delivered"},
      {"system_daily_30d", std::string(rollup::kSystemAssetId), "1d", "delivered"},
  };
  {
    storage::StoreOptions so;
    so.path = store;
    so.read_only = true;
    GL_ASSIGN_OR_RETURN(std::unique_ptr<engine::Engine> db, engine::Engine::Open(so));
    const TimeZone utc;
    for (const RollupQuery& q : queries) {
      GL_ASSIGN_OR_RETURN(const storage::AssetId asset,
                          rollup::FindRollupAsset(db->store()->catalog(), q.asset));
      GL_ASSIGN_OR_RETURN(const Step step, ParseStep(q.step));
      std::vector<double> ms;
      int64_t sink = 0;
      for (int i = 0; i < o.query_runs + 10; ++i) {
        const auto t0 = Clock::now();
        auto view = db->store()->NewReadView();
        GL_ASSIGN_OR_RETURN(
            std::vector<rollup::RollupRow> rows_out,
            rollup::ReadRollup(*view, asset, from, to, step, utc, query::kLocalMaxBuckets));
        for (const rollup::RollupRow& r : rows_out) sink += r.delivered_wh - r.received_wh;
        if (i >= 10) ms.push_back(Seconds(t0, Clock::now()) * 1e3);  // the first runs warm up
      }
      emit(q.name + "_inprocess_ms", Median(ms), "ms");
      if (sink == 42) emit("", 0, "");  // keeps the reads from being optimised away
    }
  }
  if (!o.http) return absl::OkStatus();

  // 4. The same through `gridline serve` with a keep-alive client, then wrk on small GETs.
  GL_ASSIGN_OR_RETURN(std::unique_ptr<ServedStore> served, ServedStore::Start(bin, store, dir));
  httplib::Client client("127.0.0.1", served->port());
  client.set_keep_alive(true);
  for (const RollupQuery& q : queries) {
    const std::string path =
        fmt::format("/api/v1/assets/{}/rollup?from={}&to={}&step={}&metric={}&format=csv", q.asset,
                    FormatIsoUtc(from), FormatIsoUtc(to), q.step, q.metric);
    std::vector<double> ms;
    for (int i = 0; i < o.query_runs + 10; ++i) {
      const auto t0 = Clock::now();
      httplib::Result r = client.Get(path);
      if (!r || r->status != 200) {
        return absl::InternalError(
            fmt::format("GET {} failed: {}", path, r ? r->body : httplib::to_string(r.error())));
      }
      if (i >= 10) ms.push_back(Seconds(t0, Clock::now()) * 1e3);
    }
    emit(q.name + "_http_ms", Median(ms), "ms");
  }
  const std::string base = fmt::format("http://127.0.0.1:{}", served->port());
  for (const auto& [name, path] : std::vector<std::pair<std::string, std::string>>{
           {"http_healthz", "/healthz"},
           {"http_feeder_day_rollup",
            fmt::format("/api/v1/assets/{}/rollup?from={}&to={}&step=1h&metric=net&format=csv",
                        o.feeder, FormatIsoUtc(from), FormatIsoUtc(from + 86400))}}) {
    absl::StatusOr<double> rps = RunWrk(base + path, dir);
    if (!rps.ok()) {
      emit(name + "_wrk_unavailable", 0, "");
      break;
    }
    emit(name + "_requests_per_s", *rps, "requests/s");
  }
  return absl::OkStatus();
}

}  // namespace gridline::bench
