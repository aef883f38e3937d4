#include "ingest/nem12/nem12_source.h"

#include "fmt/format.h"
#include "ingest/line_parser_source.h"
#include "ingest/nem12/nem12_parser.h"

namespace gridline::ingest {

absl::StatusOr<std::unique_ptr<BlockSource>> OpenNem12Source(std::unique_ptr<InputFile> in,
                                                             const std::string& name,
                                                             const ImportOptions& options) {
  if (!options.meter.empty()) {
    return absl::InvalidArgumentError(
        fmt::format("{}: --meter does not apply: NEM12 names its meters by NMI", name));
  }
  if (options.csv.zone_given) {
    return absl::InvalidArgumentError(fmt::format("{}: {}", name, kNem12TzRefusal));
  }
  SourceLayout layout;
  layout.first_line = 1;
  layout.field_names = {"value"};
  return MakeLineParserSource(
      std::move(in), std::make_unique<nem12::Nem12Parser>(nem12::Nem12Options{options.csv.round}),
      std::move(layout));
}

}  // namespace gridline::ingest
