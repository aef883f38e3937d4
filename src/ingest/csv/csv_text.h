// csv_text.h: byte-level text helpers for the CSV parser: a quick equality test for short
// fields, UTF-8 validation of meter ids and a safe rendering of input text inside error messages.
#ifndef GRIDLINE_INGEST_CSV_CSV_TEXT_H_
#define GRIDLINE_INGEST_CSV_CSV_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace gridline::ingest {

// Whether a and b hold the same bytes. Inline, and without a memcmp call for 8 to 16 bytes (the
// usual meter id): the block parser compares each row's id, channel and quality with the
// previous row's.
inline bool BytesEqual(std::string_view a, std::string_view b) {
  const size_t n = a.size();
  if (n != b.size()) return false;
  if (n >= 8 && n <= 16) {
    uint64_t a0, a1, b0, b1;
    std::memcpy(&a0, a.data(), 8);
    std::memcpy(&b0, b.data(), 8);
    std::memcpy(&a1, a.data() + n - 8, 8);  // overlaps a0 when n < 16
    std::memcpy(&b1, b.data() + n - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  return a == b;
}

// Length of the UTF-8 sequence starting at p (RFC 3629: no overlong forms, no surrogates, at
// most U+10FFFF), or 0 when the bytes there are not one. REQUIRES: p < end.
size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end);

// `text` in single quotes for a message: at most 64 bytes of it (cut at a character boundary,
// then "..."), with control characters and bytes that are not UTF-8 written as \xNN, so that a
// hostile field cannot garble the error report or a terminal.
std::string Shown(std::string_view text);

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_CSV_CSV_TEXT_H_
