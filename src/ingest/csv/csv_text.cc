#include "ingest/csv/csv_text.h"

#include "fmt/format.h"

namespace gridline::ingest {

size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end) {
  const unsigned char c = p[0];
  if (c < 0x80) return 1;
  auto cont = [&](size_t i) { return p + i < end && (p[i] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;   // overlong
    if (c == 0xED && p[1] >= 0xA0) return 0;  // UTF-16 surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && p[1] < 0x90) return 0;   // overlong
    if (c == 0xF4 && p[1] >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

std::string Shown(std::string_view text) {
  constexpr size_t kMaxShownBytes = 64;
  std::string s = "'";
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  const auto* start = p;
  while (p < end) {
    if (static_cast<size_t>(p - start) >= kMaxShownBytes) {
      s += "...";
      break;
    }
    const size_t n = Utf8SequenceLength(p, end);
    if (n == 0 || *p < 0x20 || *p == 0x7F) {
      s += fmt::format("\\x{:02X}", *p);
      ++p;
      continue;
    }
    s.append(reinterpret_cast<const char*>(p), n);
    p += n;
  }
  s += "'";
  return s;
}

}  // namespace gridline::ingest
