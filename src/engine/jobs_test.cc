#include "engine/jobs.h"

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace gridline::engine {
namespace {

TEST(Jobs, ReportsProgressAndResult) {
  Jobs jobs;
  absl::Notification go;
  const uint64_t id = jobs.Start("topology", [&](JobProgress& p) -> absl::StatusOr<std::string> {
    p.Set(1, 4);
    go.WaitForNotification();
    p.Set(4, 4);
    return std::string("moved 4 meters");
  });
  // Running, with the progress it reported.
  for (int i = 0; i < 1000 && jobs.Get(id)->done == 0; ++i) absl::SleepFor(absl::Milliseconds(1));
  std::optional<JobInfo> info = jobs.Get(id);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->state, JobState::kRunning);
  EXPECT_EQ(info->done, 1u);
  EXPECT_EQ(info->total, 4u);
  EXPECT_GE(jobs.OldestRunningSeconds("topology"), 0.0);
  EXPECT_EQ(jobs.OldestRunningSeconds("vee"), 0.0);
  go.Notify();
  jobs.WaitIdle();
  info = jobs.Get(id);
  EXPECT_EQ(info->state, JobState::kSucceeded);
  EXPECT_EQ(info->message, "moved 4 meters");
  EXPECT_GT(info->finished_us, 0);
  EXPECT_FALSE(jobs.Get(id + 1).has_value());
}

TEST(Jobs, KeepsTheError) {
  Jobs jobs;
  const uint64_t id = jobs.Start("topology", [](JobProgress&) -> absl::StatusOr<std::string> {
    return absl::InvalidArgumentError("t.csv:3: parent_id: unknown parent 'F9'");
  });
  jobs.WaitIdle();
  EXPECT_EQ(jobs.Get(id)->state, JobState::kFailed);
  EXPECT_EQ(jobs.Get(id)->message, "t.csv:3: parent_id: unknown parent 'F9'");
  EXPECT_EQ(jobs.List().size(), 1u);
}

}  // namespace
}  // namespace gridline::engine
