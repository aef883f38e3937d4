// toml_text.h: untrusted TOML text (VEE rules files, tariffs) parsed into a toml++ table within
// bounds, with errors that say where: "rules.toml:12:7: expected '=' after key". toml++ is built
// without exceptions (TOML_EXCEPTIONS=0), so a parse failure is a value, never a throw.
#ifndef GRIDLINE_COMMON_TOML_TEXT_H_
#define GRIDLINE_COMMON_TOML_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "toml++/toml.h"

namespace gridline {

// Larger texts are refused before parsing: a rules file or a tariff is a few kilobytes.
inline constexpr size_t kMaxTomlBytes = size_t{4} << 20;
// Tables and arrays nested deeper than this are refused (toml++ recurses per level).
inline constexpr int kMaxTomlDepth = 32;

// Parses `text`; `name` (a path) prefixes every error. InvalidArgument for a syntax error, a
// text over kMaxTomlBytes or nesting over kMaxTomlDepth.
absl::StatusOr<toml::table> ParseTomlText(std::string_view text, std::string_view name);

// Reads and parses the file at `path`. NotFound / PermissionDenied when it cannot be read.
absl::StatusOr<toml::table> ReadTomlFile(const std::string& path);

// "NAME:LINE:COL" of a node, for errors about its value ("rules.toml:4:12: spike.percent: must
// be > 0"); "NAME" alone when the node has no source position.
std::string TomlWhere(std::string_view name, const toml::node& node);

}  // namespace gridline

#endif  // GRIDLINE_COMMON_TOML_TEXT_H_
