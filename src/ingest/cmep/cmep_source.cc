#include "ingest/cmep/cmep_source.h"

#include "fmt/format.h"
#include "ingest/cmep/cmep_parser.h"
#include "ingest/line_parser_source.h"

namespace gridline::ingest {

absl::StatusOr<std::unique_ptr<BlockSource>> OpenCmepSource(std::unique_ptr<InputFile> in,
                                                            const std::string& name,
                                                            const ImportOptions& options) {
  if (!options.meter.empty()) {
    return absl::InvalidArgumentError(
        fmt::format("{}: --meter does not apply: CMEP records name their meters", name));
  }
  cmep::CmepOptions cmep{.round = options.csv.round,
                         .register_to_interval = options.register_to_interval,
                         .register_tolerance_s = options.register_tolerance_s};
  SourceLayout layout;
  layout.first_line = 1;
  layout.field_names = {"value"};
  return MakeLineParserSource(std::move(in), std::make_unique<cmep::CmepParser>(cmep),
                              std::move(layout));
}

}  // namespace gridline::ingest
