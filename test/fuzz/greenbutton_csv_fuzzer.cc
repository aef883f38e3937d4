// Green Button CSV: the prologue and header reader, then the rows, on arbitrary bytes: never a
// crash, every row a reading or an error with a reason, lines inside the text.
#include <cstdlib>
#include <string_view>

#include "ingest/greenbutton/gb_csv_parser.h"
#include "test/fuzz/fuzz_targets.h"

namespace gridline::fuzz {

bool FuzzGreenButtonCsv(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  ingest::GbCsvOptions options;
  auto zone = TimeZone::Load("America/Los_Angeles");
  if (zone.ok()) options.zone = *zone;
  options.round = size > 0 && (data[0] & 1);
  ingest::GbCsvParser parser(options);
  uint32_t lines = 0;
  absl::StatusOr<size_t> used = parser.ReadHeader(text, &lines);
  if (!used.ok()) {
    if (used.status().message().empty() || used.status().message().size() > 4096) std::abort();
    return false;
  }
  if (*used > size) std::abort();
  ingest::ParsedBlock block;
  parser.ParseRows(text.substr(*used), &block);
  for (const ingest::ParsedRow& r : block.rows) {
    if (r.meter >= block.meters.size() || r.line >= block.line_count) std::abort();
  }
  for (const ingest::RowError& e : block.errors) {
    if (e.line >= block.line_count || e.reason.empty()) std::abort();
  }
  return block.errors.empty();
}

}  // namespace gridline::fuzz

#if defined(GL_FUZZER_greenbutton_csv)
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gridline::fuzz::FuzzGreenButtonCsv(data, size);
  return 0;
}
#endif
