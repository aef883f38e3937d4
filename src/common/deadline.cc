// deadline.cc: Deadline (deadline.h).
#include "common/deadline.h"

#include "fmt/format.h"

namespace gridline {

absl::Status Deadline::Check(std::string_view what) const {
  if (!Expired()) return absl::OkStatus();
  return absl::DeadlineExceededError(fmt::format("stopped while {}, past the deadline of {:g} s",
                                                 what, static_cast<double>(budget_.count()) / 1e3));
}

}  // namespace gridline
