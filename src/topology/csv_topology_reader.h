// csv_topology_reader.h: reads a topology CSV: a header naming at least asset_id, kind,
// parent_id, lat and lon (any order, any case), then one asset per row (the columns of
// asset_row_builder.h; any other column is a free attribute). Several rows of one asset with
// different valid_from place it under different parents over time.
//
// Text: UTF-8 with or without a BOM, LF or CRLF line ends, fields split by
// ingest/csv/csv_fields.h (RFC 4180 quotes with "" for a quote; a quoted field does not span
// lines), comma-separated unless the header is separated by more semicolons or tabs. Blank lines
// are skipped; at most kMaxColumns columns. Reading files (gzip, standard input) is
// topology_file.h's job.
#ifndef GRIDLINE_TOPOLOGY_CSV_TOPOLOGY_READER_H_
#define GRIDLINE_TOPOLOGY_CSV_TOPOLOGY_READER_H_

#include <string>
#include <string_view>

#include "topology/topology_input.h"

namespace gridline::topology {

// Parses the whole file `text`; `file` names it in errors. Never fails as a call: every problem
// is an input error (a bad header stops before the rows).
TopologyInput ParseTopologyCsv(std::string_view text, std::string file);

}  // namespace gridline::topology

#endif  // GRIDLINE_TOPOLOGY_CSV_TOPOLOGY_READER_H_
