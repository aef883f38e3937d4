// topology_file.cc: reading a whole topology file and choosing its reader (topology_file.h).
#include "topology/topology_file.h"

#include "fmt/format.h"
#include "ingest/input_file.h"
#include "topology/csv_topology_reader.h"
#include "topology/geojson_topology_reader.h"

namespace gridline::topology {

TopologyInput ParseTopologyText(std::string_view text, std::string file) {
  size_t i = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
  while (i < text.size() &&
         (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) {
    ++i;
  }
  if (i < text.size() && text[i] == '{') return ParseTopologyGeoJson(text, std::move(file));
  return ParseTopologyCsv(text, std::move(file));
}

absl::StatusOr<TopologyInput> ReadTopologyFile(const std::string& path) {
  absl::StatusOr<std::unique_ptr<ingest::InputFile>> in = ingest::InputFile::Open(path);
  if (!in.ok()) return in.status();
  std::string text;
  constexpr size_t kChunk = size_t{1} << 20;
  for (;;) {
    const size_t old = text.size();
    if (old > kMaxTopologyFileBytes) {
      return absl::ResourceExhaustedError(
          fmt::format("{}: larger than {} bytes; split the topology into several files", path,
                      kMaxTopologyFileBytes));
    }
    text.resize(old + kChunk);
    absl::StatusOr<size_t> n = (*in)->Read(text.data() + old, kChunk);
    if (!n.ok()) return n.status();
    text.resize(old + *n);
    if (*n == 0) break;
  }
  return ParseTopologyText(text, path);
}

}  // namespace gridline::topology
