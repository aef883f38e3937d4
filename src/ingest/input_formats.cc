#include "ingest/input_formats.h"

#include "ingest/cmep/cmep_source.h"
#include "ingest/csv_source.h"
#include "ingest/lineproto/line_protocol_source.h"
#include "ingest/nem12/nem12_source.h"
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

absl::StatusOr<std::unique_ptr<BlockSource>> OpenLineProtocol(std::unique_ptr<InputFile> in,
                                                              const std::string& /*name*/,
                                                              const ImportOptions& options) {
  return OpenLineProtocolSource(std::move(in), options.line_protocol);
}

constexpr InputFormat kFormats[] = {
    {.name = "csv",
     .summary = "CSV, long (meter_id,timestamp,kwh), wide (meter_id,date,24/48/96 intervals) or "
                "any other header with --columns",
     .media_type = "text/csv",
     .open = OpenCsv},
    {.name = "lineproto",
     .summary = "InfluxDB line protocol (kwh,meter=M1 value=0.25 1719792000000000000)",
     .media_type = "text/plain",
     .open = OpenLineProtocol},
    {.name = "cmep",
     .summary = "CMEP MEPMD01 interval records (California Metering Exchange Protocol)",
     .media_type = "text/plain",
     .open = OpenCmepSource},
    {.name = "nem12",
     .summary = "NEM12 interval data (AEMO, Australia): 200 streams, 300 days, 400 qualities",
     .media_type = "text/csv",
     .open = OpenNem12Source},
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
