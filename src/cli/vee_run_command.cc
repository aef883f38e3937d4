// gridline vee run [--data DIR] [--from T] [--to T] [--meters ID,...] [--tz ZONE] [--rules FILE]
//                  [--holidays FILE] [--now T] [--threads N] [--dry-run] [--report FILE|-]
//                  [--restart] [--quiet]
//   runs VEE over the archive (vee/run/vee_run.h): the rules, the default estimates and the
//   exceptions of every judged series, committed to the validated layer block by block, with
//   progress on standard error, a checkpoint to resume from after a kill, and a before/after
//   report per meter and rule (--report; with --dry-run nothing is committed). Exit 0 when it
//   ran, whatever it found.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/vee_commands.h"
#include "common/time.h"
#include "common/toml_text.h"
#include "fmt/format.h"
#include "vee/estimate/holiday_list.h"
#include "vee/run/vee_run.h"

namespace gridline::cli {

namespace {

// The text of a rules or holiday file, at most kMaxTomlBytes.
absl::StatusOr<std::string> ReadSmallFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(fmt::format("{}: cannot read the file", path));
  std::string text(kMaxTomlBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMaxTomlBytes) {
    return absl::InvalidArgumentError(fmt::format("{}: larger than {} bytes", path, kMaxTomlBytes));
  }
  return text;
}

int Usage(const std::string& why) {
  std::fprintf(stderr, "gridline vee run: %s\n", why.c_str());
  return kExitUsage;
}

void PrintProgress(const vee::VeeRunStats& s) {
  const uint64_t done = s.series_done + s.series_resumed;
  const double rate = s.seconds > 0 ? static_cast<double>(s.readings) / s.seconds : 0;
  std::fprintf(stderr, "vee run: %s/%s series (%.1f %%), %s readings, %.2f M readings/s, %.1f s\n",
               Thousands(done).c_str(), Thousands(s.series_total).c_str(),
               s.series_total > 0
                   ? 100.0 * static_cast<double>(done) / static_cast<double>(s.series_total)
                   : 100.0,
               Thousands(s.readings).c_str(), rate / 1e6, s.seconds);
}

}  // namespace

int RunVeeRun(int argc, char** argv) {
  CLI::App app{"Run VEE over the archive into the validated layer.", "gridline vee run"};
  std::string data, from_text, to_text, meters, tz = "UTC", rules_path, holidays_path, now_text,
                                                report_path;
  vee::VeeRunOptions options;
  bool quiet = false;
  app.add_option("--data", data, "data directory (default ./gridline-data or $GRIDLINE_DATA)");
  app.add_option("--from", from_text, "first interval judged (ISO 8601; default the first read)");
  app.add_option("--to", to_text, "end of the range, exclusive (default after the last read)");
  app.add_option("--meters", meters, "only these meters (comma-separated ids)");
  app.add_option("--tz", tz,
                 "the meters' zone: local days, months, DST; naive times (default UTC)");
  app.add_option("--rules", rules_path, "rules file (TOML; default the compiled-in defaults)");
  app.add_option("--holidays", holidays_path, "holiday list for like days (data/holidays/*.txt)");
  app.add_option("--now", now_text, "the clock for the future-timestamp rule (default now)");
  app.add_option("--threads", options.threads, "worker threads (default every core)")
      ->check(CLI::Range(0, 256));
  app.add_flag("--dry-run", options.dry_run, "plan and report, commit nothing");
  app.add_option("--report", report_path, "write the before/after report (CSV) here; - = stdout");
  app.add_flag("--restart", options.restart, "ignore a checkpoint and start from the beginning");
  app.add_flag("--quiet", quiet, "no progress lines");
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  options.zone = tz;
  if (!from_text.empty()) {
    auto t = ParseInstant(from_text, tz);
    if (!t.ok()) return Usage("--from: " + std::string(t.status().message()));
    options.from_s = *t;
  }
  if (!to_text.empty()) {
    auto t = ParseInstant(to_text, tz);
    if (!t.ok()) return Usage("--to: " + std::string(t.status().message()));
    options.to_s = *t;
  }
  if (options.to_s <= options.from_s) return Usage("--to must be after --from");
  if (!meters.empty()) {
    for (absl::string_view m : absl::StrSplit(meters, ',', absl::SkipWhitespace())) {
      options.meters.emplace_back(m.data(), m.size());
    }
  }
  if (!rules_path.empty()) {
    auto text = ReadSmallFile(rules_path);
    if (!text.ok()) return Fail("vee run", text.status());
    auto rules = vee::RulesFile::Parse(*text, rules_path);
    if (!rules.ok()) return Fail("vee run", rules.status());
    options.rules = std::move(*rules);
    options.rules_text = std::move(*text);
  }
  if (!holidays_path.empty()) {
    auto text = ReadSmallFile(holidays_path);
    if (!text.ok()) return Fail("vee run", text.status());
    auto holidays = vee::ParseHolidayList(*text, holidays_path);
    if (!holidays.ok()) return Fail("vee run", holidays.status());
    options.holidays = std::move(*holidays);
    options.holidays_text = std::move(*text);
  }
  if (!now_text.empty()) {
    auto t = ParseInstant(now_text, tz);
    if (!t.ok()) return Usage("--now: " + std::string(t.status().message()));
    options.now_s = *t;
  } else {
    // Whole hours, so a run resumed within the hour keeps its signature.
    const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    options.now_s = now / 3600 * 3600;
  }
  options.report = !report_path.empty();
  auto engine = OpenStore(data, /*read_only=*/options.dry_run);
  if (!engine.ok()) return Fail("vee run", engine.status());
  absl::StatusOr<vee::VeeRunStats> stats =
      vee::RunVee(**engine, options, quiet ? vee::VeeRunProgress() : PrintProgress);
  if (!stats.ok()) return Fail("vee run", stats.status());
  FILE* summary = report_path == "-" ? stderr : stdout;
  std::fprintf(
      summary,
      "%s %s series (%s resumed from a checkpoint), %s readings in %.2f s (%.2f CPU s): "
      "%s replaced, %s estimated, %s missing; %s values changed; %s exceptions found, %s "
      "created or updated, %s superseded%s\n",
      options.dry_run ? "would judge" : "judged", Thousands(stats->series_total).c_str(),
      Thousands(stats->series_resumed).c_str(), Thousands(stats->readings).c_str(), stats->seconds,
      stats->cpu_seconds, Thousands(stats->replaced).c_str(), Thousands(stats->estimated).c_str(),
      Thousands(stats->missing).c_str(), Thousands(stats->values_changed).c_str(),
      Thousands(stats->exceptions).c_str(), Thousands(stats->exceptions_changed).c_str(),
      Thousands(stats->exceptions_deleted).c_str(),
      stats->stale > 0
          ? fmt::format("; {} slots left for the next run (new reads)", stats->stale).c_str()
          : "");
  if (options.report) {
    const std::string csv = vee::FormatVeeReport(stats->report);
    if (report_path == "-") {
      std::fwrite(csv.data(), 1, csv.size(), stdout);
    } else {
      std::ofstream out(report_path, std::ios::binary | std::ios::trunc);
      out << csv;
      if (!out) return Fail("vee run", absl::InternalError(report_path + ": cannot write"));
    }
  }
  return kExitOk;
}

}  // namespace gridline::cli
