// Idempotency-Key answers (idempotency.h): a retry gets the first answer byte for byte, per
// caller, for 24 hours, across restarts (the log), with a torn log tail ignored, bounded, and a
// concurrent retry waits for the first.
#include "server/idempotency.h"

#include <atomic>
#include <fstream>
#include <thread>

#include "gtest/gtest.h"
#include "test/test_util.h"

namespace gridline::server {
namespace {

struct Clock {
  std::atomic<int64_t> now{1'782'864'000};
  std::function<int64_t()> fn() {
    return [this] { return now.load(); };
  }
};

TEST(Idempotency, RetryGetsTheFirstAnswerPerCaller) {
  testing::TempDir dir;
  Clock clock;
  auto store = IdempotencyStore::Open(dir.path(), clock.fn());
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_FALSE((*store)->BeginOrReplay("alice", "k1").has_value());
  ASSERT_TRUE((*store)->Finish("alice", "k1", {200, "application/json", "{\"accepted\":96}"}).ok());
  std::optional<KeptAnswer> again = (*store)->BeginOrReplay("alice", "k1");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(again->content_type, "application/json");
  EXPECT_EQ(again->body, "{\"accepted\":96}");
  // Another caller's key of the same name is its own.
  EXPECT_FALSE((*store)->BeginOrReplay("bob", "k1").has_value());
  (*store)->Release("bob", "k1");
  EXPECT_FALSE((*store)->BeginOrReplay("bob", "k1").has_value());  // released: runs again
  (*store)->Release("bob", "k1");
  // 24 hours later it is forgotten.
  clock.now += IdempotencyStore::kKeepSeconds - 1;
  EXPECT_TRUE((*store)->BeginOrReplay("alice", "k1").has_value());
  clock.now += 1;
  EXPECT_FALSE((*store)->BeginOrReplay("alice", "k1").has_value());
  (*store)->Release("alice", "k1");
}

TEST(Idempotency, AnswersSurviveARestartAndATornTail) {
  testing::TempDir dir;
  Clock clock;
  {
    auto store = IdempotencyStore::Open(dir.path(), clock.fn());
    ASSERT_TRUE(store.ok());
    for (int i = 0; i < 3; ++i) {
      const std::string k = "key-" + std::to_string(i);
      EXPECT_FALSE((*store)->BeginOrReplay("c", k).has_value());
      ASSERT_TRUE((*store)->Finish("c", k, {200 + i, "text/plain", std::string(10 + i, 'x')}).ok());
    }
  }
  // A crash in the middle of an append leaves a torn record: it is ignored, the rest is read.
  {
    std::ofstream out(dir.path() + "/idempotency.log", std::ios::app | std::ios::binary);
    out << std::string("\x40\x00\x00\x00garbage", 11);
  }
  clock.now += 3600;
  auto store = IdempotencyStore::Open(dir.path(), clock.fn());
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->size(), 3u);
  std::optional<KeptAnswer> a = (*store)->BeginOrReplay("c", "key-2");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->status, 202);
  EXPECT_EQ(a->body, std::string(12, 'x'));
  // A day later, a restart drops them from the log too.
  clock.now += IdempotencyStore::kKeepSeconds;
  store = IdempotencyStore::Open(dir.path(), clock.fn());
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->size(), 0u);
}

TEST(Idempotency, AConcurrentRetryWaitsForTheFirst) {
  testing::TempDir dir;
  auto store = IdempotencyStore::Open(dir.path());
  ASSERT_TRUE(store.ok());
  ASSERT_FALSE((*store)->BeginOrReplay("c", "slow").has_value());
  std::atomic<bool> got{false};
  std::optional<KeptAnswer> seen;
  std::thread retry([&] {
    seen = (*store)->BeginOrReplay("c", "slow");
    got = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(got.load());  // still waiting for the first
  ASSERT_TRUE((*store)->Finish("c", "slow", {201, "application/json", "first"}).ok());
  retry.join();
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->body, "first");
}

TEST(Idempotency, KeysAreBoundedPrintableAscii) {
  EXPECT_EQ(IdempotencyStore::KeyProblem("9f1c-retry_7"), "");
  EXPECT_NE(IdempotencyStore::KeyProblem(""), "");
  EXPECT_NE(IdempotencyStore::KeyProblem("has space"), "");
  EXPECT_NE(IdempotencyStore::KeyProblem("nl\n"), "");
  EXPECT_NE(IdempotencyStore::KeyProblem(std::string(256, 'k')), "");
  EXPECT_EQ(IdempotencyStore::KeyProblem(std::string(255, 'k')), "");
}

TEST(Idempotency, LargeAnswersAreNotKept) {
  testing::TempDir dir;
  auto store = IdempotencyStore::Open(dir.path());
  ASSERT_TRUE(store.ok());
  ASSERT_FALSE((*store)->BeginOrReplay("c", "big").has_value());
  ASSERT_TRUE((*store)
                  ->Finish("c", "big",
                           {200, "text/csv", std::string(IdempotencyStore::kMaxBodyBytes + 1, 'x')})
                  .ok());
  EXPECT_EQ((*store)->size(), 0u);
  EXPECT_FALSE((*store)->BeginOrReplay("c", "big").has_value());
  (*store)->Release("c", "big");
}

}  // namespace
}  // namespace gridline::server
