// gridline bench core [--meters N] [--days D] [--start DATE] [--seed S] [--dir DIR] [--keep]
//                     [--import-runs N] [--no-bound]
//
// Scenarios (one `name value unit` line per figure, so runs can be compared):
//   core   the core engine on a simulated utility (bench/core_bench.h): import rate to a durable
//          store, bytes per reading against the xz -9e bound, month query latency, scan-and-sum
//          rate, import peak RSS.
//   store  the same size, query and scan figures for an existing store (--data DIR).
//   grid   roll-ups on a simulated utility with its topology (bench/grid_bench.h): import cost of
//          keeping them current, feeder/substation/system query latency in-process and over
//          HTTP, small-GET throughput with wrk.
//   privacy  the 15/15 check of public answers on an existing store (bench/privacy_bench.h):
//          the full check against kept verdicts, cold and warm.
// gridline bench grid [--meters N] [--days D] [--start DATE] [--seed S] [--dir DIR] [--keep]
//                     [--import-runs N] [--query-runs N] [--no-http]
// gridline bench privacy [--data DIR] --asset ID... --from T --to T [--metric M] [--runs N]
//                        [--label NAME]
// gridline bench ingest [--meters N] [--days D] [--clients N] [--batch N] [--runs N] [--dir DIR]
//                       [--mqtt-days D] [--only lineproto|files|greenbutton|mqtt]
//   ingest  readings per second end to end into a durable store: line protocol over HTTP
//           (bench/ingest_bench.h), CMEP and NEM12 files (bench/cmep_nem12_bench.h), a Green Button
//           feed (bench/greenbutton_bench.h: its own size, 100 meters x 60 days), MQTT through
//           mosquitto into serve --mqtt beside the broker's own rate (bench/mqtt_bench.h:
//           --meters x --mqtt-days messages of 96 readings), and a CSV file streamed over HTTP
//           against its CLI import (bench/stream_upload_bench.h). --only runs one part.
//   vee     the accuracy of the estimation methods on the real households of test/data/lcl
//           (bench/vee_bench.h): MAE and MAPE per method and gap length beside the MDMA rule.
// gridline bench vee [--lcl DIR] [--holidays FILE] [--set test|train|all] [--gaps N] [--seed S]
//                    [--tune]
// gridline bench billing [--meters N] [--tariff NAME] [--runs N] [--seed S]
//   billing  determinants and charges of one month (July 2024, Los Angeles) for a simulated
//           fleet under a tariff (bench/billing_bench.h), 20,000 meters by default.
// gridline bench vee-rules [--meters N] [--days D] [--seed S] [--runs N] [--rules FILE]
//   vee-rules  the VEE validation rules over a simulated fleet, one thread (bench/vee_rules_bench.h).
#include <unistd.h>

#include <climits>
#include <cstdio>

#include "bench/billing_bench.h"
#include "bench/cmep_nem12_bench.h"
#include "bench/core_bench.h"
#include "bench/greenbutton_bench.h"
#include "bench/grid_bench.h"
#include "bench/ingest_bench.h"
#include "bench/mqtt_bench.h"
#include "bench/privacy_bench.h"
#include "bench/stream_upload_bench.h"
#include "bench/vee_bench.h"
#include "bench/vee_rules_bench.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "common/time.h"

