// worker_pool_test.cc: the bounded pool that runs complete requests.
#include "server/transport/worker_pool.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"

namespace gridline::server::transport {
namespace {

TEST(WorkerPool, RefusesTasksPastTheQueueLimit) {
  WorkerPool pool(1, 2);
  absl::Notification release, started;
  std::atomic<int> ran{0};
  ASSERT_TRUE(pool.TrySubmit([&] {
    started.Notify();
    release.WaitForNotification();
    ++ran;
  }));
  started.WaitForNotification();  // the one worker is busy: the next two wait in the queue
  EXPECT_TRUE(pool.TrySubmit([&] { ++ran; }));
  EXPECT_TRUE(pool.TrySubmit([&] { ++ran; }));
  EXPECT_FALSE(pool.TrySubmit([&] { ++ran; }));
  release.Notify();
  pool.Shutdown();  // runs what was queued
  EXPECT_EQ(ran.load(), 3);
  EXPECT_FALSE(pool.TrySubmit([] {}));
}

}  // namespace
}  // namespace gridline::server::transport
