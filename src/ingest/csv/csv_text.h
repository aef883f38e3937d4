// csv_text.h: byte-level text helpers for the CSV parser: UTF-8 validation of meter ids and a
// safe rendering of input text inside error messages.
#ifndef GRIDLINE_INGEST_CSV_CSV_TEXT_H_
#define GRIDLINE_INGEST_CSV_CSV_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace gridline::ingest {

// Length of the UTF-8 sequence starting at p (RFC 3629: no overlong forms, no surrogates, at
// most U+10FFFF), or 0 when the bytes there are not one. REQUIRES: p < end.
size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end);

// `text` in single quotes for a message: at most 64 bytes of it (cut at a character boundary,
// then "..."), with control characters and bytes that are not UTF-8 written as \xNN, so that a
// hostile field cannot garble the error report or a terminal.
std::string Shown(std::string_view text);

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_CSV_CSV_TEXT_H_
