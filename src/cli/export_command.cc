// gridline export greenbutton --meter ID --from T --to T [--out FILE] [--data DIR] [--tz ZONE]
//
// Writes one meter's readings in [from, to) as a Green Button (ESPI) feed
// (ingest/greenbutton/espi_feed_writer.h) to FILE or standard output, streamed from one snapshot.
// `gridline import greenbutton` reads it back to the same readings.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/cli_util.h"
#include "cli/commands.h"
#include "common/time.h"
#include "ingest/greenbutton/espi_feed_writer.h"

namespace gridline::cli {

int RunExport(int argc, char** argv) {
  CLI::App app{"Export readings in a standard format.", "gridline export"};
  app.require_subcommand(1);
  CLI::App* gb = app.add_subcommand("greenbutton", "one meter as a Green Button (ESPI) XML feed");
  std::string meter, from_text, to_text, out_path, data, tz;
  gb->add_option("--meter", meter, "meter id")->required();
  gb->add_option("--from", from_text, "start, inclusive (ISO 8601)")->required();
  gb->add_option("--to", to_text, "end, exclusive (ISO 8601)")->required();
  gb->add_option("--out", out_path, "file to write (default standard output)");
  gb->add_option("--tz", tz, "zone of naive --from/--to (default UTC)");
  gb->add_option("--data", data, "data directory (default ./gridline-data or $GRIDLINE_DATA)");
  if (int rc = ParseArgs(app, argc, argv); rc >= 0) return rc;
  auto from = ParseInstant(from_text, tz);
  auto to = ParseInstant(to_text, tz);
  if (!from.ok() || !to.ok()) {
    std::fprintf(stderr, "gridline export: %s\n",
                 std::string((!from.ok() ? from : to).status().message()).c_str());
    return kExitUsage;
  }
  if (*from >= *to) {
    std::fprintf(stderr, "gridline export: --from must be before --to\n");
    return kExitUsage;
  }
  auto store = OpenStore(data, /*read_only=*/true);
  if (!store.ok()) return Fail("export", store.status());
  std::unique_ptr<FILE, int (*)(FILE*)> file(nullptr, &std::fclose);
  FILE* out = stdout;
  if (!out_path.empty()) {
    file.reset(std::fopen(out_path.c_str(), "wb"));
    if (file == nullptr) {
      return Fail("export", absl::UnavailableError("cannot write --out file '" + out_path + "'"));
    }
    out = file.get();
  }
  ingest::EspiExportRequest request{meter, *from, *to, 0};
  auto written = ingest::WriteEspiFeed((*store)->store(), request, [out](std::string_view piece) {
    if (std::fwrite(piece.data(), 1, piece.size(), out) != piece.size()) {
      return absl::UnavailableError("writing the feed failed");
    }
    return absl::OkStatus();
  });
  if (!written.ok()) return Fail("export", written.status());
  if (std::fflush(out) != 0)
    return Fail("export", absl::UnavailableError("writing the feed failed"));
  if (!out_path.empty()) {
    std::fprintf(stderr, "%s: %llu readings of meter %s\n", out_path.c_str(),
                 static_cast<unsigned long long>(*written), meter.c_str());
  }
  return kExitOk;
}

}  // namespace gridline::cli
