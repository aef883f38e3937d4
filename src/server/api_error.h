// api_error.h: errors of the HTTP API. A handler fails with an absl::Status; the router answers
// with the HTTP status of its code and the JSON body docs/conventions.md fixes:
//
//   {"error": "invalid_argument", "message": "from: 'yesterday' is not an ISO 8601 time",
//    "detail": {"parameter": "from"}}
//
// `error` is a stable snake_case code (the absl code's name, plus the router's own
// `method_not_allowed` and `payload_too_large`, and `privacy` set by WithErrorCode); `message` is
// for people; `detail` says where in the input the problem is (a parameter, or
// file/line/index/field of a body) and is null when there is no where. A status carries its where
// as a payload (WithWhere), so a library function deep down can say it and the router still renders
// it. docs/api.md lists the codes.
#ifndef GRIDLINE_SERVER_API_ERROR_H_
#define GRIDLINE_SERVER_API_ERROR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "common/json_writer.h"

namespace gridline::server {

// Where in a request a problem is. Unset members are left out of `detail`.
struct Where {
  std::string parameter;  // a path or query parameter
  std::string file;       // the name of an input (a CSV body)
  int64_t line = 0;       // 1-based line of a CSV body (the header is line 1); 0: none
  int64_t index = -1;     // 0-based element of a JSON array; -1: none
  std::string field;      // a CSV column or JSON member
  int64_t offset = -1;    // byte offset in the body (JSON syntax); -1: none
};

// `status` with `where` attached (replacing any where it had).
absl::Status WithWhere(absl::Status status, const Where& where);

// `status` answered with the error code `code` instead of its absl code's name (its HTTP status
// stays that of its absl code): e.g. a privacy refusal is PermissionDenied, 403, `privacy`.
absl::Status WithErrorCode(absl::Status status, std::string_view code);

// `status` answered with a `Retry-After: SECONDS` header: the client may ask again then (e.g. the
// privacy check's 503 once it has kept the days it could check).
absl::Status WithRetryAfter(absl::Status status, int seconds);

// The Retry-After seconds attached to `status`, if any.
std::optional<int> RetryAfterSeconds(const absl::Status& status);

// InvalidArgument "NAME: message" with detail {"parameter": NAME}.
absl::Status InvalidParameter(std::string_view name, std::string_view message);

// The JSON object of the where attached to `status`, if any.
std::optional<std::string> DetailJson(const absl::Status& status);

// Writes the members of a Where as a JSON object.
void WriteWhere(JsonWriter& w, const Where& where);

// The HTTP status of an absl code: InvalidArgument/OutOfRange 400, Unauthenticated 401,
// PermissionDenied 403, NotFound 404, AlreadyExists/FailedPrecondition/Aborted 409,
// ResourceExhausted 413, Unimplemented 501, Unavailable/Cancelled 503, DeadlineExceeded 504,
// DataLoss/Internal/Unknown 500.
int HttpStatusFor(absl::StatusCode code);

// The HTTP status of an error: HttpStatusFor(code), except 507 Insufficient Storage for the
// store's disk-full refusal (storage/disk_space.h), which the client may retry later.
int HttpStatusFor(const absl::Status& status);

// `message` with every filesystem path cut to its last component: an error body never shows
// where the server keeps its files (RocksDB puts whole paths in its messages:
// "While appending to file: /srv/gridline/000012.log" -> "... file: 000012.log"). A path is a
// word that starts with '/' (API paths, which start with "/api/", are kept), or any word with a
// '/' whose last component is a RocksDB file name (digits .sst/.log, MANIFEST-, OPTIONS-,
// CURRENT, LOCK, IDENTITY, LOG).
std::string RedactPaths(std::string_view message);

// The stable `error` code of an absl code: its name in snake_case (`invalid_argument`).
std::string_view ErrorCode(absl::StatusCode code);

// Writes `"error": .., "message": .., "detail": ..` into an open object (detail_json is raw
// JSON text; empty writes null).
void WriteErrorMembers(JsonWriter& w, std::string_view code, std::string_view message,
                       std::string_view detail_json);

// The whole error body, newline-terminated; its message goes through RedactPaths.
std::string ErrorBody(std::string_view code, std::string_view message,
                      std::string_view detail_json = "");
std::string ErrorBody(const absl::Status& status);

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_API_ERROR_H_
