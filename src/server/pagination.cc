// pagination.cc: page parameters and cursors (pagination.h).
#include "server/pagination.h"

#include "common/base64url.h"
#include "common/status_macros.h"
#include "fmt/format.h"
#include "server/api_error.h"

namespace gridline::server {

namespace {

constexpr std::string_view kCursorTag = "c1:";  // lets a cursor format change later

}  // namespace

std::vector<ParamSpec> PageParams() {
  return {QueryParam("limit", ParamType::kInteger, "items per page (1..1000)", false, "100"),
          QueryParam("cursor", ParamType::kString,
                     "where to go on: the next_cursor of the previous page")};
}

std::string EncodeCursor(std::string_view key) {
  return Base64UrlEncode(std::string(kCursorTag) + std::string(key));
}

absl::StatusOr<std::string> DecodeCursor(std::string_view cursor) {
  const std::optional<std::string> raw = Base64UrlDecode(cursor);
  if (!raw || raw->substr(0, kCursorTag.size()) != kCursorTag) {
    return InvalidParameter("cursor", "not a cursor of this list");
  }
  return raw->substr(kCursorTag.size());
}

absl::StatusOr<PageRequest> Page(const ApiRequest& request) {
  const ServerLimits& limits = request.context().limits;
  PageRequest page;
  GL_ASSIGN_OR_RETURN(const int64_t limit,
                      request.Int("limit", static_cast<int64_t>(limits.default_page)));
  if (limit < 1 || limit > static_cast<int64_t>(limits.max_page)) {
    return InvalidParameter("limit", fmt::format("must be 1..{}", limits.max_page));
  }
  page.limit = static_cast<size_t>(limit);
  if (std::optional<std::string> cursor = request.Query("cursor")) {
    GL_ASSIGN_OR_RETURN(page.after, DecodeCursor(*cursor));
  }
  return page;
}

void WriteNextCursor(JsonWriter& w, std::string_view last_key) {
  WriteKey(w, "next_cursor");
  if (last_key.empty()) {
    w.Null();
  } else {
    WriteString(w, EncodeCursor(last_key));
  }
}

}  // namespace gridline::server
