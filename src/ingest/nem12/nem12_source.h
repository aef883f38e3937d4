// nem12_source.h: NEM12 files (nem12_parser.h) as a BlockSource (block_source.h), the `nem12`
// row of input_formats.h.
#ifndef GRIDLINE_INGEST_NEM12_NEM12_SOURCE_H_
#define GRIDLINE_INGEST_NEM12_NEM12_SOURCE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "ingest/block_source.h"
#include "ingest/import_options.h"
#include "ingest/input_file.h"

namespace gridline::ingest {

// Why `--tz` (or `?tz=`) is refused for NEM12: the market fixes the format's time, so a zone
// could only be ignored, and a user who gives one expects it to change what is stored.
inline constexpr char kNem12TzRefusal[] =
    "a time zone (--tz, ?tz=) does not apply: NEM12 times are NEM time, UTC+10 all year, fixed by "
    "the market "
    "(docs/import.md \"NEM12\")";

// InvalidArgument when --meter is given (NEM12 names meters by NMI) or a zone is
// (options.csv.zone_given: kNem12TzRefusal); every problem of the input itself is a row error.
absl::StatusOr<std::unique_ptr<BlockSource>> OpenNem12Source(std::unique_ptr<InputFile> in,
                                                             const std::string& name,
                                                             const ImportOptions& options);

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_NEM12_NEM12_SOURCE_H_
