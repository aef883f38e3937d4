// deadline_test.cc: Deadline (deadline.h).
#include "common/deadline.h"

#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace gridline {
namespace {

using ::testing::HasSubstr;

TEST(Deadline, DefaultNeverExpires) {
  const Deadline d;
  EXPECT_FALSE(d.is_set());
  EXPECT_FALSE(d.Expired());
  EXPECT_TRUE(d.Check("anything").ok());
}

TEST(Deadline, ExpiresAfterItsBudget) {
  const Deadline d = Deadline::In(std::chrono::milliseconds(30));
  EXPECT_TRUE(d.is_set());
  EXPECT_FALSE(d.Expired());
  EXPECT_TRUE(d.Check("reading").ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  EXPECT_TRUE(d.Expired());
  const absl::Status s = d.Check("reading series 7");
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(s.message(), HasSubstr("stopped while reading series 7"));
  EXPECT_THAT(s.message(), HasSubstr("0.03 s"));
}

TEST(Deadline, StartsWhereItIsTold) {
  // A request that waited for a worker has used part of its budget already.
  const Deadline d(Deadline::Clock::now() - std::chrono::seconds(2), std::chrono::seconds(1));
  EXPECT_TRUE(d.Expired());
  EXPECT_EQ(d.budget(), std::chrono::seconds(1));
}

}  // namespace
}  // namespace gridline
