#include "ingest/input_formats.h"

#include "ingest/csv_source.h"
#include "ingest/greenbutton/greenbutton_source.h"

namespace gridline::ingest {

namespace {

absl::StatusOr<std::unique_ptr<BlockSource>> OpenCsv(std::unique_ptr<InputFile> in,
                                                     const std::string& name,
                                                     const ImportOptions& options) {
  CsvOptions csv = options.csv;
  if (!options.meter.empty()) csv.meter_id = options.meter;
  return OpenCsvSource(std::move(in), name, csv, options.parse_threads);
}

constexpr InputFormat kFormats[] = {
    {.name = "csv",
     .summary = "CSV, long (meter_id,timestamp,kwh) or wide (meter_id,date,24/48/96 intervals)",
     .media_type = "text/csv",
     .open = OpenCsv},
    {.name = "greenbutton",
     .summary = "Green Button: ESPI XML feeds or the utilities' Download My Data CSV (costs kept)",
     .media_type = "application/atom+xml",
     .open = OpenGreenButtonSource},
};

}  // namespace

std::span<const InputFormat> AllInputFormats() { return kFormats; }

const InputFormat* FindInputFormat(std::string_view name) {
  for (const InputFormat& f : kFormats) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace gridline::ingest
