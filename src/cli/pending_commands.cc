// Commands whose implementation has not landed yet answer with a clear error. Each definition
// here is deleted when its <name>_command.cc lands.
#include <cstdio>

#include "cli/commands.h"

namespace gridline::cli {

namespace {
int Pending(const char* name) {
  std::fprintf(stderr, "gridline %s: this command is not built yet\n", name);
  return kExitFailure;
}
}  // namespace

int RunDemo(int, char**) { return Pending("demo"); }

}  // namespace gridline::cli
