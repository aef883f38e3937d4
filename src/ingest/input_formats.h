// input_formats.h: the formats of interval reads gridline imports, one row each. A row names the
// `gridline import FORMAT` subcommand and the `POST /api/v1/ingest/FORMAT` route, and opens the
// format's BlockSource (block_source.h) on an input; everything after that (placing, writing,
// the report) is the importer's and the same for every format. docs/import.md describes each.
#ifndef GRIDLINE_INGEST_INPUT_FORMATS_H_
#define GRIDLINE_INGEST_INPUT_FORMATS_H_

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "ingest/block_source.h"
#include "ingest/import_options.h"
#include "ingest/input_file.h"

namespace gridline::ingest {

struct InputFormat {
  std::string_view name;        // "csv"
  std::string_view summary;     // one line for `--help` and the API document
  std::string_view media_type;  // of an HTTP body: "text/csv"
  // Opens the source of `in`, named `name` in messages and row errors.
  absl::StatusOr<std::unique_ptr<BlockSource>> (*open)(std::unique_ptr<InputFile> in,
                                                       const std::string& name,
                                                       const ImportOptions& options);
};

// Every format, in the order `--help` lists them.
std::span<const InputFormat> AllInputFormats();

// The format named `name`; nullptr when there is none.
const InputFormat* FindInputFormat(std::string_view name);

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_INPUT_FORMATS_H_
