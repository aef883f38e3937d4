// Green Button (ESPI) XML: the streaming parser on arbitrary bytes, fed in pieces whose size the
// first byte picks, never crashes, keeps its bounds, and gives every reading a meter and a line
// inside the feed; every error has a reason.
#include <cstdlib>
#include <string_view>

#include "ingest/greenbutton/espi_feed_parser.h"
#include "test/fuzz/fuzz_targets.h"

namespace gridline::fuzz {

bool FuzzGreenButtonXml(const uint8_t* data, size_t size) {
  const size_t piece = size > 0 ? 1 + (data[0] % 64) * 37 : 1;
  ingest::EspiFeedParser parser(ingest::EspiParseOptions{size > 1 && (data[1] & 1) ? "M" : ""});
  const char* text = reinterpret_cast<const char*>(data);
  uint64_t base = 1;
  bool clean = true;
  for (size_t at = 0;; at += piece) {
    ingest::ParsedBlock block;
    parser.StartBlock(&block, base);
    const size_t n = at < size ? std::min(piece, size - at) : 0;
    const bool last = at + n >= size;
    const absl::Status s = parser.Parse(text + at, n, last);
    for (const ingest::ParsedRow& r : block.rows) {
      if (r.meter >= block.meters.size() || base + r.line > parser.line() + 1) std::abort();
    }
    for (const ingest::RowError& e : block.errors) {
      if (e.reason.empty() || e.field.empty()) std::abort();
    }
    clean = clean && block.errors.empty();
    if (!s.ok()) {
      if (s.message().empty() || s.message().size() > 4096) std::abort();
      return false;
    }
    if (last) break;
    if (parser.safe_line() < base) std::abort();
    base = parser.safe_line();
  }
  return clean;
}

}  // namespace gridline::fuzz

#if defined(GL_FUZZER_greenbutton_xml)
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gridline::fuzz::FuzzGreenButtonXml(data, size);
  return 0;
}
#endif
