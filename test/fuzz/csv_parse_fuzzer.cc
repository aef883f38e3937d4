#include <cstdlib>
#include <string_view>

#include "ingest/csv/csv_parser.h"
#include "test/fuzz/fuzz_targets.h"

namespace gridline::fuzz {

bool FuzzCsvParse(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ingest::CsvOptions options;
  // An input starting `columns:` gives a --columns mapping on its first line, and `format:` a
  // --time-format on the next, so the mapped layouts (csv_mapped_header.h) are fuzzed too.
  for (const std::string_view key : {std::string_view("columns:"), std::string_view("format:")}) {
    if (text.substr(0, key.size()) != key) continue;
    const size_t end = text.find('\n');
    if (end == std::string_view::npos) return false;
    const std::string_view value = text.substr(key.size(), end - key.size());
    if (key == "columns:") {
      auto m = ingest::ParseColumnMapping(value);
      if (!m.ok()) return false;
      options.mapping = *m;
    } else {
      auto f = ingest::TimeFormat::Parse(value);
      if (!f.ok()) return false;
      options.time_format = *f;
      options.unit = ingest::ValueUnit::kKw;
    }
    text.remove_prefix(end + 1);
  }
  const size_t nl = text.find('\n');
  if (nl == std::string_view::npos) return false;
  // Alternate the option sets by the first byte, so both UTC and a DST zone get exercised.
  if (size > 0 && (data[0] & 1)) {
    auto zone = TimeZone::Load("America/New_York");
    if (zone.ok()) options.zone = *zone;
    options.round = true;
  }
  if (size > 0 && (data[0] & 2)) options.channel = ChannelKind::kVoltage;
  auto layout = ingest::ParseCsvHeader(text.substr(0, nl), options);
  if (!layout.ok()) {
    if (layout.status().message().empty() || layout.status().message().size() > 4096) std::abort();
    return false;
  }
  ingest::CsvBlockParser parser(*layout, options);
  ingest::ParsedBlock block;
  const std::string_view rows = text.substr(nl + 1);
  parser.Parse(rows, &block);
  for (const ingest::ParsedRow& r : block.rows) {
    if (r.meter >= block.meters.size() || r.line >= block.line_count) std::abort();
  }
  for (const ingest::RowError& e : block.errors) {
    if (e.line >= block.line_count || e.reason.empty()) std::abort();
  }
  return block.errors.empty();
}

}  // namespace gridline::fuzz

#if defined(GL_FUZZER_csv_parse)
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gridline::fuzz::FuzzCsvParse(data, size);
  return 0;
}
#endif
