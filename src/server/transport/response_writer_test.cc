// Tests of SocketWriter's deadline: an answer must go out within --write-timeout of its first
// byte, however slowly the client reads (issue 11, item 7: a client taking a byte now and then
// held a worker for as long as it liked, since only each wait was bounded); and of the answer's
// head.
#include "server/transport/response_writer.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "httplib.h"

namespace gridline::server::transport {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

TEST(SocketWriter, SlowReaderIsCutAtTheAnswersDeadline) {
  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  const int small = 4096;
  ::setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
  ::setsockopt(fds[1], SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  ::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK);

  // The reader takes a few bytes every 20 ms: each wait of the writer is short, so only a
  // deadline for the whole answer stops it.
  std::atomic<bool> stop{false};
  std::thread reader([&] {
    char buf[64];
    while (!stop.load()) {
      if (::read(fds[1], buf, sizeof buf) <= 0) break;
      std::this_thread::sleep_for(milliseconds(20));
    }
  });
  SocketWriter out(fds[0], milliseconds(300));
  const std::string answer(8 << 20, 'x');
  const Clock::time_point start = Clock::now();
  EXPECT_FALSE(out.Write(answer));
  const auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  EXPECT_FALSE(out.ok());
  EXPECT_GE(took.count(), 250);
  EXPECT_LT(took.count(), 3000) << "the writer kept going past its deadline";
  stop = true;
  ::shutdown(fds[0], SHUT_RDWR);
  ::close(fds[0]);
  reader.join();
  ::close(fds[1]);
}

TEST(SocketWriter, ReaderThatKeepsUpGetsTheWholeAnswer) {
  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
  ::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK);
  size_t got = 0;
  std::thread reader([&] {
    char buf[1 << 16];
    ssize_t n;
    while ((n = ::read(fds[1], buf, sizeof buf)) > 0) got += static_cast<size_t>(n);
  });
  SocketWriter out(fds[0], milliseconds(5000));
  const std::string answer(4 << 20, 'x');
  EXPECT_TRUE(out.Write(answer));
  ::shutdown(fds[0], SHUT_WR);
  reader.join();
  ::close(fds[0]);
  ::close(fds[1]);
  EXPECT_EQ(got, answer.size());
}

// Found with InfluxDB clients' /ping and /write: a 204 announced `Content-Length: 0`, which
// RFC 9110 forbids for 1xx, 204 and 304 answers (they have no body).
TEST(ResponseHead, NoBodyAnswersAnnounceNoLength) {
  httplib::Response r;
  r.status = 204;
  EXPECT_EQ(ResponseHead(r, /*chunked=*/false, /*keep_alive=*/true).find("Content-Length"),
            std::string::npos);
  r.status = 304;
  EXPECT_EQ(ResponseHead(r, false, true).find("Content-Length"), std::string::npos);
  r.status = 200;
  EXPECT_NE(ResponseHead(r, false, true).find("Content-Length: 0\r\n"), std::string::npos);
  EXPECT_FALSE(HasBody(204));
  EXPECT_FALSE(HasBody(101));
  EXPECT_TRUE(HasBody(200));
  EXPECT_TRUE(HasBody(404));
}

}  // namespace
}  // namespace gridline::server::transport
