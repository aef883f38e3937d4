// line_parser_fuzz_util.h: the checks the CMEP and NEM12 fuzz targets share. A LineParser
// (ingest/line_parser_source.h) must give the same readings and errors whether it reads an input
// in one block or in two cut at a line end (what it holds back comes again with the next block),
// consume everything when told the input ends, hold back no more than its bound, and give every
// error a reason and a line inside the input.
#ifndef GRIDLINE_TEST_FUZZ_LINE_PARSER_FUZZ_UTIL_H_
#define GRIDLINE_TEST_FUZZ_LINE_PARSER_FUZZ_UTIL_H_

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "ingest/line_parser_source.h"

namespace gridline::fuzz {

struct Parsed {
  // (absolute line, meter id, time, value, channel, quality)
  std::vector<std::tuple<uint64_t, std::string, int64_t, int64_t, int, int>> rows;
  std::vector<std::tuple<uint64_t, std::string, std::string>> errors;
  uint64_t lines = 0, rejected = 0, rounded = 0;
};

// Feeds `text` to `parser` in the pieces that end at each of `cuts` (byte offsets), as
// LineParserSource does, and collects what it gives.
inline Parsed ParseInPieces(ingest::LineParser* parser, std::string_view text,
                            const std::vector<size_t>& cuts) {
  Parsed p;
  std::string held;
  size_t from = 0;
  for (size_t i = 0; i <= cuts.size(); ++i) {
    const size_t to = i < cuts.size() ? cuts[i] : text.size();
    held.append(text.substr(from, to - from));
    from = to;
    const bool last = i == cuts.size();
    ingest::ParsedBlock b;
    const size_t used = parser->Parse(held, last, &b);
    if (used > held.size() || (last && used != held.size())) std::abort();
    if (held.size() - used > ingest::LineParser::kMaxHeldBytes) std::abort();
    if (used < held.size() && used > 0 && held[used - 1] != '\n') std::abort();
    for (const ingest::ParsedRow& r : b.rows) {
      if (r.line >= b.line_count || r.meter >= b.meters.size()) std::abort();
      p.rows.emplace_back(p.lines + r.line, b.meters[r.meter], r.time, r.value,
                          static_cast<int>(r.channel), static_cast<int>(r.quality));
    }
    for (const ingest::RowError& e : b.errors) {
      if (e.line >= b.line_count || e.reason.empty() || e.field.empty() || e.reason.size() > 1024) {
        std::abort();
      }
      p.errors.emplace_back(p.lines + e.line, e.field, e.reason);
    }
    p.lines += b.line_count;
    p.rejected += b.rejected_readings;
    p.rounded += b.rounded;
    held.erase(0, used);
  }
  return p;
}

// Parses `text` whole and cut at line ends (each of the first 16, and one chosen from its bytes);
// aborts when a cut reading disagrees with the whole one. Returns whether the input had no error.
inline bool CheckLineParser(std::string_view text,
                            const std::function<std::unique_ptr<ingest::LineParser>()>& make) {
  auto whole_parser = make();
  const Parsed whole = ParseInPieces(whole_parser.get(), text, {});
  std::vector<size_t> cuts;
  for (size_t nl = text.find('\n');
       nl != std::string_view::npos && nl + 1 < text.size() && cuts.size() < 16;
       nl = text.find('\n', nl + 1)) {
    cuts.push_back(nl + 1);
  }
  if (!text.empty()) {
    const size_t at = static_cast<unsigned char>(text[text.size() / 2]) * text.size() / 256;
    const size_t nl = text.find('\n', at);
    if (nl != std::string_view::npos && nl + 1 < text.size()) cuts.push_back(nl + 1);
  }
  for (size_t cut : cuts) {
    auto cut_parser = make();
    const Parsed p = ParseInPieces(cut_parser.get(), text, {cut});
    if (whole.rows != p.rows || whole.errors != p.errors || whole.lines != p.lines ||
        whole.rejected != p.rejected || whole.rounded != p.rounded) {
      std::abort();
    }
    if (whole_parser->Notes() != cut_parser->Notes()) std::abort();
  }
  return whole.errors.empty();
}

}  // namespace gridline::fuzz

#endif  // GRIDLINE_TEST_FUZZ_LINE_PARSER_FUZZ_UTIL_H_
