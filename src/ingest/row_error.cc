#include "ingest/row_error.h"

#include "fmt/format.h"

namespace gridline::ingest {

std::string FormatRowError(const RowError& e) {
  return fmt::format("{}:{}: {}: {}", e.file, e.line, e.field, e.reason);
}

}  // namespace gridline::ingest
