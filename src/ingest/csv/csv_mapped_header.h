// csv_mapped_header.h: the layouts of CSV files whose header does not use gridline's own names:
// from a --columns mapping (column_mapping.h), or from a real export's header that gridline
// knows. Internal to src/ingest/csv/ (ParseCsvHeader calls it).
#ifndef GRIDLINE_INGEST_CSV_CSV_MAPPED_HEADER_H_
#define GRIDLINE_INGEST_CSV_CSV_MAPPED_HEADER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ingest/csv/column_mapping.h"
#include "ingest/csv/csv_parser.h"

namespace gridline::ingest {

// The mapping of a header gridline recognises without --columns, or nullopt:
//   `LCLid,tstp,energy(kWh/hh)` (Low Carbon London);
//   `Time Bucket (ZONE)` then columns named `NAME (UNIT)` (Emporia Vue: `(kWatts)`, `(kWhs)`),
//   each a meter of its own, with the timestamps as Emporia writes them (*time_format).
std::optional<ColumnMapping> LearnedMapping(const std::vector<std::string>& columns,
                                            std::optional<TimeFormat>* time_format);

// Fills `layout` (delimiter and columns set) from `mapping`: the column of each role, the value
// columns with their channel, unit and meter. A layout the simple long path can read is left in
// its form (value_col); any other lists value_columns. InvalidArgument naming the entry or
// column for a name the header does not have, a name it has twice, roles that do not go
// together (time without date), a unit the channel cannot take, or two columns that would fill
// the same series.
absl::StatusOr<CsvLayout> MappedLayout(CsvLayout layout, const ColumnMapping& mapping,
                                       const CsvOptions& options);

// A meter id made from a column name: its unit suffix `(kWatts)` dropped, runs of spaces made
// one, control bytes dropped, cut to 128 bytes on a UTF-8 boundary.
std::string MeterIdFromColumn(std::string_view name);

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_CSV_CSV_MAPPED_HEADER_H_
