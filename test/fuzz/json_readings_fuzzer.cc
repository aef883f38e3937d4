// json_readings_fuzzer: JSON readings bodies (ingest/json/json_readings.h). Checks that bounded
// parsing agrees with RapidJSON's own (recursive) parser on what is JSON wherever that parser
// can safely run, that an error says where, and that the CSV text has one line per reading that
// the readings parser takes.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/strings.h"
#include "ingest/csv/csv_parser.h"
#include "ingest/json/json_readings.h"
#include "rapidjson/document.h"
#include "test/fuzz/fuzz_targets.h"

namespace gridline::fuzz {

namespace {

// Nesting of arrays and objects outside strings, as a bound for when the recursive reference
// parser may run (the reference must not overflow the stack itself).
int RoughDepth(std::string_view text) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

bool ReferenceIsJson(std::string_view body) {
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseNumbersAsStringsFlag>(body.data(), body.size());
  return !doc.HasParseError();
}

}  // namespace

bool FuzzJsonReadings(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  int64_t offset = -1;
  absl::StatusOr<ingest::JsonReadings> r = ingest::JsonReadingsToCsv(body, &offset);
  // Short, shallow bodies: the reference parser decides what is JSON.
  const bool reference = size <= (size_t{1} << 16) && RoughDepth(body) <= 60;
  if (!r.ok()) {
    const std::string_view message = StdView(r.status().message());
    if (r.status().code() != absl::StatusCode::kInvalidArgument || message.empty() ||
        message.size() > 1024) {
      std::abort();
    }
    const bool not_json = message.substr(0, 15) == "body: not JSON:";
    if (not_json && (offset < 0 || static_cast<size_t>(offset) > size)) std::abort();
    if (reference && not_json && ReferenceIsJson(body)) std::abort();
    return false;
  }
  if (reference && !ReferenceIsJson(body)) std::abort();
  // One CSV line per reading after the header; rejected readings are blank lines.
  const size_t lines = static_cast<size_t>(std::count(r->csv.begin(), r->csv.end(), '\n'));
  if (lines != r->readings + 1) std::abort();
  uint64_t last = 0;
  for (const ingest::RowError& e : r->errors) {
    if (e.line < ingest::kLineOfFirstReading ||
        e.line >= r->readings + ingest::kLineOfFirstReading || e.line <= last || e.reason.empty()) {
      std::abort();
    }
    last = e.line;
  }
  // The CSV pipeline takes the text: its header is the one it expects.
  ingest::CsvOptions options;
  options.meter_id = "M1";
  const size_t nl = r->csv.find('\n');
  // `value` readings are of a channel not in kWh, as the route's `channel=` says.
  if (r->csv.substr(0, nl) == "timestamp,value,quality") options.channel = ChannelKind::kVoltage;
  absl::StatusOr<ingest::CsvLayout> layout =
      ingest::ParseCsvHeader(std::string_view(r->csv).substr(0, nl), options);
  if (!layout.ok()) std::abort();
  ingest::CsvBlockParser parser(*layout, options);
  ingest::ParsedBlock block;
  parser.Parse(std::string_view(r->csv).substr(nl + 1), &block);
  if (block.rows.size() + r->errors.size() > r->readings) std::abort();
  return r->errors.empty() && block.errors.empty();
}

}  // namespace gridline::fuzz

#if defined(GL_FUZZER_json_readings)
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gridline::fuzz::FuzzJsonReadings(data, size);
  return 0;
}
#endif
