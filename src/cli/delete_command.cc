// gridline delete readings --meter ID --from T --to T [--channel NAME] [--data DIR]
//
// Deletes a meter's readings in [from, to). Nothing is lost: each deleted value is kept as a
// superseded version (`query readings --versions` shows it) and the deletion leaves one audit
// record. Prints how many readings were deleted.
#include <cstdio>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "common/time.h"
#include "fmt/format.h"
#include "query/series_reader.h"

namespace gridline::cli {

int RunDelete(int argc, char** argv) {
  CLI::App app{"Delete a meter's readings in a time range (kept as versions).", "gridline delete"};
  app.require_subcommand(1);
  CLI::App* readings = app.add_subcommand("readings", "delete readings of one meter's channel");
  std::string data, meter, from_text, to_text, channel_name = "kwh_delivered", tz;
  readings->add_option("--meter", meter, "meter id")->required();
  readings->add_option("--from", from_text, "start, inclusive (ISO 8601)")->required();
  readings->add_option("--to", to_text, "end, exclusive (ISO 8601)")->required();
  readings->add_option("--channel", channel_name, "channel (default kwh_delivered)");
  readings->add_option("--tz", tz, "zone of naive --from/--to (default UTC)");
  readings->add_option("--data", data, "data directory (default ./gridline-data or $GRIDLINE_DATA)");
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  auto from = ParseInstant(from_text, tz);
  auto to = ParseInstant(to_text, tz);
  auto channel = ChannelFromName(channel_name);
  if (!from.ok() || !to.ok() || !channel || *from >= *to) {
    const std::string why = !from.ok()   ? std::string(from.status().message())
                            : !to.ok()   ? std::string(to.status().message())
                            : !channel   ? fmt::format("unknown channel '{}'", channel_name)
                                         : std::string("--from must be before --to");
    std::fprintf(stderr, "gridline delete: %s\n", why.c_str());
    return kExitUsage;
  }
  auto store = OpenStore(data, /*read_only=*/false);
  if (!store.ok()) return Fail("delete", store.status());
  auto asset = (*store)->store()->catalog().FindAsset(meter);
  if (!asset) return Fail("delete", absl::NotFoundError(fmt::format("unknown meter '{}'", meter)));
  auto series = (*store)->store()->catalog().FindSeries(*asset, *channel);
  if (!series) {
    return Fail("delete", absl::NotFoundError(fmt::format("meter '{}' has no {} readings", meter,
                                                          GetChannelSpec(*channel).name)));
  }
  const int64_t interval = (*store)->store()->catalog().GetSeries(*series).interval_s;
  auto deleted = (*store)->store()->DeleteRange(*series, query::SlotAtOrAfter(*from, interval),
                                       query::SlotAtOrAfter(*to, interval));
  if (!deleted.ok()) return Fail("delete", deleted.status());
  if (absl::Status s = (*store)->store()->FlushAndCompact(); !s.ok()) return Fail("delete", s);
  std::printf("deleted %s readings of %s %s (kept as superseded versions)\n",
              Thousands(*deleted).c_str(), meter.c_str(), GetChannelSpec(*channel).name.data());
  return kExitOk;
}

}  // namespace gridline::cli
