// deadline.h: the time by which a piece of work must end, for loops whose length the input
// decides. The HTTP server gives every request one (`serve --request-timeout`, default 30 s;
// ApiRequest::deadline()); the long loops of a request (series scans, roll-up steps, analytics,
// the privacy check) call Check() once per unit of bounded work, so a request that runs too long
// stops with DeadlineExceeded (answered 504 `deadline_exceeded`) and frees its worker.
//
// A Deadline is a small value (an instant on the steady clock and the budget it came from, for
// the message). A default-constructed one never expires: the CLI, benchmarks and background jobs
// pass that.
//
// Cost: Expired() and Check() read the steady clock (vDSO, some 20-30 ns): call them per chunk
// (4096 slots), per step, per meter or per commit batch, not per reading.
//
// Thread-safety: immutable; copy it or share it by const reference between threads.
#ifndef GRIDLINE_COMMON_DEADLINE_H_
#define GRIDLINE_COMMON_DEADLINE_H_

#include <chrono>
#include <string_view>

#include "absl/status/status.h"

namespace gridline {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;

  // Never expires.
  Deadline() = default;
  // Expires `budget` after `start`.
  Deadline(Clock::time_point start, std::chrono::milliseconds budget)
      : at_(start + budget), budget_(budget) {}
  // Expires `budget` from now.
  static Deadline In(std::chrono::milliseconds budget) { return Deadline(Clock::now(), budget); }

  bool is_set() const { return at_ != Clock::time_point::max(); }
  bool Expired() const { return is_set() && Clock::now() >= at_; }

  // OK before the deadline; after it DeadlineExceeded "stopped while WHAT, past the deadline of
  // N s". `what` names the work in the caller's words ("reading series 12").
  [[nodiscard]] absl::Status Check(std::string_view what) const;

  Clock::time_point at() const { return at_; }
  std::chrono::milliseconds budget() const { return budget_; }

 private:
  Clock::time_point at_ = Clock::time_point::max();
  std::chrono::milliseconds budget_{0};
};

}  // namespace gridline

#endif  // GRIDLINE_COMMON_DEADLINE_H_
