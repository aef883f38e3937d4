// gridline import FORMAT [--data DIR] [--meter ID] [--tz ZONE] [--channel NAME] [--strict]
//                        [--round] [--label start|end] [--interval 15m] [--errors FILE]
//                        [--progress auto|bar|lines|none] [--threads N] [--commit-every N] FILE...
//   cmep also takes [--register-to-interval] [--register-tolerance 5m] (ingest/cmep/cmep_parser.h)
// gridline import topology ...   (import_topology_command.cc)
//
// Imports interval reads (ingest/importer.h) in any format of ingest/input_formats.h: one
// subcommand per format, all with the same flags. Prints a summary per file on stdout and the first
// rejected rows on stderr (all of them in --errors FILE). Exit status (docs/conventions.md): 0 all
// accepted, 3 some rows rejected, 1 a file could not be read or --strict refused it, 2 usage.
// When it ends, the store is flushed and compacted: its directory size is its real cost.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/import_topology_command.h"
#include "common/strings.h"
#include "common/time.h"
#include "fmt/format.h"
#include "ingest/csv/csv_flags.h"
#include "ingest/importer.h"
#include "ingest/nem12/nem12_source.h"

namespace gridline::cli {

namespace {

// Shows progress on stderr: a bar redrawn in place on a terminal, or one line per durable
// commit (`--progress lines`, for scripts and the crash test).
class ProgressPrinter {
 public:
  enum class Mode { kNone, kBar, kLines };
  explicit ProgressPrinter(Mode mode) : mode_(mode) {}

  void Update(const ingest::ImportProgress& p) {
    if (mode_ == Mode::kLines) {
      if (p.durable_line > last_durable_ && !p.validating) {
        last_durable_ = p.durable_line;
        std::fprintf(stderr, "durable %s:%llu\n", p.file->c_str(),
                     static_cast<unsigned long long>(p.durable_line));
        std::fflush(stderr);
      }
      return;
    }
    if (mode_ != Mode::kBar) return;
    const auto now = std::chrono::steady_clock::now();
    if (started_ == std::chrono::steady_clock::time_point()) started_ = now;
    if (now - last_draw_ < std::chrono::milliseconds(200)) return;
    last_draw_ = now;
    const double s = std::chrono::duration<double>(now - started_).count();
    std::string pct;
    if (p.file_bytes > 0) pct = fmt::format("{:3.0f}% ", 100.0 * p.bytes_read / p.file_bytes);
    std::fprintf(stderr, "\r%s %s%s %s readings  %.1f M readings/s \033[K",
                 p.validating ? "validating" : "importing", pct.c_str(), p.file->c_str(),
                 Thousands(p.readings).c_str(), s > 0 ? p.readings / s / 1e6 : 0.0);
    drawn_ = true;
  }
  void Done() {
    if (drawn_) std::fprintf(stderr, "\r\033[K");
    drawn_ = false;
    started_ = {};
    last_durable_ = 0;
  }

