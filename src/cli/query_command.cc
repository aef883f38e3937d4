// gridline query readings --meter ID --from T --to T [--layer raw|validated] [--versions]
//                        [--channel NAME] [--format csv|json] [--tz ZONE] [--data DIR]
//   prints `timestamp,kwh,quality` (a value column named after the unit for other channels).
// gridline query agg --meter ID --from T --to T --step 15m|1h|1d|1mo --fn sum|min|max|count
//                    [--channel NAME] [--tz ZONE] [--format csv|json] [--data DIR]
//   prints `timestamp,value`, one row per step (an empty value where the step has no reading).
// gridline query history --meter ID --timestamp T [--channel NAME] [--format csv|json] [--data DIR]
//   prints every version of one reading, raw and validated, with who, when and why
//   (vee/history_output.h).
// gridline query rollup ... (query_rollup.cc)
//
// --from is inclusive, --to exclusive, both ISO 8601 (a naive time is read in --tz, default UTC).
// Output labels each interval's start in UTC (`2026-07-01T00:15:00Z`) and prints values with
// exactly the channel's decimals (kWh: 3): the text is query/readings_output.h's and
// query/agg_output.h's, shared with the HTTP API. The validated layer (the default) shows VEE's and
// users' values over the latest raw version of each slot (docs/validated_layer.md).
#include <cstdio>
#include <string>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/query_rollup.h"
#include "common/time.h"
#include "common/time_zone.h"
#include "fmt/format.h"
#include "query/agg_output.h"
#include "query/aggregate.h"
#include "query/meter_series.h"
#include "query/readings_output.h"
#include "vee/history_output.h"

namespace gridline::cli {

namespace {

// Buffered stdout: one fwrite per megabyte.
class Out {
 public:
  ~Out() { Flush(); }
  std::string& buf() { return buf_; }
  void MaybeFlush() {
    if (buf_.size() > (1 << 20)) Flush();
  }
  void Flush() {
    std::fwrite(buf_.data(), 1, buf_.size(), stdout);
    buf_.clear();
  }