namespace gridline::cli {

int RunBench(int argc, char** argv) {
  CLI::App app{"Run benchmarks; prints `name value unit` lines.", "gridline bench"};
  app.require_subcommand(1);
  CLI::App* core =
      app.add_subcommand("core", "import, size, query and scan on a simulated utility");
  bench::CoreBenchOptions o;
  std::string start = "2026-07-01";
  bool no_bound = false;
  core->add_option("--meters", o.meters, "meters (default 20000)")
      ->check(CLI::Range(1, 10'000'000));
  core->add_option("--days", o.days, "days (default 30)")->check(CLI::Range(1, 3660));
  core->add_option("--start", start, "first day (default 2026-07-01)");
  core->add_option("--seed", o.seed, "simulator seed (default 1)");
  core->add_option("--dir", o.dir, "work directory (default a temporary one)");
  core->add_flag("--keep", o.keep, "keep the generated CSV and store");
  core->add_option("--import-runs", o.import_runs, "imports to take the median of (default 3)")
      ->check(CLI::Range(1, 50));
  core->add_flag("--no-bound", no_bound, "skip the xz -9e bound (it takes about a minute)");
  CLI::App* store_cmd = app.add_subcommand("store", "size, query and scan figures of a store");
  bench::StoreBenchOptions so;
  std::string data, month = "2026-07-01";
  bool store_no_bound = false;
  store_cmd->add_option("--data", data,
                        "data directory (default ./gridline-data or $GRIDLINE_DATA)");
  store_cmd->add_option("--from", month,
                        "start of the month the queries read (default 2026-07-01)");
  store_cmd->add_flag("--no-bound", store_no_bound, "skip the xz -9e bound");
  CLI::App* grid = app.add_subcommand("grid", "roll-up import cost and query latency");
  bench::GridBenchOptions go;
  bool no_http = false;
  grid->add_option("--meters", go.meters, "meters (default 20000)")
      ->check(CLI::Range(1, 10'000'000));
  grid->add_option("--days", go.days, "days (default 30)")->check(CLI::Range(1, 3660));
  grid->add_option("--start", go.start, "first day (default 2026-07-01)");
  grid->add_option("--seed", go.seed, "simulator seed (default 1)");
  grid->add_option("--dir", go.dir, "work directory (default a temporary one)");
  grid->add_flag("--keep", go.keep, "keep the generated files and store");
  grid->add_option("--import-runs", go.import_runs, "imports each way (default 3)")
      ->check(CLI::Range(1, 50));
  grid->add_option("--query-runs", go.query_runs, "runs per query (default 200)")
      ->check(CLI::Range(1, 100000));
  grid->add_flag("--no-http", no_http, "skip the HTTP figures");
  CLI::App* ingest = app.add_subcommand("ingest", "readings per second through the ingest paths");
  bench::IngestBenchOptions io;
  ingest->add_option("--meters", io.meters, "meters (default 2000)")
      ->check(CLI::Range(1, 10'000'000));
  ingest->add_option("--days", io.days, "days of quarter-hours (default 30)")
      ->check(CLI::Range(1, 3660));
  ingest->add_option("--clients", io.clients, "concurrent HTTP clients (default 4)")
      ->check(CLI::Range(1, 256));
  ingest->add_option("--batch", io.batch_lines, "lines per request (default 5000)")
      ->check(CLI::Range(1, 1'000'000));
  ingest->add_option("--runs", io.runs, "runs to take the median of (default 3)")
      ->check(CLI::Range(1, 50));
  ingest->add_option("--dir", io.dir, "work directory (default a temporary one)");
  ingest->add_flag("--keep", io.keep, "keep the stores");
  bench::MqttBenchOptions mo;
  ingest
      ->add_option("--mqtt-days", mo.days, "days of MQTT messages, one per meter a day (default 5)")
      ->check(CLI::Range(1, 3660));
  std::string only;
  ingest->add_option("--only", only, "run one part: lineproto, files, greenbutton, mqtt or upload")
      ->check(CLI::IsMember({"lineproto", "files", "greenbutton", "mqtt", "upload"}));
  CLI::App* privacy = app.add_subcommand("privacy", "the public 15/15 check, full and kept");
  bench::PrivacyBenchOptions po;
  std::string privacy_data, privacy_from, privacy_to, privacy_metric = "net";
  privacy->add_option("--data", privacy_data,
                      "data directory (default ./gridline-data or $GRIDLINE_DATA)");
  privacy->add_option("--asset", po.assets, "asset ids to check (default _system)");
  privacy->add_option("--from", privacy_from, "start of the period")->required();
  privacy->add_option("--to", privacy_to, "end of the period (exclusive)")->required();
  privacy->add_option("--metric", privacy_metric, "net, delivered or received (default net)");
  privacy->add_option("--runs", po.runs, "runs to take the median of (default 7)")
      ->check(CLI::Range(1, 1000));
  privacy->add_option("--label", po.label, "prefix of the figures' names (default privacy)");
  CLI::App* vee_cmd =
      app.add_subcommand("vee", "accuracy of the estimation methods on real households");
  bench::VeeBenchOptions vo;
  vee_cmd->add_option("--lcl", vo.lcl_dir,
                      "folder of the LCL household files (default test/data/lcl)");
  vee_cmd->add_option("--holidays", vo.holidays_file,
                      "holiday calendar (default data/holidays/england-and-wales-2011-2014.txt)");
  vee_cmd->add_option("--set", vo.set, "households scored: test (held out, default), train or all");
  vee_cmd->add_option("--gaps", vo.gaps_per_length, "gaps per household and length (default 150)")
      ->check(CLI::Range(1, 10000));
  vee_cmd->add_option("--seed", vo.seed, "seed of the gap positions (default 1)");
  vee_cmd->add_flag("--tune", vo.tune, "also score the edge_shape variants the default came from");
  bench::BillingBenchOptions bo;
  CLI::App* billing =
      app.add_subcommand("billing", "determinants of a month for a simulated fleet");
  billing->add_option("--meters", bo.meters, "meters (default 20000)")
      ->check(CLI::Range(1, 1000000));
  billing->add_option("--tariff", bo.tariff, "tariff (default pge-e-tou-c)");
  billing->add_option("--runs", bo.runs, "runs to take the median of (default 3)")
      ->check(CLI::Range(1, 100));
  billing->add_option("--seed", bo.seed, "simulation seed (default 1)");
  CLI::App* vee_rules = app.add_subcommand("vee-rules", "the VEE validation rules per reading");
  bench::VeeRulesBenchOptions ro;
  vee_rules->add_option("--meters", ro.meters, "meters (default 1000)")
      ->check(CLI::Range(1, 1'000'000));
  vee_rules->add_option("--days", ro.days, "days validated, after 28 of history (default 30)")
      ->check(CLI::Range(1, 366));
  vee_rules->add_option("--seed", ro.seed, "simulator seed (default 1)");
  vee_rules->add_option("--runs", ro.runs, "runs to take the median of (default 3)")
      ->check(CLI::Range(1, 50));
  vee_rules->add_option("--rules", ro.rules_path, "rules file (default: the defaults)");
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  auto emit = [](std::string_view name, double value, std::string_view unit) {
    if (name.empty()) return;
    if (value >= 1e6) {
      std::printf("%.*s %.4g %.*s\n", static_cast<int>(name.size()), name.data(), value,
                  static_cast<int>(unit.size()), unit.data());
    } else {
      std::printf("%.*s %.4f %.*s\n", static_cast<int>(name.size()), name.data(), value,
                  static_cast<int>(unit.size()), unit.data());
    }
    std::fflush(stdout);
  };
  if (vee_cmd->parsed()) {
    if (absl::Status s = bench::RunVeeBench(vo, emit); !s.ok()) return Fail("bench", s);
    return kExitOk;
  }
  if (billing->parsed()) {
    if (absl::Status s = bench::RunBillingBench(bo, emit); !s.ok()) return Fail("bench", s);
    return kExitOk;
  }
  if (vee_rules->parsed()) {
    if (absl::Status s = bench::RunVeeRulesBench(ro, emit); !s.ok()) return Fail("bench", s);
    return kExitOk;
  }
  if (store_cmd->parsed()) {
    auto from = ParseInstant(month);
    if (!from.ok()) return Fail("bench", from.status());
    so.store_dir = ResolveDataDir(data);
    so.from = *from;
    so.bound = !store_no_bound;
    if (absl::Status s = bench::RunStoreBench(so, emit); !s.ok()) return Fail("bench", s);
    return kExitOk;
  }
  if (privacy->parsed()) {
    auto from = ParseInstant(privacy_from);
    if (!from.ok()) return Fail("bench", from.status());
    auto to = ParseInstant(privacy_to);
    if (!to.ok()) return Fail("bench", to.status());
    const std::optional<rollup::RollupMetric> metric = rollup::RollupMetricFromName(privacy_metric);
    if (!metric)
      return Fail("bench", absl::InvalidArgumentError("--metric: net, delivered or received"));
    po.store_dir = ResolveDataDir(privacy_data);
    po.from = *from;
    po.to = *to;
    po.metric = *metric;
    if (absl::Status s = bench::RunPrivacyBench(po, emit); !s.ok()) return Fail("bench", s);
    return kExitOk;
  }
  char self[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return Fail("bench", absl::InternalError("cannot find the gridline binary"));
  self[n] = '\0';
  if (ingest->parsed()) {
    auto part = [&](const char* name) { return only.empty() || only == name; };
    io.gridline_binary = self;
    if (part("lineproto")) {
      if (absl::Status s = bench::RunIngestBench(io, emit); !s.ok()) return Fail("bench", s);
    }
    bench::CmepNem12BenchOptions files;
    files.meters = io.meters;
    files.days = io.days;
    files.runs = io.runs;
    files.dir = io.dir;
    files.keep = io.keep;
    files.gridline_binary = self;
    if (part("files")) {
      if (absl::Status s = bench::RunCmepNem12Bench(files, emit); !s.ok()) return Fail("bench", s);
    }
    bench::GreenButtonBenchOptions feed;
    feed.dir = io.dir;
    feed.keep = io.keep;
    feed.import_runs = io.runs;
    feed.gridline_binary = self;
    if (part("greenbutton")) {
      if (absl::Status s = bench::RunGreenButtonBench(feed, emit); !s.ok()) return Fail("bench", s);
    }
    mo.meters = io.meters;
    mo.runs = io.runs;
    mo.dir = io.dir;
    mo.keep = io.keep;
    mo.gridline_binary = self;
    if (part("mqtt")) {
      if (absl::Status s = bench::RunMqttBench(mo, emit); !s.ok()) return Fail("bench", s);
    }
    bench::StreamUploadBenchOptions upload;
    upload.meters = io.meters;
    upload.days = io.days;
    upload.runs = io.runs;
    upload.dir = io.dir;
    upload.keep = io.keep;
    upload.gridline_binary = self;
    if (part("upload")) {
      if (absl::Status s = bench::RunStreamUploadBench(upload, emit); !s.ok()) {
        return Fail("bench", s);
      }
    }
    return kExitOk;
  }
  if (grid->parsed()) {
    go.gridline_binary = self;
    go.http = !no_http;
    if (absl::Status s = bench::RunGridBench(go, emit); !s.ok()) return Fail("bench", s);
    return kExitOk;
  }
  o.bound = !no_bound;
  auto t = ParseInstant(start);
  if (!t.ok()) return Fail("bench", t.status());
  o.start_day = FloorDiv(*t, kSecondsPerDay);
  o.gridline_binary = self;
  absl::Status s = bench::RunCoreBench(o, emit);
  if (!s.ok()) return Fail("bench", s);
  return kExitOk;
}

}  // namespace gridline::cli
