// json_bounds.h: parsing untrusted JSON text (request bodies, topology files) into a RapidJSON
// document within bounds, so that no input can overflow the stack or take memory out of
// proportion to what the caller accepts.
//
// RapidJSON's default parser recurses once per nested array or object, so a body of 160,000 `[`
// (320 KB) overflows the stack. Here the iterative parser (kParseIterativeFlag, no recursion)
// feeds the document through a handler that stops at the first bound crossed:
//   - nesting deeper than max_depth arrays and objects;
//   - a string, member name or number text longer than max_string_bytes;
//   - more than max_values values and member names in the whole document (each takes 16 to 24
//     bytes of DOM, so this bounds the document's memory).
// The document the caller gets is then at most max_depth deep, so code that walks it
// recursively (a Writer, Accept) is safe too.
#ifndef GRIDLINE_COMMON_JSON_BOUNDS_H_
#define GRIDLINE_COMMON_JSON_BOUNDS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "rapidjson/document.h"

namespace gridline {

struct JsonLimits {
  int max_depth = 64;
  size_t max_string_bytes = size_t{64} << 10;
  size_t max_values = size_t{16} << 20;
};

// How numbers land in the document.
enum class JsonNumbers : uint8_t {
  kAsText,    // strings holding the number's text, exactly as written (kParseNumbersAsStringsFlag)
  kAsDouble,  // numbers, doubles read to full precision (kParseFullPrecisionFlag)
};

// Parses the whole of `text` into *doc. InvalidArgument when it is not JSON ("not JSON: REASON")
// or crosses a bound ("nested deeper than 64 arrays and objects", ...); *error_offset, when
// given, is then the byte where parsing stopped. *doc is unspecified after a failure.
absl::Status ParseBoundedJson(std::string_view text, JsonNumbers numbers, const JsonLimits& limits,
                              rapidjson::Document* doc, size_t* error_offset = nullptr);

}  // namespace gridline

#endif  // GRIDLINE_COMMON_JSON_BOUNDS_H_
