// gridline query readings --meter ID --from T --to T [--layer raw|validated] [--versions]
//                        [--channel NAME] [--format csv|json] [--tz ZONE] [--data DIR]
//   prints `timestamp,kwh,quality` (a value column named after the unit for other channels).
// gridline query agg --meter ID --from T --to T --step 15m|1h|1d|1mo --fn sum|min|max|count
//                    [--channel NAME] [--tz ZONE] [--format csv|json] [--data DIR]
//   prints `timestamp,value`, one row per step (an empty value where the step has no reading).
// gridline query rollup ... (query_rollup.cc)
//
// --from is inclusive, --to exclusive, both ISO 8601 (a naive time is read in --tz, default UTC).
// Output labels each interval's start in UTC (`2026-07-01T00:15:00Z`) and prints values with
// exactly the channel's decimals (kWh: 3). Until VEE runs, the validated layer is the latest raw
// version of each slot (CONTRACTS.md).
#include <cstdio>
#include <string>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "cli/query_rollup.h"
#include "common/decimal.h"
#include "common/json_text.h"
#include "common/strings.h"
#include "common/time.h"
#include "common/time_zone.h"
#include "fmt/format.h"
#include "query/aggregate.h"
#include "query/series_reader.h"

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

struct Target {
  storage::SeriesId series;
  storage::SeriesInfo info;
  ChannelKind channel;
};

absl::StatusOr<Target> FindTarget(const storage::Store& store, const std::string& meter,
                                  const std::string& channel_name) {
  auto channel = ChannelFromName(channel_name);
  if (!channel) {
    return absl::InvalidArgumentError(fmt::format("unknown channel '{}'", channel_name));
  }
  auto asset = store.catalog().FindAsset(meter);
  if (!asset) return absl::NotFoundError(fmt::format("unknown meter '{}'", meter));
  auto series = store.catalog().FindSeries(*asset, *channel);
  if (!series) {
    return absl::NotFoundError(fmt::format("meter '{}' has no {} readings", meter,
                                           GetChannelSpec(*channel).name));
  }
  return Target{*series, store.catalog().GetSeries(*series), *channel};
}

// The CSV column of a channel's values: `kwh` for energy in kWh, else `value`.
std::string ValueColumn(ChannelKind c) { return GetChannelSpec(c).unit == "kWh" ? "kwh" : "value"; }

void AppendArrival(const storage::Store& store, storage::BatchId batch, std::string* out) {
  auto info = store.catalog().GetBatch(batch);
  if (!info) return;
  const int64_t s = FloorDiv(info->arrived_at_us, 1'000'000);
  const int64_t ms = (info->arrived_at_us - s * 1'000'000) / 1000;
  std::string iso = FormatIsoUtc(s);
  iso.pop_back();
  out->append(fmt::format("{}.{:03d}Z", iso, ms));
}

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
  auto target = FindTarget(*(*store)->store(), f.meter, f.channel);
  if (!target.ok()) return Fail("query", target.status());
  const int scale = GetChannelSpec(target->channel).scale;
  const std::string column = ValueColumn(target->channel);
  auto view = (*store)->store()->NewReadView();
  Out out;
  const bool json = f.format == "json";
  bool first = true;
  if (json) {
    out.buf() += "{\"meter\":";
    AppendJsonString(f.meter, &out.buf());
    out.buf() += fmt::format(",\"channel\":\"{}\",\"unit\":\"{}\",\"layer\":\"{}\",\"readings\":[",
                             GetChannelSpec(target->channel).name,
                             GetChannelSpec(target->channel).unit, layer);
  } else {
    out.buf() += "timestamp," + column + ",quality" + (versions ? ",arrived_at,status" : "") + "\n";
  }
  auto emit = [&](int64_t time, int64_t value, Quality q, storage::BatchId batch,
                  const char* status) {
    std::string& b = out.buf();
    if (json) {
      if (!first) b.push_back(',');
      b += "{\"timestamp\":\"";
      AppendIsoUtc(time, &b);
      b += "\",\"" + column + "\":";
      AppendScaledDecimal(value, scale, &b);
      b += ",\"quality\":\"";
      b += QualityName(q);
      b.push_back('"');
      if (status != nullptr) {
        b += ",\"arrived_at\":\"";
        AppendArrival(*(*store)->store(), batch, &b);
        b += "\",\"status\":\"";
        b += status;
        b.push_back('"');
      }
      b.push_back('}');
    } else {
      AppendIsoUtc(time, &b);
      b.push_back(',');
      AppendScaledDecimal(value, scale, &b);
      b.push_back(',');
      b += QualityName(q);
      if (status != nullptr) {
        b.push_back(',');
        AppendArrival(*(*store)->store(), batch, &b);
        b.push_back(',');
        b += status;
      }
      b.push_back('\n');
    }
    first = false;
    out.MaybeFlush();
  };

  std::vector<storage::Version> older;
  if (versions) {
    const int64_t interval = target->info.interval_s;
    absl::Status s = view->ForEachVersion(
        target->series, query::SlotAtOrAfter(*from, interval), query::SlotAtOrAfter(*to, interval),
        [&](const storage::Version& v) { older.push_back(v); });
    if (!s.ok()) return Fail("query", s);
  }
  size_t next_old = 0;
  absl::Status s = query::ReadSeriesRange(
      *view, target->series, target->info, *from, *to, [&](const query::ReadingRow& r) {
        if (versions) {
          const int64_t slot = r.time / target->info.interval_s;
          // Superseded versions of earlier slots that no longer hold a value (deleted) first.
          while (next_old < older.size() && older[next_old].slot <= slot) {
            const storage::Version& v = older[next_old++];
            emit(v.slot * target->info.interval_s, v.value, v.quality, v.batch, "superseded");
          }
          emit(r.time, r.value, r.quality, r.batch, "latest");
        } else {
          emit(r.time, r.value, r.quality, r.batch, nullptr);
        }
      });
  for (; versions && next_old < older.size(); ++next_old) {
    const storage::Version& v = older[next_old];
    emit(v.slot * target->info.interval_s, v.value, v.quality, v.batch, "superseded");
  }
  if (!s.ok()) {
    out.Flush();
    return Fail("query", s);
  }
  if (json) out.buf() += "]}\n";
  return kExitOk;
}

