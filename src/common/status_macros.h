// status_macros.h: propagate absl::Status and absl::StatusOr<T> without exceptions, and check
// programmer invariants. The shape follows Abseil's internal status_macros.h, which Debian does
// not ship. Input errors are never GL_CHECKed: they are Status values (docs/contributing.md,
// Errors).
#ifndef GRIDLINE_COMMON_STATUS_MACROS_H_
#define GRIDLINE_COMMON_STATUS_MACROS_H_

#include <cstdio>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define GL_CONCAT_INNER(a, b) a##b
#define GL_CONCAT(a, b) GL_CONCAT_INNER(a, b)

// Returns from the current function with the status of `expr` when it is not OK.
#define GL_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::absl::Status gl_status_ = (expr);      \
    if (!gl_status_.ok()) return gl_status_; \
  } while (0)

// `lhs` = value of the StatusOr `rexpr`, or returns its status from the current function.
#define GL_ASSIGN_OR_RETURN(lhs, rexpr) \
  GL_ASSIGN_OR_RETURN_IMPL(GL_CONCAT(gl_statusor_, __LINE__), lhs, rexpr)
#define GL_ASSIGN_OR_RETURN_IMPL(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                             \
  if (!statusor.ok()) return statusor.status();        \
  lhs = std::move(statusor).value()

// Aborts with file and line when a programmer invariant does not hold (never for input).
#define GL_CHECK(cond)                                                              \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                 \
    }                                                                               \
  } while (0)

#ifdef NDEBUG
#define GL_DCHECK(cond) \
  do {                  \
  } while (false && (cond))
#else
#define GL_DCHECK(cond) GL_CHECK(cond)
#endif

#endif  // GRIDLINE_COMMON_STATUS_MACROS_H_