 private:
  Mode mode_;
  std::chrono::steady_clock::time_point started_{}, last_draw_{};
  uint64_t last_durable_ = 0;
  bool drawn_ = false;
};

void PrintReport(const ingest::FileReport& r, bool round, bool tz_given) {
  std::printf(
      "%s: %s readings in %.2f s (%.2f M/s): %s accepted, %s duplicates, %s new versions, "
      "%s rejected\n",
      r.file.c_str(), Thousands(r.readings).c_str(), r.seconds,
      r.seconds > 0 ? r.readings / r.seconds / 1e6 : 0.0,
      Thousands(r.refused ? 0 : r.added).c_str(), Thousands(r.duplicates).c_str(),
      Thousands(r.versions).c_str(), Thousands(r.rejected).c_str());
  if (r.refused) {
    std::printf("%s: refused (--strict): %s rejected readings, nothing from this file was stored\n",
                r.file.c_str(), Thousands(r.rejected).c_str());
  }
  // Each new series' interval (docs/conventions.md): one line per series when there are few, and a
  // count per interval always.
  uint64_t new_series = 0;
  for (const auto& [interval_s, count] : r.new_series_intervals) new_series += count;
  if (r.refused) {
    // Nothing was stored, so no series was created.
  } else if (new_series <= ingest::SeriesPlacer::kMaxListedSeries) {
    for (const ingest::NewSeries& n : r.new_series) {
      std::printf("%s: new series %s %s: interval %s\n", r.file.c_str(), n.meter.c_str(),
                  std::string(GetChannelSpec(n.channel).name).c_str(),
                  FormatDuration(n.interval_s).c_str());
    }
  } else {
    for (const auto& [interval_s, count] : r.new_series_intervals) {
      std::printf("%s: %s new series with interval %s\n", r.file.c_str(), Thousands(count).c_str(),
                  FormatDuration(interval_s).c_str());
    }
  }
  for (const std::string& note : r.notes) std::printf("%s: %s\n", r.file.c_str(), note.c_str());
  if (r.slot_check_stopped_after > 0) {
    std::printf(
        "%s: two values for one slot were checked in lines 1..%s only: the check's %zu MiB "
        "index was full, so after that a different value for an earlier slot became a new "
        "version (kept with the old one)\n",
        r.file.c_str(), Thousands(r.slot_check_stopped_after).c_str(),
        ingest::kMaxSlotHistoryBytes >> 20);
  }
  if (round && r.rounded > 0) {
    std::printf("%s: --round changed %s values to the channel's resolution\n", r.file.c_str(),
                Thousands(r.rounded).c_str());
  }
  if (!tz_given && r.naive_times > 0 && r.input_zone.empty()) {
    std::printf(
        "%s: %s timestamps had no UTC offset and were read as UTC (give --tz ZONE if they "
        "are local times)\n",
        r.file.c_str(), Thousands(r.naive_times).c_str());
  }
}

}  // namespace

int RunImport(int argc, char** argv) {
  CLI::App app{"Import interval reads or the grid topology into the store.", "gridline import"};
  app.require_subcommand(1);
  std::vector<std::string> files;
  std::string precision = "n";
  std::string data, meter, tz, channel, label = "start", interval, errors_path, progress = "auto";
  bool strict = false, round = false, register_to_interval = false;
  std::string register_tolerance;
  ingest::CsvFlagText csv_flags;
  int threads = 0;
  size_t commit_every = size_t{4} << 20;
  std::vector<std::pair<CLI::App*, const ingest::InputFormat*>> format_commands;
  for (const ingest::InputFormat& format : ingest::AllInputFormats()) {
    CLI::App* cmd = app.add_subcommand(std::string(format.name), std::string(format.summary));
    format_commands.emplace_back(cmd, &format);
    cmd->add_option("FILE", files, "files to import; - is standard input; .gz is read as gzip")
        ->required();
    cmd->add_option("--data", data, "data directory (default ./gridline-data or $GRIDLINE_DATA)");
    cmd->add_option("--meter", meter, "the meter of every reading of a single-meter file");
    cmd->add_option("--tz", tz, "IANA zone of timestamps without a UTC offset (default UTC)");
    cmd->add_option("--channel", channel, "channel of a value column (e.g. kwh_received, voltage)");
    if (format.name == "csv") {
      cmd->add_option("--columns", csv_flags.columns,
                      "what each column holds: meter=COL,timestamp=COL,kwh=COL (or date=, time=, "
                      "zone=, quality=, channel=, CHANNEL=COL, *), or @FILE");
      cmd->add_option("--time-format", csv_flags.time_format,
                      "timestamp pattern, e.g. '%m/%d/%Y %H:%M' (default ISO 8601)");
      cmd->add_option("--unit", csv_flags.unit,
                      "unit of the values: kwh, wh, mwh, or average kw, w, mw over the interval "
                      "(or COLUMN=UNIT,...)");
      cmd->add_option("--skip", csv_flags.skip, "lines before the header to skip");
    }
    cmd->add_flag("--strict", strict, "accept nothing from a file that has any error");
    cmd->add_flag("--round", round, "round values with too many decimals (half to even)");
    cmd->add_option("--label", label, "timestamps label the interval's start or end")
        ->check(CLI::IsMember({"start", "end"}));
    cmd->add_option("--interval", interval, "interval of new series (e.g. 15m); learned otherwise");
    cmd->add_option("--errors", errors_path, "write every rejected row to this file");
    cmd->add_option("--progress", progress, "auto (a bar on a terminal), bar, lines or none")
        ->check(CLI::IsMember({"auto", "bar", "lines", "none"}));
    cmd->add_option("--threads", threads, "parser threads (default: one per core)")
        ->check(CLI::Range(0, 256));
    if (format.name == "lineproto") {
      cmd->add_option("--precision", precision,
                      "unit of the timestamps: n (default), u, ms, s, m, h")
          ->check(CLI::IsMember({"n", "ns", "u", "us", "ms", "s", "m", "h"}));
    }
    cmd->add_option("--commit-every", commit_every,
                    "readings per durable commit (default 4194304); smaller acknowledges sooner")
        ->check(CLI::Range(size_t{1}, size_t{1} << 26));
    if (format.name == "cmep") {
      cmd->add_flag("--register-to-interval", register_to_interval,
                    "also store register differences as kwh_delivered intervals");
      cmd->add_option("--register-tolerance", register_tolerance,
                      "move register reads this close to an interval boundary onto it (e.g. 5m)");
    }
  }
  ImportTopologyFlags topology_flags;
  CLI::App* topology = AddImportTopologyCommand(&app, &topology_flags);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  if (topology->parsed()) return RunImportTopology(topology_flags);
  const ingest::InputFormat* format = nullptr;
  for (const auto& [cmd, f] : format_commands) {
    if (cmd->parsed()) format = f;
  }

  if (format->name == "nem12" && !tz.empty()) {
    std::fprintf(stderr, "gridline import nem12: %s\n", ingest::kNem12TzRefusal);
    return kExitUsage;
  }
  ingest::ImportOptions options;
  options.meter = meter;
  options.line_protocol.precision = *ingest::ParseLineProtocolPrecision(precision);
  options.strict = strict;
  options.csv.round = round;
  options.parse_threads = threads;
  options.register_to_interval = register_to_interval;
  if (!register_tolerance.empty()) {
    auto s = ParseDurationSeconds(register_tolerance);
    if (!s.ok() || *s < 0) {
      std::fprintf(stderr, "gridline import: --register-tolerance: '%s' is not a duration\n",
                   register_tolerance.c_str());
      return kExitUsage;
    }
    options.register_tolerance_s = *s;
  }
  options.commit_readings = commit_every;
  options.placement.label_end = label == "end";
  if (!tz.empty()) {
    auto zone = TimeZone::Load(tz);
    if (!zone.ok()) {
      std::fprintf(stderr, "gridline import: --tz: %s\n",
                   std::string(zone.status().message()).c_str());
      return kExitUsage;
    }
    options.csv.zone = *zone;
    options.csv.zone_given = true;
  }
  if (absl::Status s = ingest::ApplyCsvFlags(csv_flags, /*allow_files=*/true, &options.csv);
      !s.ok()) {
    std::fprintf(stderr, "gridline import: %s\n", std::string(s.message()).c_str());
    return kExitUsage;
  }
  if (!channel.empty()) {
    options.csv.channel = ChannelFromName(channel);
    if (!options.csv.channel) {
      std::fprintf(stderr, "gridline import: --channel: unknown channel '%s'\n", channel.c_str());
      return kExitUsage;
    }
  }
  if (!interval.empty()) {
    auto s = ParseDurationSeconds(interval);
    if (!s.ok() || !storage::IsValidInterval(*s)) {
      std::fprintf(stderr,
                   "gridline import: --interval: '%s' is not a whole divisor of a day "
                   "(e.g. 1s, 1m, 5m, 15m, 30m, 1h)\n",
                   interval.c_str());
      return kExitUsage;
    }
    options.placement.interval_s = *s;
  }
  std::unique_ptr<std::ofstream> errors_file;
  if (!errors_path.empty()) {
    errors_file = std::make_unique<std::ofstream>(errors_path, std::ios::trunc);
    if (!*errors_file) {
      return Fail("import", absl::UnavailableError(
                                fmt::format("cannot write --errors file '{}'", errors_path)));
    }
  }
  size_t shown = 0;
  options.on_error = [&](const ingest::RowError& e) {
    const std::string line = ingest::FormatRowError(e);
    if (shown < ingest::FileReport::kMaxListedErrors) {
      std::fprintf(stderr, "%s\n", line.c_str());
      ++shown;
    }
    if (errors_file) *errors_file << line << '\n';
  };
  ProgressPrinter::Mode mode = ProgressPrinter::Mode::kNone;
  if (progress == "bar" || (progress == "auto" && ::isatty(2))) mode = ProgressPrinter::Mode::kBar;
  if (progress == "lines") mode = ProgressPrinter::Mode::kLines;
  ProgressPrinter printer(mode);
  options.on_progress = [&](const ingest::ImportProgress& p) { printer.Update(p); };

  auto store = OpenStore(data, /*read_only=*/false);
  if (!store.ok()) return Fail("import", store.status());

  int exit_code = kExitOk;
  ingest::Importer importer((*store)->store(), options);
  for (const std::string& file : files) {
    shown = 0;
    auto report = importer.ImportFile(*format, file);
    printer.Done();
    if (!report.ok()) {
      Fail("import", report.status());
      exit_code = kExitFailure;
      continue;
    }
    PrintReport(*report, round, !tz.empty());
    if (report->refused) {
      exit_code = kExitFailure;
    } else if (report->rejected > 0 && exit_code == kExitOk) {
      exit_code = kExitPartial;
    }
    std::fflush(stdout);
  }
  if (absl::Status s = (*store)->store()->FlushAndCompact(); !s.ok()) return Fail("import", s);
  if (const std::string damage = (*store)->store()->damage(); !damage.empty()) {
    std::fprintf(stderr,
                 "gridline import: warning: the store has damaged data (%s); the readings above "
                 "are stored, but run `gridline check` and `gridline repair`\n",
                 damage.c_str());
  }
  return exit_code;
}

}  // namespace gridline::cli
