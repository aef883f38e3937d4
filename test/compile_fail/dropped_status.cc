// dropped_status.cc: a compile-fail test (CMakeLists.txt, CompileFail.*). Built with
// -DGL_DROP=1 it drops an absl::Status, with 2 an absl::StatusOr, with 3 a Status from a
// std::function; each must be refused by the compiler (-Werror=unused-result, which the project
// adds to every build). With GL_DROP=0 every result is used and it must compile, which shows the
// failures come from the dropped results and nothing else.
#include <cstdint>
#include <functional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/codec/codec.h"

absl::StatusOr<int> ParseSomething();

bool Use(const char* p, const char* limit, int64_t* out, std::function<absl::Status()> fn) {
#if GL_DROP == 1
  gridline::storage::DecodeValues(&p, limit, 1, out);
#elif GL_DROP == 2
  ParseSomething();
#elif GL_DROP == 3
  fn();
#endif
  return gridline::storage::DecodeValues(&p, limit, 1, out).ok() && ParseSomething().ok() &&
         fn().ok();
}