 private:
  std::string buf_;
};

struct CommonFlags {
  std::string data, meter, from, to, channel = "kwh_delivered", format = "csv", tz;
};

void AddCommon(CLI::App* cmd, CommonFlags* f) {
  cmd->add_option("--meter", f->meter, "meter id")->required();
  cmd->add_option("--from", f->from, "start, inclusive (ISO 8601)")->required();
  cmd->add_option("--to", f->to, "end, exclusive (ISO 8601)")->required();
  cmd->add_option("--channel", f->channel, "channel (default kwh_delivered)");
  cmd->add_option("--format", f->format, "csv or json")->check(CLI::IsMember({"csv", "json"}));
  cmd->add_option("--tz", f->tz, "zone of naive --from/--to and of 1d/1mo steps (default UTC)");
  cmd->add_option("--data", f->data, "data directory (default ./gridline-data or $GRIDLINE_DATA)");
}

query::OutputFormat FormatOf(const CommonFlags& f) {
  return f.format == "json" ? query::OutputFormat::kJson : query::OutputFormat::kCsv;
}

int RunReadings(const CommonFlags& f, const std::string& layer, bool versions) {
  auto from = ParseInstant(f.from, f.tz);
  auto to = ParseInstant(f.to, f.tz);
  if (!from.ok() || !to.ok()) {
    std::fprintf(stderr, "gridline query: %s\n",
                 std::string((!from.ok() ? from : to).status().message()).c_str());
    return kExitUsage;
  }
  if (*from >= *to) {
    std::fprintf(stderr, "gridline query: --from must be before --to\n");
    return kExitUsage;
  }
  auto store = OpenStore(f.data, /*read_only=*/true);
  if (!store.ok()) return Fail("query", store.status());
  // The snapshot first: the series' coverage then includes everything it holds.
  auto view = (*store)->store()->NewReadView();
  auto target = query::FindMeterSeries((*store)->store()->catalog(), f.meter, f.channel);
  if (!target.ok()) return Fail("query", target.status());
  query::ReadingsRequest request;
  request.target = *std::move(target);
  request.from = *from;
  request.to = *to;
  request.layer = layer;
  request.versions = versions;
  query::ReadingsOutput output(std::move(view), std::move(request), FormatOf(f));
  Out out;
  while (true) {
    auto more = output.Next(&out.buf());
    if (!more.ok()) {
      out.Flush();
      return Fail("query", more.status());
    }
    if (!*more) break;
    out.MaybeFlush();
  }
  return kExitOk;
}

int RunAgg(const CommonFlags& f, const std::string& step_text, const std::string& fn_text) {
  auto range = ParseSteppedRange(f.from, f.to, step_text, f.tz);
  auto fn = query::AggFnFromName(fn_text);
  absl::Status bad = range.status();
  if (bad.ok() && !fn) {
    bad = absl::InvalidArgumentError(fmt::format("--fn: unknown function '{}'", fn_text));
  }
  if (!bad.ok()) {
    std::fprintf(stderr, "gridline query: %s\n", std::string(bad.message()).c_str());
    return kExitUsage;
  }
  auto store = OpenStore(f.data, /*read_only=*/true);
  if (!store.ok()) return Fail("query", store.status());
  auto view = (*store)->store()->NewReadView();
  auto target = query::FindMeterSeries((*store)->store()->catalog(), f.meter, f.channel);
  if (!target.ok()) return Fail("query", target.status());
  auto rows = query::AggregateSeries(*view, target->series, target->info, range->from, range->to,
                                     range->step, range->zone, query::kLocalMaxBuckets);
  if (!rows.ok()) return Fail("query", rows.status());
  Out out;
  query::AppendAggOutput({&*target, step_text, *fn, fn_text}, *rows, FormatOf(f), &out.buf());
  return kExitOk;
}

int RunHistory(const CommonFlags& f, const std::string& timestamp) {
  auto at = ParseInstant(timestamp, f.tz);
  if (!at.ok()) {
    std::fprintf(stderr, "gridline query: --timestamp: %s\n",
                 std::string(at.status().message()).c_str());
    return kExitUsage;
  }
  auto store = OpenStore(f.data, /*read_only=*/true);
  if (!store.ok()) return Fail("query", store.status());
  auto view = (*store)->store()->NewReadView();
  auto target = query::FindMeterSeries((*store)->store()->catalog(), f.meter, f.channel);
  if (!target.ok()) return Fail("query", target.status());
  auto events = vee::ReadHistory(*view, *target, *at);
  if (!events.ok()) return Fail("query", events.status());
  Out out;
  out.buf() = vee::HistoryText(*target, *at, *events, FormatOf(f));
  return kExitOk;
}

}  // namespace

int RunQuery(int argc, char** argv) {
  CLI::App app{"Read a meter's readings or aggregates.", "gridline query"};
  app.require_subcommand(1);
  CommonFlags readings_flags, agg_flags;
  std::string layer = "validated", step, fn;
  bool versions = false;
  CLI::App* readings = app.add_subcommand("readings", "print timestamp,kwh,quality");
  AddCommon(readings, &readings_flags);
  readings->add_option("--layer", layer, "raw or validated (default validated)")
      ->check(CLI::IsMember({"raw", "validated"}));
  readings->add_flag("--versions", versions, "also print superseded raw versions and arrival");
  CLI::App* agg = app.add_subcommand("agg", "print timestamp,value per step");
  AddCommon(agg, &agg_flags);
  agg->add_option("--step", step, "15m, 1h, 1d or 1mo")->required();
  agg->add_option("--fn", fn, "sum, min, max or count")->required();
  CommonFlags history_flags;
  std::string timestamp;
  CLI::App* history = app.add_subcommand("history",
                                         "print every version of one reading: received, estimated, "
                                         "edited, with who, when and why");
  history->add_option("--meter", history_flags.meter, "meter id")->required();
  history->add_option("--timestamp", timestamp, "start of the interval (ISO 8601)")->required();
  history->add_option("--channel", history_flags.channel, "channel (default kwh_delivered)");
  history->add_option("--format", history_flags.format, "csv or json")
      ->check(CLI::IsMember({"csv", "json"}));
  history->add_option("--tz", history_flags.tz, "zone of a naive --timestamp (default UTC)");
  history->add_option("--data", history_flags.data,
                      "data directory (default ./gridline-data or $GRIDLINE_DATA)");
  RollupFlags rollup_flags;
  CLI::App* rollup = AddRollupCommand(app, &rollup_flags);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  if (readings->parsed()) return RunReadings(readings_flags, layer, versions);
  if (rollup->parsed()) return RunRollup(rollup_flags);
  if (history->parsed()) return RunHistory(history_flags, timestamp);
  return RunAgg(agg_flags, step, fn);
}

}  // namespace gridline::cli
