// gridline query rollup --asset ID --from T --to T --step 15m|1h|1d|1mo
//                       --metric delivered|received|net [--format csv|json] [--tz ZONE]
//                       [--data DIR]
//   prints `timestamp,kwh,meters`: the asset's roll-up (the sum over the meters below it at each
//   instant) per step, the same text as GET /api/v1/assets/{id}/rollup (rollup/rollup_format.h).
//   The asset id `_system` names the whole system: every meter, placed in the grid or not.
#include "cli/query_rollup.h"

#include <cstdio>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "common/time.h"
#include "common/time_zone.h"
#include "fmt/format.h"
#include "query/aggregate.h"
#include "rollup/rollup_format.h"
#include "rollup/rollup_lookup.h"

namespace gridline::cli {

CLI::App* AddRollupCommand(CLI::App& app, RollupFlags* f) {
  CLI::App* cmd = app.add_subcommand("rollup", "print timestamp,kwh,meters of an asset per step");
  cmd->add_option("--asset", f->asset, "asset id (`_system` for the whole system)")->required();
  cmd->add_option("--from", f->from, "start, inclusive (ISO 8601)")->required();
  cmd->add_option("--to", f->to, "end, exclusive (ISO 8601)")->required();
  cmd->add_option("--step", f->step, "15m, 1h, 1d or 1mo")->required();
  cmd->add_option("--metric", f->metric, "delivered, received or net")
      ->required()
      ->check(CLI::IsMember({"delivered", "received", "net"}));
  cmd->add_option("--format", f->format, "csv or json")->check(CLI::IsMember({"csv", "json"}));
  cmd->add_option("--tz", f->tz, "zone of naive --from/--to and of 1d/1mo steps (default UTC)");
  cmd->add_option("--layer", f->layer, "validated (default: estimates counted) or raw")
      ->check(CLI::IsMember({"raw", "validated"}));
  cmd->add_option("--data", f->data, "data directory (default ./gridline-data or $GRIDLINE_DATA)");
  return cmd;
}

int RunRollup(const RollupFlags& f) {
  auto range = ParseSteppedRange(f.from, f.to, f.step, f.tz);
  if (!range.ok()) {
    std::fprintf(stderr, "gridline query: %s\n", std::string(range.status().message()).c_str());
    return kExitUsage;
  }
  auto db = OpenStore(f.data, /*read_only=*/true);
  if (!db.ok()) return Fail("query", db.status());
  const storage::Store& store = *(*db)->store();
  auto asset = rollup::FindRollupAsset(store.catalog(), f.asset);
  if (!asset.ok()) return Fail("query", asset.status());
  auto view = store.NewReadView();
  auto rows =
      rollup::ReadRollup(*view, *asset, range->from, range->to, range->step, range->zone,
                         query::kLocalMaxBuckets, Deadline(), *query::LayerFromName(f.layer));
  if (!rows.ok()) return Fail("query", rows.status());
  const rollup::RollupMetric metric = *rollup::RollupMetricFromName(f.metric);
  std::string out;
  if (f.format == "json") {
    rollup::AppendRollupJson(f.asset, f.metric, f.step, *rows, &out);
  } else {
    rollup::AppendRollupCsvHeader(&out);
    for (const rollup::RollupRow& r : *rows) rollup::AppendRollupCsvRow(r, metric, &out);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace gridline::cli
