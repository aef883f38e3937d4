// topology_csv_fuzzer: topology CSV files (topology/csv_topology_reader.h), through the same
// choice of reader as `gridline topology import` and PUT /api/v1/topology (topology_file.h)
// when the text does not start with `{`.
#include <algorithm>
#include <string_view>

#include "test/fuzz/fuzz_targets.h"
#include "test/fuzz/topology_fuzzer_util.h"
#include "topology/csv_topology_reader.h"

namespace gridline::fuzz {

bool FuzzTopologyCsv(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const topology::TopologyInput in = topology::ParseTopologyCsv(text, "t.csv");
  const uint64_t lines = 1 + static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n'));
  if (in.records >= lines) std::abort();  // the header is not a record
  return CheckTopologyInput(in, lines);
}

}  // namespace gridline::fuzz

#if defined(GL_FUZZER_topology_csv)
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gridline::fuzz::FuzzTopologyCsv(data, size);
  return 0;
}
#endif
