// greenbutton_source.h: the `greenbutton` input format (input_formats.h): Green Button XML
// (espi_feed_parser.h) or Green Button CSV (gb_csv_parser.h), told apart by the first bytes (a
// `<` after any BOM and spaces is XML). Reads the input in 1 MiB pieces, so a multi-GB file is
// never held whole.
#ifndef GRIDLINE_INGEST_GREENBUTTON_GREENBUTTON_SOURCE_H_
#define GRIDLINE_INGEST_GREENBUTTON_GREENBUTTON_SOURCE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "ingest/block_source.h"
#include "ingest/import_options.h"
#include "ingest/input_file.h"

namespace gridline::ingest {

// The zone of Green Button CSV times when --tz is not given (or is plain UTC): the file names
// none, and PG&E, SCE and SDG&E, whose customers download most of these files, are in it.
inline constexpr char kGreenButtonCsvDefaultZone[] = "America/Los_Angeles";

// Opens `in` (named `name` in messages). InvalidArgument when the start of a CSV is not
// understood (no header, no meter id); an XML feed's errors come from Next().
absl::StatusOr<std::unique_ptr<BlockSource>> OpenGreenButtonSource(std::unique_ptr<InputFile> in,
                                                                   const std::string& name,
                                                                   const ImportOptions& options);

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_GREENBUTTON_GREENBUTTON_SOURCE_H_
