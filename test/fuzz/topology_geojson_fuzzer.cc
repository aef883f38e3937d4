// topology_geojson_fuzzer: topology GeoJSON files (topology/geojson_topology_reader.h). Checks
// the readers' promises and that bounded parsing agrees with RapidJSON's own (recursive) parser
// on what is JSON wherever that parser can safely run.
#include <algorithm>
#include <cstdlib>
#include <string_view>

#include "rapidjson/document.h"
#include "test/fuzz/fuzz_targets.h"
#include "test/fuzz/topology_fuzzer_util.h"
#include "topology/geojson_topology_reader.h"

namespace gridline::fuzz {

namespace {

// At most 60 levels of `[` and `{` anywhere: the recursive reference cannot overflow the stack.
bool Shallow(std::string_view text) {
  int opened = 0;
  for (char c : text) opened += c == '[' || c == '{';
  return opened <= 60;
}

}  // namespace

bool FuzzTopologyGeoJson(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const topology::TopologyInput in = topology::ParseTopologyGeoJson(text, "t.geojson");
  const uint64_t lines = 1 + static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n'));
  const bool accepted = CheckTopologyInput(in, lines);
  if (Shallow(text)) {
    std::string_view body = text;
    if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseFullPrecisionFlag>(body.data(), body.size());
    const bool json_error = !in.errors.empty() && in.errors[0].field == "json";
    const bool not_json = json_error && in.errors[0].reason.substr(0, 9) == "not JSON:";
    // A bound (nesting, a long string) may refuse what the reference reads; nothing else may.
    if (doc.HasParseError() ? !json_error : not_json) std::abort();
  }
  return accepted;
}

}  // namespace gridline::fuzz

#if defined(GL_FUZZER_topology_geojson)
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gridline::fuzz::FuzzTopologyGeoJson(data, size);
  return 0;
}
#endif
