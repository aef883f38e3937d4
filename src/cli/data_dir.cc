#include <cstdlib>

#include "cli/commands.h"

namespace gridline::cli {

std::string ResolveDataDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("GRIDLINE_DATA"); env != nullptr && *env != '\0') return env;
  return "./gridline-data";
}

}  // namespace gridline::cli
