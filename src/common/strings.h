// strings.h: the few string helpers gridline needs on std::string_view. Debian's Abseil is built
// with its own absl::string_view, so absl/strings functions do not take std::string_view; format
// messages with fmt::format and use these for the rest.
#ifndef GRIDLINE_COMMON_STRINGS_H_
#define GRIDLINE_COMMON_STRINGS_H_

#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace gridline {

// Debian's absl::string_view and std::string_view do not convert into each other.
inline std::string_view StdView(absl::string_view s) {
  return std::string_view(s.data(), s.size());
}
inline absl::string_view AbslView(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

inline char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

// Removes spaces, tabs, CR and LF from both ends.
inline std::string_view StripSpaces(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// Appends `field` as one CSV field (RFC 4180): quoted, with quotes doubled, when it holds a
// comma, a quote or a line break; as it is otherwise.
inline void AppendCsvField(std::string_view field, std::string* out) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace gridline

#endif  // GRIDLINE_COMMON_STRINGS_H_