int RunAgg(const CommonFlags& f, const std::string& step_text, const std::string& fn_text) {
  auto from = ParseInstant(f.from, f.tz);
  auto to = ParseInstant(f.to, f.tz);
  auto step = ParseStep(step_text);
  auto fn = query::AggFnFromName(fn_text);
  auto zone = TimeZone::Load(f.tz);
  absl::Status bad;
  if (!from.ok()) bad = from.status();
  else if (!to.ok()) bad = to.status();
  else if (!step.ok()) bad = step.status();
  else if (!zone.ok()) bad = zone.status();
  else if (!fn) bad = absl::InvalidArgumentError(fmt::format("--fn: unknown function '{}'", fn_text));
  else if (*from >= *to) bad = absl::InvalidArgumentError("--from must be before --to");
  if (!bad.ok()) {
    std::fprintf(stderr, "gridline query: %s\n", std::string(bad.message()).c_str());
    return kExitUsage;
  }
  auto store = OpenStore(f.data, /*read_only=*/true);
  if (!store.ok()) return Fail("query", store.status());
  auto target = FindTarget(*(*store)->store(), f.meter, f.channel);
  if (!target.ok()) return Fail("query", target.status());
  auto view = (*store)->store()->NewReadView();
  auto rows = query::AggregateSeries(*view, target->series, target->info, *from, *to, *step, *zone);
  if (!rows.ok()) return Fail("query", rows.status());
  const int scale = GetChannelSpec(target->channel).scale;
  Out out;
  const bool json = f.format == "json";
  if (json) {
    out.buf() += "{\"meter\":";
    AppendJsonString(f.meter, &out.buf());
    out.buf() += fmt::format(",\"channel\":\"{}\",\"unit\":\"{}\",\"step\":\"{}\",\"fn\":\"{}\","
                             "\"rows\":[",
                             GetChannelSpec(target->channel).name,
                             GetChannelSpec(target->channel).unit, step_text, fn_text);
  } else {
    out.buf() += "timestamp,value\n";
  }
  bool first = true;
  for (const query::AggRow& r : *rows) {
    std::string& b = out.buf();
    if (json) {
      if (!first) b.push_back(',');
      b += "{\"timestamp\":\"";
      AppendIsoUtc(r.start, &b);
      b += "\",\"value\":";
    } else {
      AppendIsoUtc(r.start, &b);
      b.push_back(',');
    }
    if (*fn == query::AggFn::kCount) {
      AppendInt(static_cast<int64_t>(r.count), &b);
    } else if (r.count == 0) {
      if (json) b += "null";
    } else {
      const int64_t v = *fn == query::AggFn::kSum ? r.sum : *fn == query::AggFn::kMin ? r.min : r.max;
      AppendScaledDecimal(v, scale, &b);
    }
    b += json ? "}" : "\n";
    first = false;
    out.MaybeFlush();
  }
  if (json) out.buf() += "]}\n";
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
  RollupFlags rollup_flags;
  CLI::App* rollup = AddRollupCommand(app, &rollup_flags);
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  if (readings->parsed()) return RunReadings(readings_flags, layer, versions);
  if (rollup->parsed()) return RunRollup(rollup_flags);
  return RunAgg(agg_flags, step, fn);
}

}  // namespace gridline::cli
