#include "common/json_text.h"

#include "fmt/format.h"

namespace gridline {

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out->append(fmt::format("\\u{:04x}", static_cast<int>(c)));
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

}  // namespace gridline
