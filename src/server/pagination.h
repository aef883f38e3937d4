// pagination.h: how list routes page: `limit` (1..ServerLimits::max_page, default
// default_page) items per answer and an opaque `cursor`, the `next_cursor` of the previous
// answer (null on the last page). A cursor is the base64url of the last key served, so a list
// keeps its order while items are added.
//
// A list route declares PageParams() among its params, reads Page(request), and writes
// WriteNextCursor(w, key or "") as its answer's `next_cursor`.
#ifndef GRIDLINE_SERVER_PAGINATION_H_
#define GRIDLINE_SERVER_PAGINATION_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/json_writer.h"
#include "server/api_request.h"
#include "server/route.h"

namespace gridline::server {

struct PageRequest {
  size_t limit = 100;
  std::string after;  // the key after which this page starts; "" for the first page
};

// The `limit` and `cursor` parameters.
std::vector<ParamSpec> PageParams();

// InvalidParameter for a limit out of range or a cursor that is not one of ours.
absl::StatusOr<PageRequest> Page(const ApiRequest& request);

std::string EncodeCursor(std::string_view key);
absl::StatusOr<std::string> DecodeCursor(std::string_view cursor);

// Writes the member `"next_cursor"`: the cursor of `last_key`, or null when it is empty.
void WriteNextCursor(JsonWriter& w, std::string_view last_key);

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_PAGINATION_H_
