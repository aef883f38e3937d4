// gridline vee check-rules [FILE]
//   Checks a rules file (docs/vee.md "Rules file"; without FILE, the compiled-in defaults) and
//   prints the effective rules as CSV `channel,class,rule,enabled,severity,parameters`, one row per
//   rule for every channel and class the file names (`*` = any other).
// gridline vee validate --csv FILE [--rules FILE] [--meter ID] [--channel C] [--class C]
//     [--tz ZONE] [--from T] [--to T] [--time-column N] [--date-column N] [--value-column N]
//     [--time-format F] [--unit kwh|kw] [--interval D] [--now T] [--estimated-days N]
//     [--outage] [--format csv|json]
//   Runs the rules over one meter's CSV in monthly windows with history (no store needed) and
//   prints the exceptions; a summary goes to standard error. Exit 0 when it ran.
#include <cstdio>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/vee_commands.h"
#include "fmt/format.h"
#include "vee/rules/exception_output.h"
#include "vee/rules/rules_file.h"
#include "vee/rules/series_csv.h"
#include "vee/rules/validate_months.h"

namespace gridline::cli {
namespace {

absl::StatusOr<vee::RulesFile> LoadRules(const std::string& path) {
  if (path.empty()) return vee::RulesFile();
  return vee::RulesFile::Read(path);
}

void PrintRuleSet(std::string_view channel, std::string_view cls, const vee::RuleSet& set,
                  std::string* out) {
  for (const vee::VeeRuleSpec& spec : vee::AllRules()) {
    std::string params;
    for (const vee::ParamSpec& p : vee::AllParams()) {
      if (p.rule != spec.rule) continue;
      if (!params.empty()) params += ';';
      params += fmt::format("{}={}", p.key, set.value(p.param));
    }
    *out += fmt::format("{},{},{},{},{},{}\n", channel, cls, spec.name,
                        set.enabled(spec.rule) ? "true" : "false",
                        vee::SeverityName(set.severity(spec.rule)), params);
  }
}

}  // namespace

int RunVeeCheckRules(int argc, char** argv) {
  CLI::App app{"Check a VEE rules file and print the effective rules.", "gridline vee check-rules"};
  std::string path;
  app.add_option("file", path, "rules file (TOML; default: the compiled-in defaults)");
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  absl::StatusOr<vee::RulesFile> rules = LoadRules(path);
  if (!rules.ok()) return Fail("vee check-rules", rules.status());
  std::vector<std::string> channels = {"*"};
  for (ChannelKind c : rules->channels()) channels.emplace_back(GetChannelSpec(c).name);
  std::vector<std::string> classes = {"*"};
  for (const std::string& c : rules->classes()) classes.push_back(c);
  std::string out = "channel,class,rule,enabled,severity,parameters\n";
  for (const std::string& ch : channels) {
    // `*` resolves as a channel and a class the file does not name.
    for (const std::string& cls : classes) {
      const std::string_view class_name = cls == "*" ? "" : std::string_view(cls);
      const vee::RuleSet set = ch == "*" ? rules->Resolve(std::nullopt, class_name)
                                         : rules->Resolve(*ChannelFromName(ch), class_name);
      PrintRuleSet(ch, cls, set, &out);
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

int RunVeeValidate(int argc, char** argv) {
  CLI::App app{"Run the VEE validation rules over one meter's CSV and print the exceptions.",
               "gridline vee validate"};
  std::string csv_path, rules_path, meter = "meter", channel = "kwh_delivered",
                                    customer_class = "residential", tz = "UTC", from, to,
                                    unit = "kwh", interval, now, format = "csv";
  vee::SeriesCsvOptions o;
  std::string value_column = "kwh";
  int estimated_days = 0;
  bool outage = false;
  app.add_option("--csv", csv_path, "the meter's readings: a header, then timestamp,kwh rows")
      ->required();
  app.add_option("--rules", rules_path, "rules file (default: the compiled-in defaults)");
  app.add_option("--meter", meter, "meter id printed in the exceptions (default meter)");
  app.add_option("--channel", channel, "channel of the values (default kwh_delivered)");
  app.add_option("--class", customer_class, "customer class (default residential)");
  app.add_option("--tz", tz, "the meter's zone: local days, DST, naive times (default UTC)");
  app.add_option("--from", from, "first instant to validate (default the file's first)");
  app.add_option("--to", to, "end of the validated range, exclusive (default the file's end)");
  app.add_option("--time-column", o.time_column, "column of the times (default timestamp)");
  app.add_option("--date-column", o.date_column, "column of the dates, when apart from the times");
  app.add_option("--value-column", value_column, "column of the values (default kwh)");
  app.add_option("--time-format", o.time_format,
                 "strftime-like format of the times (%m/%d/%Y ...)");
  app.add_option("--unit", unit, "kwh (energy per interval, default) or kw (average power)");
  app.add_option("--interval", interval, "interval (default the smallest spacing in the file)");
  app.add_option("--now", now, "the clock for future timestamps (default: not checked)");
  app.add_option("--estimated-days", estimated_days,
                 "consecutive estimated days before the file (default 0)")
      ->check(CLI::Range(0, 100000));
  app.add_flag("--outage", outage, "the service is known to be out (no zero-consumption check)");
  app.add_option("--format", format, "csv (default) or json");
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  const std::string cmd = "vee validate";
  if (format != "csv" && format != "json") {
    return Fail(cmd, absl::InvalidArgumentError("--format: csv or json"));
  }
  if (unit != "kwh" && unit != "kw")
    return Fail(cmd, absl::InvalidArgumentError("--unit: kwh or kw"));
  const std::optional<ChannelKind> kind = ChannelFromName(channel);
  if (!kind) return Fail(cmd, absl::InvalidArgumentError("--channel: unknown channel " + channel));
  absl::StatusOr<TimeZone> zone = TimeZone::Load(tz);
  if (!zone.ok()) return Fail(cmd, zone.status());
  absl::StatusOr<vee::RulesFile> rules = LoadRules(rules_path);
  if (!rules.ok()) return Fail(cmd, rules.status());
  o.value_columns = {value_column};
  o.zone = tz;
  o.unit_kw = unit == "kw";
  if (!interval.empty()) {
    absl::StatusOr<int64_t> s = ParseDurationSeconds(interval);
    if (!s.ok()) return Fail(cmd, s.status());
    o.interval_s = *s;
  }
  UnixSeconds from_s = INT64_MIN, to_s = INT64_MAX;
  for (auto [text, out] : {std::pair{&from, &from_s}, std::pair{&to, &to_s}}) {
    if (text->empty()) continue;
    absl::StatusOr<UnixSeconds> t = ParseInstant(*text, tz);
    if (!t.ok()) return Fail(cmd, t.status());
    *out = *t;
  }
  absl::StatusOr<vee::SeriesCsv> csv = vee::ReadSeriesCsv(csv_path, o);
  if (!csv.ok()) return Fail(cmd, csv.status());

  vee::MeterWindow base;
  base.meter_id = meter;
  base.channel = *kind;
  base.customer_class = customer_class;
  base.start_s = csv->start_s;
  base.interval_s = csv->interval_s;
  base.value_wh = csv->values_wh[0];
  base.register_reads = csv->registers;
  base.zone = &*zone;
  base.estimated_days_before = estimated_days;
  if (outage) base.service_active = false;
  if (!now.empty()) {
    absl::StatusOr<UnixSeconds> t = ParseInstant(now, tz);
    if (!t.ok()) return Fail(cmd, t.status());
    base.now_s = *t;
  }
  const vee::RuleSet set = rules->Resolve(*kind, customer_class);
  std::vector<vee::VeeException> all;
  size_t slots = 0, replaced = 0, windows = 0;
  absl::Status s = vee::ValidateByMonth(
      base, set, from_s, to_s, [&](const vee::MeterWindow& w, const vee::ValidationResult& r) {
        ++windows;
        slots += w.size();
        replaced += r.replace_count;
        all.insert(all.end(), r.exceptions.begin(), r.exceptions.end());
      });
  if (!s.ok()) return Fail(cmd, s);
  std::string out;
  if (format == "json") {
    out = vee::ExceptionsJson(all);
  } else {
    out = vee::ExceptionsCsvHeader();
    for (const vee::VeeException& e : all) vee::AppendExceptionCsv(e, &out);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fprintf(stderr,
               "%s: %zu rows, %zu slots of %s in %zu monthly windows, %zu exceptions, %zu values "
               "to replace by an estimate\n",
               csv_path.c_str(), csv->rows, slots, FormatDuration(csv->interval_s).c_str(), windows,
               all.size(), replaced);
  return kExitOk;
}

}  // namespace gridline::cli
