// api_error.cc: absl codes to HTTP statuses and error codes, wheres as status payloads, and
// the JSON error body.
#include "server/api_error.h"

#include <charconv>

#include "absl/strings/cord.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "storage/disk_space.h"

namespace gridline::server {

namespace {

constexpr char kWherePayload[] = "type.gridline/where";
constexpr char kCodePayload[] = "type.gridline/error_code";
constexpr char kRetryAfterPayload[] = "type.gridline/retry_after";

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Whether `name` is a file RocksDB keeps in a database directory.
bool IsRocksFileName(std::string_view name) {
  for (std::string_view fixed : {"CURRENT", "LOCK", "IDENTITY", "LOG"}) {
    if (name == fixed) return true;
  }
  if (StartsWith(name, "MANIFEST-") || StartsWith(name, "OPTIONS-") || StartsWith(name, "LOG.")) {
    return true;
  }
  const size_t dot = name.find('.');
  if (dot == 0 || dot == std::string_view::npos) return false;
  for (size_t i = 0; i < dot; ++i) {
    if (name[i] < '0' || name[i] > '9') return false;
  }
  const std::string_view ext = name.substr(dot);
  return ext == ".sst" || ext == ".log" || ext == ".blob" || ext == ".dbtmp";
}

// A character that ends a word that may be a path.
bool EndsPath(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\'' || c == '"' || c == ',' || c == ';' ||
         c == ':' || c == '(' || c == ')' || c == '[' || c == ']' || c == '<' || c == '>';
}

}  // namespace

std::string RedactPaths(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  size_t i = 0;
  while (i < message.size()) {
    if (EndsPath(message[i])) {
      out.push_back(message[i++]);
      continue;
    }
    size_t end = i;
    while (end < message.size() && !EndsPath(message[end])) ++end;
    std::string_view word = message.substr(i, end - i);
    // A sentence's full stop is not part of a path.
    std::string_view tail;
    if (EndsWith(word, ".") && word.size() > 1) {
      word.remove_suffix(1);
      tail = ".";
    }
    const size_t slash = word.rfind('/');
    const std::string_view last = slash == std::string_view::npos ? word : word.substr(slash + 1);
    const bool absolute = StartsWith(word, "/") && !StartsWith(word, "//") &&
                          !StartsWith(word, "/api/") && word != "/";
    if (slash != std::string_view::npos && (absolute || IsRocksFileName(last))) {
      out.append(last.empty() ? std::string_view("(path)") : last);
    } else {
      out.append(word);
    }
    out.append(tail);
    i = end;
  }
  return out;
}

void WriteWhere(JsonWriter& w, const Where& where) {
  w.StartObject();
  if (!where.parameter.empty()) {
    WriteKey(w, "parameter");
    WriteString(w, where.parameter);
  }
  if (!where.file.empty()) {
    WriteKey(w, "file");
    WriteString(w, where.file);
  }
  if (where.line > 0) {
    WriteKey(w, "line");
    w.Int64(where.line);
  }
  if (where.index >= 0) {
    WriteKey(w, "index");
    w.Int64(where.index);
  }
  if (!where.field.empty()) {
    WriteKey(w, "field");
    WriteString(w, where.field);
  }
  if (where.offset >= 0) {
    WriteKey(w, "offset");
    w.Int64(where.offset);
  }
  w.EndObject();
}

absl::Status WithWhere(absl::Status status, const Where& where) {
  std::string json;
  JsonStringSink sink(&json);
  JsonWriter w(sink);
  WriteWhere(w, where);
  status.SetPayload(kWherePayload, absl::Cord(json));
  return status;
}

absl::Status WithErrorCode(absl::Status status, std::string_view code) {
  status.SetPayload(kCodePayload, absl::Cord(std::string(code)));
  return status;
}

absl::Status WithRetryAfter(absl::Status status, int seconds) {
  status.SetPayload(kRetryAfterPayload, absl::Cord(std::to_string(seconds)));
  return status;
}

std::optional<int> RetryAfterSeconds(const absl::Status& status) {
  auto payload = status.GetPayload(kRetryAfterPayload);
  if (!payload.has_value()) return std::nullopt;
  const std::string text(*payload);
  int seconds = 0;
  if (std::from_chars(text.data(), text.data() + text.size(), seconds).ec != std::errc()) {
    return std::nullopt;
  }
  return seconds;
}

absl::Status InvalidParameter(std::string_view name, std::string_view message) {
  Where where;
  where.parameter = std::string(name);
  return WithWhere(absl::InvalidArgumentError(fmt::format("{}: {}", name, message)), where);
}

std::optional<std::string> DetailJson(const absl::Status& status) {
  auto payload = status.GetPayload(kWherePayload);  // absl::optional in Debian's Abseil
  if (!payload.has_value()) return std::nullopt;
  return std::string(*payload);
}

int HttpStatusFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 413;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kCancelled:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    default:  // DataLoss, Internal, Unknown
      return 500;
  }
}

int HttpStatusFor(const absl::Status& status) {
  if (storage::IsDiskFull(status)) return 507;
  return HttpStatusFor(status.code());
}

std::string_view ErrorCode(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return "ok";
    case absl::StatusCode::kCancelled:
      return "cancelled";
    case absl::StatusCode::kInvalidArgument:
      return "invalid_argument";
    case absl::StatusCode::kDeadlineExceeded:
      return "deadline_exceeded";
    case absl::StatusCode::kNotFound:
      return "not_found";
    case absl::StatusCode::kAlreadyExists:
      return "already_exists";
    case absl::StatusCode::kPermissionDenied:
      return "permission_denied";
    case absl::StatusCode::kResourceExhausted:
      return "resource_exhausted";
    case absl::StatusCode::kFailedPrecondition:
      return "failed_precondition";
    case absl::StatusCode::kAborted:
      return "aborted";
    case absl::StatusCode::kOutOfRange:
      return "out_of_range";
    case absl::StatusCode::kUnimplemented:
      return "unimplemented";
    case absl::StatusCode::kInternal:
      return "internal";
    case absl::StatusCode::kUnavailable:
      return "unavailable";
    case absl::StatusCode::kDataLoss:
      return "data_loss";
    case absl::StatusCode::kUnauthenticated:
      return "unauthenticated";
    default:
      return "unknown";
  }
}

void WriteErrorMembers(JsonWriter& w, std::string_view code, std::string_view message,
                       std::string_view detail_json) {
  WriteKey(w, "error");
  WriteString(w, code);
  WriteKey(w, "message");
  WriteString(w, RedactPaths(message));
  WriteKey(w, "detail");
  if (detail_json.empty()) {
    w.Null();
  } else {
    w.RawValue(detail_json.data(), detail_json.size(), rapidjson::kObjectType);
  }
}

std::string ErrorBody(std::string_view code, std::string_view message,
                      std::string_view detail_json) {
  std::string body;
  JsonStringSink sink(&body);
  JsonWriter w(sink);
  w.StartObject();
  WriteErrorMembers(w, code, message, detail_json);
  w.EndObject();
  body.push_back('\n');
  return body;
}

std::string ErrorBody(const absl::Status& status) {
  const std::optional<std::string> detail = DetailJson(status);
  auto code = status.GetPayload(kCodePayload);
  if (code.has_value()) {
    return ErrorBody(std::string(*code), StdView(status.message()),
                     detail ? std::string_view(*detail) : std::string_view());
  }
  return ErrorBody(ErrorCode(status.code()), StdView(status.message()),
                   detail ? std::string_view(*detail) : std::string_view());
}

}  // namespace gridline::server
