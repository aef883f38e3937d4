// lineproto_fuzzer: InfluxDB line protocol bodies (ingest/lineproto/line_protocol.h). Checks that
// every line that is not blank or a comment becomes exactly one reading or one row error with a
// field and a short reason, in line order, and that every reading written back as canonical line
// protocol parses to the same reading.
#include <cstdlib>
#include <string>
#include <string_view>

#include "common/decimal.h"
#include "ingest/lineproto/line_protocol.h"
#include "test/fuzz/fuzz_targets.h"

namespace gridline::fuzz {

namespace {

ingest::LineProtocolOptions Options() {
  ingest::LineProtocolOptions o;
  o.now = [] { return int64_t{1'782'864'000}; };
  return o;
}

size_t ReadingLines(std::string_view text) {
  size_t n = 0, pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const size_t first = line.find_first_not_of(" \t");
    if (first != std::string_view::npos &&
        (line[first] != '#' || line.size() > ingest::kMaxLineProtocolLine))
      ++n;
    pos = end + 1;
  }
  return n;
}

std::string Escaped(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ',' || c == '=' || c == ' ') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

bool FuzzLineProtocol(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  ingest::LineProtocolParser parser(Options());
  ingest::ParsedBlock b;
  parser.Parse(body, &b);
  if (b.rows.size() + b.errors.size() != ReadingLines(body)) std::abort();
  if (b.rejected_readings != b.errors.size()) std::abort();
  int64_t last_line = -1;
  size_t e = 0, r = 0;
  // Rows and errors interleave in line order, one per line.
  while (e < b.errors.size() || r < b.rows.size()) {
    const bool take_error =
        r == b.rows.size() || (e < b.errors.size() && b.errors[e].line < b.rows[r].line);
    const int64_t line =
        take_error ? static_cast<int64_t>(b.errors[e].line) : static_cast<int64_t>(b.rows[r].line);
    if (line <= last_line || line >= static_cast<int64_t>(b.line_count)) std::abort();
    last_line = line;
    if (take_error) {
      const ingest::RowError& err = b.errors[e++];
      if (err.field.empty() || err.reason.empty() || err.reason.size() > 1024) std::abort();
    } else {
      ++r;
    }
  }
  for (const ingest::ParsedRow& row : b.rows) {
    if (row.meter >= b.meters.size()) std::abort();
    if (row.time < ingest::kMinTime || row.time >= ingest::kMaxTime) std::abort();
    const ChannelSpec& spec = GetChannelSpec(row.channel);
    const std::string canonical = std::string(spec.name) +
                                  ",meter=" + Escaped(b.meters[row.meter]) +
                                  " value=" + FormatScaledDecimal(row.value, spec.scale) + " " +
                                  std::to_string(row.time) + "000000000\n";
    ingest::LineProtocolParser again(Options());
    ingest::ParsedBlock back;
    again.Parse(canonical, &back);
    if (back.rows.size() != 1 || back.rounded != 0 || back.rows[0].value != row.value ||
        back.rows[0].time != row.time || back.rows[0].channel != row.channel ||
        back.meters[0] != b.meters[row.meter]) {
      std::abort();
    }
  }
  return b.errors.empty();
}

}  // namespace gridline::fuzz

#if defined(GL_FUZZER_lineproto)
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gridline::fuzz::FuzzLineProtocol(data, size);
  return 0;
}
#endif
