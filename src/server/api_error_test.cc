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

TEST(ApiError, RetryAfterTravelsOnTheStatus) {
  // The privacy check's "ask again" 503 carries Retry-After (the dispatcher sets the header).
  const absl::Status plain = absl::UnavailableError("ask again");
  EXPECT_FALSE(RetryAfterSeconds(plain).has_value());
  const absl::Status again = WithRetryAfter(plain, 1);
  ASSERT_TRUE(RetryAfterSeconds(again).has_value());
  EXPECT_EQ(*RetryAfterSeconds(again), 1);
  EXPECT_EQ(HttpStatusFor(again), 503);
  EXPECT_EQ(again.message(), "ask again");
}

TEST(ApiError, DiskFullIsInsufficientStorage507) {
  EXPECT_EQ(HttpStatusFor(absl::UnavailableError("m.csv: storing readings failed after line 9: "
                                                 "disk full: writing readings: 3.0 MiB free")),
            507);
  // Other Unavailable errors stay 503.
  EXPECT_EQ(HttpStatusFor(absl::UnavailableError("store is busy")), 503);
  EXPECT_EQ(HttpStatusFor(absl::DataLossError("disk full")), 500);
}

TEST(ApiError, BodiesNeverShowServerPaths) {
  // RocksDB's own messages, as FromRocks passes them on.
  const std::string body = ErrorBody(absl::DataLossError(
      "reading series 3: Corruption: block checksum mismatch: stored = 1, computed = 2, type = 1"
      "  in /srv/grid data/x/000123.sst offset 0 size 4096"));
  EXPECT_EQ(body.find("/srv"), std::string::npos) << body;
  EXPECT_EQ(body.find("data/x"), std::string::npos) << body;
  EXPECT_NE(body.find("000123.sst offset 0"), std::string::npos) << body;
  const std::string io = ErrorBody(absl::UnavailableError(
      "writing readings: IO error: No space left on device: While appending to file: "
      "/tmp/d/000012.log: No space left on device"));
  EXPECT_EQ(io.find("/tmp"), std::string::npos) << io;
  EXPECT_NE(io.find("file: 000012.log: No space"), std::string::npos) << io;
  // A relative data directory is a path too when it leads to a RocksDB file.
  EXPECT_EQ(RedactPaths("While open a file for appending: gridline-data/MANIFEST-000005: x"),
            "While open a file for appending: MANIFEST-000005: x");
  // API paths, URLs, ratios and plain words are kept.
  EXPECT_EQ(RedactPaths("no route for /api/v1/nothing (see http://host/docs), 3/4 done."),
            "no route for /api/v1/nothing (see http://host/docs), 3/4 done.");
  EXPECT_EQ(RedactPaths("opening '/var/lib/gridline': locked."), "opening 'gridline': locked.");
}

}  // namespace
}  // namespace gridline::server
