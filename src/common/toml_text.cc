// toml_text.cc: bounded TOML parsing with located errors.
#include "common/toml_text.h"

#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "fmt/format.h"

namespace gridline {
namespace {

// The deepest nesting of tables and arrays below `node` (the node itself counts 1).
int Depth(const toml::node& node, int limit) {
  if (limit <= 0) return 1;
  int deepest = 0;
  if (const toml::table* t = node.as_table()) {
    for (const auto& [key, child] : *t) {
      deepest = std::max(deepest, Depth(child, limit - 1));
      if (deepest >= limit) break;
    }
  } else if (const toml::array* a = node.as_array()) {
    for (const toml::node& child : *a) {
      deepest = std::max(deepest, Depth(child, limit - 1));
      if (deepest >= limit) break;
    }
  }
  return 1 + deepest;
}

// A cheap bound before parsing: toml++ recurses on nested inline arrays and tables, so a text
// of a million '[' must not reach it. Counts the brackets open at any point (strings ignored
// roughly: a '[' inside a string only makes the bound stricter, never looser).
int BracketDepth(std::string_view text) {
  int depth = 0;
  int deepest = 0;
  for (char c : text) {
    if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

absl::StatusOr<toml::table> ParseTomlText(std::string_view text, std::string_view name) {
  if (text.size() > kMaxTomlBytes) {
    return absl::InvalidArgumentError(fmt::format(
        "{}: {} bytes is over the limit of {} for a TOML file", name, text.size(), kMaxTomlBytes));
  }
  if (BracketDepth(text) > kMaxTomlDepth) {
    return absl::InvalidArgumentError(
        fmt::format("{}: nested deeper than {} levels of arrays or tables", name, kMaxTomlDepth));
  }
  toml::parse_result result = toml::parse(text, name);
  if (!result) {
    const toml::parse_error& error = result.error();
    const toml::source_position& at = error.source().begin;
    return absl::InvalidArgumentError(fmt::format("{}:{}:{}: {}", name, at.line, at.column,
                                                  std::string_view(error.description())));
  }
  toml::table table = std::move(result).table();
  // Dotted keys (`a.b.c = 1`) nest without brackets; check the parsed tree too.
  if (Depth(table, kMaxTomlDepth + 1) > kMaxTomlDepth) {
    return absl::InvalidArgumentError(
        fmt::format("{}: nested deeper than {} levels of tables", name, kMaxTomlDepth));
  }
  return table;
}

absl::StatusOr<toml::table> ReadTomlFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(fmt::format("{}: cannot be opened", path));
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxTomlBytes) {
      return absl::InvalidArgumentError(
          fmt::format("{}: over the limit of {} bytes for a TOML file", path, kMaxTomlBytes));
    }
  }
  return ParseTomlText(text, path);
}

std::string TomlWhere(std::string_view name, const toml::node& node) {
  const toml::source_position& at = node.source().begin;
  if (!at) return std::string(name);
  return fmt::format("{}:{}:{}", name, at.line, at.column);
}

}  // namespace gridline
