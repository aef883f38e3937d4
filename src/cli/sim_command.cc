// sim_command.cc: `gridline sim`, the utility simulator. Parses flags, builds a sim::Fleet and
// writes its reads (and optionally its topology). The model lives in src/sim/.
//
//   gridline sim --meters N --days D --start DATE --seed S [--out FILE.csv[.gz]]
//                [--topology FILE.csv] [--format long|wide] [--commercial-share F]
//                [--pv-share F] [--ev-share F] [--ac-share F] [--electric-heat-share F]
//                [--no-defects] [--missing-rate F]
//                [--outage-rate F] [--duplicate-rate F] [--spike-rate F] [--late-rate F]
//                [--stop-rate F] [--threads N] [--gzip-level N] [--quiet]
//
// Without --out the CSV goes to standard output; a name ending in .gz is written as gzip. A
// summary of what was written goes to standard error. Exit 0 ok, 1 could not run (cannot write),
// 2 usage error.
#include <chrono>
#include <cstdio>
#include <string>

#include "CLI/CLI.hpp"
#include "cli/commands.h"
#include "common/time.h"
#include "fmt/format.h"
#include "sim/csv_writer.h"
#include "sim/fleet.h"
#include "sim/output_file.h"
#include "sim/topology_generator.h"

namespace gridline::cli {

namespace {

int Usage(const std::string& message) {
  std::fprintf(stderr, "gridline sim: %s\n", message.c_str());
  return kExitUsage;
}

bool IsShare(double v) { return v >= 0.0 && v <= 1.0; }

}  // namespace

int RunSim(int argc, char** argv) {
  CLI::App app{"Generate a simulated utility's 15-minute meter reads (CSV) and grid topology.",
               "gridline sim"};
  int64_t meters = 0;
  int days = 0;
  std::string start;
  uint64_t seed = 1;
  std::string out_path;
  std::string topology_path;
  std::string format = "long";
  sim::FleetOptions fleet;
  bool no_defects = false;
  int threads = 0;
  int gzip_level = 1;
  bool quiet = false;

  app.add_option("--meters", meters, "number of meters (ids M0000000 ...)")->required();
  app.add_option("--days", days, "number of UTC days")->required();
  app.add_option("--start", start, "first UTC day, YYYY-MM-DD")->required();
  app.add_option("--seed", seed, "random seed: same seed, same bytes")->capture_default_str();
  app.add_option("--out", out_path, "reads CSV (.gz for gzip); default standard output");
  app.add_option("--topology", topology_path, "also write the grid topology CSV here (.gz: gzip)");
  app.add_option("--format", format, "long (meter_id,timestamp,channel,kwh) or wide")
      ->capture_default_str();
  app.add_option("--commercial-share", fleet.mix.commercial_share, "share of commercial meters")
      ->capture_default_str();
  app.add_option("--pv-share", fleet.mix.pv_share, "share of residential meters with rooftop PV")
      ->capture_default_str();
  app.add_option("--ev-share", fleet.mix.ev_share, "share of residential meters with an EV charger")
      ->capture_default_str();
  app.add_option("--ac-share", fleet.mix.ac_share, "share of homes with air conditioning")
      ->capture_default_str();
  app.add_option("--electric-heat-share", fleet.mix.electric_heat_share,
                 "share of homes with electric heating")
      ->capture_default_str();
  app.add_flag("--no-defects", no_defects,
               "clean data: no gaps, outages, duplicates, spikes, late rows");
  app.add_option("--missing-rate", fleet.defects.missing_rate,
                 "single missing intervals, per interval")
      ->capture_default_str();
  app.add_option("--outage-rate", fleet.defects.outage_rate, "1-12 h outages, per meter-day")
      ->capture_default_str();
  app.add_option("--duplicate-rate", fleet.defects.duplicate_rate, "duplicate rows, per row")
      ->capture_default_str();
  app.add_option("--spike-rate", fleet.defects.spike_rate, "x10-50 spikes, per delivered value")
      ->capture_default_str();
  app.add_option("--late-rate", fleet.defects.late_rate, "rows written after the next day, per row")
      ->capture_default_str();
  app.add_option("--stop-rate", fleet.defects.stop_rate, "meters that stop reporting, per meter")
      ->capture_default_str();
  app.add_option("--threads", threads, "worker threads (0: one per core)")->capture_default_str();
  app.add_option("--gzip-level", gzip_level, "zlib level 1-9 for .gz output")
      ->capture_default_str();
  app.add_flag("--quiet", quiet, "no summary on standard error");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      std::fputs(app.help().c_str(), stdout);
      return kExitOk;
    }
    return Usage(e.what());
  }

  if (meters < 1 || meters > 100'000'000) return Usage("--meters must be between 1 and 100000000");
  if (days < 1 || days > 3660) return Usage("--days must be between 1 and 3660");
  ParsedTime parsed;
  if (start.size() != 10 || ParseTimestamp(start, &parsed) != nullptr ||
      parsed.seconds % kSecondsPerDay != 0) {
    return Usage(fmt::format("--start: '{}' is not a date (YYYY-MM-DD)", start));
  }
  sim::CsvWriterOptions writer;
  if (format == "long") {
    writer.layout = sim::ReadsLayout::kLong;
  } else if (format == "wide") {
    writer.layout = sim::ReadsLayout::kWide;
  } else {
    return Usage(fmt::format("--format: '{}' is neither long nor wide", format));
  }
  if (!IsShare(fleet.mix.commercial_share) || !IsShare(fleet.mix.pv_share) ||
      !IsShare(fleet.mix.ev_share) || !IsShare(fleet.mix.ac_share) ||
      !IsShare(fleet.mix.electric_heat_share)) {
    return Usage("--*-share values must be between 0 and 1");
  }
  const sim::DefectOptions& d = fleet.defects;
  for (double r :
       {d.missing_rate, d.outage_rate, d.duplicate_rate, d.spike_rate, d.late_rate, d.stop_rate}) {
    if (!IsShare(r)) return Usage("defect rates must be between 0 and 1");
  }
  if (threads < 0 || threads > 256) return Usage("--threads must be between 0 and 256");
  if (gzip_level < 1 || gzip_level > 9) return Usage("--gzip-level must be between 1 and 9");

  fleet.meters = meters;
  fleet.days = days;
  fleet.start_day = parsed.seconds / kSecondsPerDay;
  fleet.seed = seed;
  fleet.defects.enabled = !no_defects;
  writer.gzip = sim::IsGzipPath(out_path);
  writer.gzip_level = gzip_level;
  writer.threads = threads;

  const auto began = std::chrono::steady_clock::now();
  absl::StatusOr<std::unique_ptr<sim::Fleet>> made = sim::Fleet::Create(fleet);
  if (!made.ok()) return Usage(std::string(made.status().message()));
  sim::Fleet& sim_fleet = **made;
  const int id_digits = sim::MeterIdDigits(meters);

  if (!topology_path.empty()) {
    absl::StatusOr<std::unique_ptr<sim::OutputFile>> topo = sim::OutputFile::Open(topology_path);
    absl::Status s = topo.status();
    if (s.ok()) {
      const std::vector<sim::Asset> assets =
          sim::GenerateTopology(seed, sim_fleet.profiles(), fleet.town, id_digits);
      s = sim::WriteTopologyCsv(assets, sim_fleet.profiles(), sim::IsGzipPath(topology_path),
                                topo->get());
    }
    if (!s.ok()) {
      std::fprintf(stderr, "gridline sim: %s\n", std::string(s.message()).c_str());
      return kExitFailure;
    }
  }

  absl::StatusOr<std::unique_ptr<sim::OutputFile>> out = sim::OutputFile::Open(out_path);
  if (!out.ok()) {
    std::fprintf(stderr, "gridline sim: %s\n", std::string(out.status().message()).c_str());
    return kExitFailure;
  }
  sim::ReadsStats stats;
  absl::Status s = sim::WriteReads(&sim_fleet, writer, out->get(), &stats);
  if (s.ok()) s = (*out)->Close();
  if (!s.ok()) {
    std::fprintf(stderr, "gridline sim: %s\n", std::string(s.message()).c_str());
    return kExitFailure;
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  if (!quiet) {
    std::fputs(
        fmt::format("gridline sim: {} meters x {} days -> {}: {} {} ({} delivered, {} received, "
                    "{} duplicate, {} late; {} intervals missing, {} of them in outages; {} "
                    "spikes), {:.1f} MB in {:.2f} s ({:.2f} M rows/s)\n",
                    meters, days, (*out)->name(), stats.rows,
                    writer.layout == sim::ReadsLayout::kLong ? "rows" : "lines",
                    stats.delivered_rows, stats.received_rows, stats.duplicate_rows,
                    stats.late_rows, stats.missing_intervals, stats.outage_intervals, stats.spikes,
                    static_cast<double>(stats.bytes) / 1e6, secs,
                    static_cast<double>(stats.rows) / 1e6 / std::max(secs, 1e-9))
            .c_str(),
        stderr);
  }
  return kExitOk;
}

}  // namespace gridline::cli
