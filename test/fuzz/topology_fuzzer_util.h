// topology_fuzzer_util.h: the promises both topology readers keep, checked by their fuzz targets
// (topology_csv_fuzzer.cc, topology_geojson_fuzzer.cc): every error has a field and a reason
// and a message of bounded size, and no record is lost: each becomes an asset or a route, or
// has an error.
#ifndef GRIDLINE_TEST_FUZZ_TOPOLOGY_FUZZER_UTIL_H_
#define GRIDLINE_TEST_FUZZ_TOPOLOGY_FUZZER_UTIL_H_

#include <cstdlib>

#include "topology/topology_input.h"

namespace gridline::fuzz {

inline bool CheckTopologyInput(const topology::TopologyInput& in, uint64_t max_line) {
  if (in.errors.size() > in.error_count || in.errors.size() > topology::kMaxKeptErrors) {
    std::abort();
  }
  for (const topology::TopologyError& e : in.errors) {
    if (e.field.empty() || e.reason.empty() || e.where.line > max_line) std::abort();
    if (e.where.feature >= 0 && static_cast<uint64_t>(e.where.feature) >= in.records) std::abort();
    // A message names at most a few short pieces of the input (ingest::Shown cuts them).
    if (topology::FormatTopologyError(e).size() > 2048) std::abort();
  }
  if (in.rows.size() + in.routes.size() < in.records && in.error_count == 0) std::abort();
  return in.error_count == 0;
}

}  // namespace gridline::fuzz

#endif  // GRIDLINE_TEST_FUZZ_TOPOLOGY_FUZZER_UTIL_H_
