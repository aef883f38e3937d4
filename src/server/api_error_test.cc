// Tests of the API's errors: absl codes to HTTP statuses and stable codes, wheres carried on a
// Status, and the JSON body {"error", "message", "detail"}.
#include "server/api_error.h"

#include "gtest/gtest.h"

namespace gridline::server {
namespace {

TEST(ApiError, CodesMapToHttpStatuses) {
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kFailedPrecondition), 409);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kResourceExhausted), 413);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kDeadlineExceeded), 504);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kDataLoss), 500);
  EXPECT_EQ(HttpStatusFor(absl::StatusCode::kInternal), 500);
  EXPECT_EQ(ErrorCode(absl::StatusCode::kInvalidArgument), "invalid_argument");
  EXPECT_EQ(ErrorCode(absl::StatusCode::kNotFound), "not_found");
  EXPECT_EQ(ErrorCode(absl::StatusCode::kUnauthenticated), "unauthenticated");
  EXPECT_EQ(ErrorCode(absl::StatusCode::kDataLoss), "data_loss");
}

TEST(ApiError, BodyWithoutWhereHasNullDetail) {
  EXPECT_EQ(ErrorBody(absl::NotFoundError("unknown meter 'M\"1'")),
            "{\"error\":\"not_found\",\"message\":\"unknown meter 'M\\\"1'\",\"detail\":null}\n");
}

TEST(ApiError, WhereTravelsOnTheStatus) {
  const absl::Status s = InvalidParameter("from", "'x' is not a time");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorBody(s),
            "{\"error\":\"invalid_argument\",\"message\":\"from: 'x' is not a time\","
            "\"detail\":{\"parameter\":\"from\"}}\n");
  Where w;
  w.file = "body";
  w.line = 3;
  w.field = "kwh";
  const absl::Status t = WithWhere(absl::InvalidArgumentError("bad"), w);
  EXPECT_EQ(*DetailJson(t), "{\"file\":\"body\",\"line\":3,\"field\":\"kwh\"}");
  EXPECT_FALSE(DetailJson(absl::InternalError("x")).has_value());
}

}  // namespace
}  // namespace gridline::server
