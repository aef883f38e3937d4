// output_format.h: the two text forms of query answers, CSV and JSON, as `gridline query
// --format` and the HTTP API (`?format=`, `Accept: text/csv`) name them.
#ifndef GRIDLINE_QUERY_OUTPUT_FORMAT_H_
#define GRIDLINE_QUERY_OUTPUT_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace gridline::query {

enum class OutputFormat : uint8_t { kCsv, kJson };

inline std::string_view OutputFormatName(OutputFormat f) {
  return f == OutputFormat::kCsv ? "csv" : "json";
}

inline std::optional<OutputFormat> OutputFormatFromName(std::string_view name) {
  if (name == "csv") return OutputFormat::kCsv;
  if (name == "json") return OutputFormat::kJson;
  return std::nullopt;
}

}  // namespace gridline::query

#endif  // GRIDLINE_QUERY_OUTPUT_FORMAT_H_
