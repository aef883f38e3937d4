// body_queue_test.cc: the bounded queue between a streamed upload's socket and its handler.
#include "server/transport/body_queue.h"

#include <atomic>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "gtest/gtest.h"

namespace gridline::server::transport {
namespace {

using std::chrono::milliseconds;

std::string ReadAll(BodyQueue& q, absl::Status* error) {
  std::string out;
  char buf[7000];
  while (true) {
    absl::StatusOr<size_t> n = q.Read(buf, sizeof buf);
    if (!n.ok()) {
      *error = n.status();
      return out;
    }
    if (*n == 0) return out;
    out.append(buf, *n);
  }
}

TEST(BodyQueue, PushReportsFullAtItsBoundAndTheReaderResumesTheWriter) {
  std::atomic<int> resumed{0};
  BodyQueue q(2, milliseconds(5000), [&] { ++resumed; });
  EXPECT_TRUE(q.Push("aaa"));
  EXPECT_FALSE(q.Push("bbb"));  // two chunks wait: the writer must stop
  EXPECT_EQ(resumed, 0);
  char buf[2];
  ASSERT_EQ(*q.Read(buf, 2), 2u);  // the first read resumes the writer once
  EXPECT_EQ(resumed, 1);
  ASSERT_EQ(*q.Read(buf, 2), 2u);  // "ab": "aaa" left the full queue, the writer may go on
  EXPECT_EQ(std::string(buf, 2), "ab");
  EXPECT_EQ(resumed, 2);
  q.Finish();
  absl::Status error;
  EXPECT_EQ(ReadAll(q, &error), "bb");
  EXPECT_TRUE(error.ok());
  EXPECT_TRUE(q.complete());
  EXPECT_EQ(q.bytes_pushed(), 6u);
}

TEST(BodyQueue, NothingIsReadBeforeTheFirstReadAsksForIt) {
  std::atomic<int> resumed{0};
  BodyQueue q(4, milliseconds(5000), [&] { ++resumed; });
  EXPECT_EQ(resumed, 0);
  q.Abort();  // a handler that never read (a 401): the writer was never started
  EXPECT_EQ(resumed, 0);
  EXPECT_TRUE(q.aborted());
  EXPECT_FALSE(q.complete());
  EXPECT_FALSE(q.Push("x"));
}

TEST(BodyQueue, AFailureComesAfterTheBytesBeforeIt) {
  BodyQueue q(4, milliseconds(5000), [] {});
  ASSERT_TRUE(q.Push("line 1\n"));
  q.Fail(absl::UnavailableError("the client went away"));
  absl::Status error;
  EXPECT_EQ(ReadAll(q, &error), "line 1\n");
  EXPECT_EQ(error.code(), absl::StatusCode::kUnavailable);
  EXPECT_FALSE(q.complete());
}

TEST(BodyQueue, AbortDropsWhatWaitsAndLaterPushes) {
  BodyQueue q(4, milliseconds(5000), [] {});
  ASSERT_TRUE(q.Push("abc"));
  q.Abort();
  EXPECT_FALSE(q.Push("def"));
  char buf[8];
  EXPECT_EQ(q.Read(buf, 8).status().code(), absl::StatusCode::kCancelled);
}

TEST(BodyQueue, AReaderNeverWaitsLongerThanItsBound) {
  BodyQueue q(4, milliseconds(100), [] {});
  char buf[8];
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<size_t> n = q.Read(buf, 8);
  EXPECT_EQ(n.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(5000));
}

// A writer thread that, like the connection's strand, stops when Push says the queue is full and
// goes on only when resumed; a reader thread that drains it. Every byte arrives in order and the
// queue never holds more than its bound.
TEST(BodyQueueConcurrency, WriterAndReaderThreadsMoveEveryByteUnderTheBound) {
  constexpr size_t kChunks = 3;
  constexpr size_t kChunkBytes = 4096;
  constexpr int kTotalChunks = 2000;
  absl::Mutex mu;
  bool may_write = false;
  BodyQueue q(kChunks, milliseconds(10'000), [&] {
    absl::MutexLock lock(&mu);
    may_write = true;
  });
  std::thread writer([&] {
    int sent = 0;
    while (sent < kTotalChunks) {
      {
        absl::MutexLock lock(&mu);
        mu.Await(absl::Condition(&may_write));
        may_write = false;
      }
      bool room = true;
      while (room && sent < kTotalChunks) {
        std::string chunk(kChunkBytes, static_cast<char>('a' + sent % 26));
        room = q.Push(std::move(chunk));
        ++sent;
      }
      if (room) break;
    }
    q.Finish();
  });
  absl::Status error;
  std::string got;
  size_t max_waiting = 0;
  char buf[1500];
  while (true) {
    max_waiting = std::max<size_t>(max_waiting, q.bytes_pushed() - got.size());
    absl::StatusOr<size_t> n = q.Read(buf, sizeof buf);
    ASSERT_TRUE(n.ok()) << n.status();
    if (*n == 0) break;
    got.append(buf, *n);
  }
  writer.join();
  ASSERT_EQ(got.size(), kChunkBytes * kTotalChunks);
  for (int c = 0; c < kTotalChunks; ++c) {
    ASSERT_EQ(got[c * kChunkBytes], static_cast<char>('a' + c % 26)) << c;
    ASSERT_EQ(got[c * kChunkBytes + kChunkBytes - 1], static_cast<char>('a' + c % 26)) << c;
  }
  EXPECT_LE(max_waiting, kChunks * kChunkBytes);
  EXPECT_TRUE(q.complete());
}

}  // namespace
}  // namespace gridline::server::transport
