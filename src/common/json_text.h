// json_text.h: the one JSON string writer for hand-built JSON text (the CLI's and API's row
// streams, where a DOM would cost more than the rows).
#ifndef GRIDLINE_COMMON_JSON_TEXT_H_
#define GRIDLINE_COMMON_JSON_TEXT_H_

#include <string>
#include <string_view>

namespace gridline {

// Appends `s` as a quoted JSON string: quotes, backslashes and control characters escaped.
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace gridline

#endif  // GRIDLINE_COMMON_JSON_TEXT_H_
