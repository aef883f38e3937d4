// pagination.cc: page parameters and cursors (pagination.h).
#include "server/pagination.h"

#include "common/status_macros.h"
#include "fmt/format.h"
#include "server/api_error.h"

namespace gridline::server {

namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kCursorTag = "c1:";  // lets a cursor format change later

}  // namespace

std::vector<ParamSpec> PageParams() {
  return {QueryParam("limit", ParamType::kInteger, "items per page (1..1000)", false, "100"),
          QueryParam("cursor", ParamType::kString,
                     "where to go on: the next_cursor of the previous page")};
}

std::string EncodeCursor(std::string_view key) {
  const std::string raw = std::string(kCursorTag) + std::string(key);
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : raw) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(acc >> bits) & 63]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (6 - bits)) & 63]);
  return out;
}

absl::StatusOr<std::string> DecodeCursor(std::string_view cursor) {
  std::string raw;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : cursor) {
    const size_t v = kAlphabet.find(c);
    if (v == std::string_view::npos) return InvalidParameter("cursor", "not a cursor of this list");
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      raw.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  if (raw.substr(0, kCursorTag.size()) != kCursorTag) {
    return InvalidParameter("cursor", "not a cursor of this list");
  }
  return raw.substr(kCursorTag.size());
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
