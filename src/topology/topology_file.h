// topology_file.h: reads a topology file of either format from disk or standard input: a
// GeoJSON FeatureCollection (geojson_topology_reader.h) when its first non-blank character is
// `{`, else a CSV (csv_topology_reader.h). Gzip is detected by its magic bytes
// (ingest/input_file.h), so grid.csv.gz and grid.geojson.gz work as well as `-`.
#ifndef GRIDLINE_TOPOLOGY_TOPOLOGY_FILE_H_
#define GRIDLINE_TOPOLOGY_TOPOLOGY_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "topology/topology_input.h"

namespace gridline::topology {

// A topology file is read whole; past this it is refused (a 5.5-million-meter utility's CSV is
// about 600 MB).
inline constexpr size_t kMaxTopologyFileBytes = size_t{2} << 30;

// Reads and parses `path` ("-": standard input). Input errors are in the result's errors; the
// Status fails only when the file cannot be read (NotFound, PermissionDenied, DataLoss for a
// corrupt gzip stream, ResourceExhausted past kMaxTopologyFileBytes).
absl::StatusOr<TopologyInput> ReadTopologyFile(const std::string& path);

// Parses `text` already in memory, choosing the format as ReadTopologyFile does.
TopologyInput ParseTopologyText(std::string_view text, std::string file);

}  // namespace gridline::topology

#endif  // GRIDLINE_TOPOLOGY_TOPOLOGY_FILE_H_
