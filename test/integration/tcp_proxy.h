// tcp_proxy.h: a TCP proxy on 127.0.0.1 for integration tests that must stand between gridline
// and a real server (the MQTT broker). It forwards bytes both ways on one thread; while
// DropFromClient(true) it reads what the client (gridline) sends and throws it away, so a test can
// let the feed write messages whose PUBACKs never reach the broker, then kill -9 gridline.
#ifndef GRIDLINE_TEST_INTEGRATION_TCP_PROXY_H_
#define GRIDLINE_TEST_INTEGRATION_TCP_PROXY_H_

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace gridline::testing {

class TcpProxy {
 public:
  explicit TcpProxy(int upstream_port) : upstream_port_(upstream_port) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a = {};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(a);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0 &&
        ::listen(listen_fd_, 16) == 0 &&
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
      port_ = ntohs(a.sin_port);
    }
    if (::pipe2(wake_, O_CLOEXEC) != 0) wake_[0] = wake_[1] = -1;
    thread_ = std::thread([this] { Run(); });
  }
  ~TcpProxy() {
    stop_ = true;
    const char b = 0;
    [[maybe_unused]] const ssize_t n = ::write(wake_[1], &b, 1);
    thread_.join();
    for (const Pair& p : pairs_) {
      ::close(p.client);
      ::close(p.upstream);
    }
    ::close(listen_fd_);
    ::close(wake_[0]);
    ::close(wake_[1]);
  }
  TcpProxy(const TcpProxy&) = delete;
  TcpProxy& operator=(const TcpProxy&) = delete;

  int port() const { return port_; }
  std::string mqtt_url() const { return "mqtt://127.0.0.1:" + std::to_string(port_); }
  // While on, the client's bytes are read and dropped instead of forwarded.
  void DropFromClient(bool on) { drop_ = on; }
  uint64_t dropped_bytes() const { return dropped_; }

 private:
  struct Pair {
    int client, upstream;
  };

  int ConnectUpstream() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a = {};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(upstream_port_));
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
      ::close(fd);
      return -1;
    }
    return fd;
  }

  // Copies what `from` holds to `to` (blocking writes: the test's peers read promptly); false
  // when `from` closed or either failed.
  bool Forward(int from, int to, bool drop) {
    char buf[64 << 10];
    const ssize_t n = ::recv(from, buf, sizeof buf, 0);
    if (n <= 0) return false;
    if (drop) {
      dropped_ += static_cast<uint64_t>(n);
      return true;
    }
    for (ssize_t off = 0; off < n;) {
      const ssize_t w = ::send(to, buf + off, static_cast<size_t>(n - off), MSG_NOSIGNAL);
      if (w <= 0) return false;
      off += w;
    }
    return true;
  }

  void Run() {
    while (!stop_) {
      std::vector<pollfd> fds = {{wake_[0], POLLIN, 0}, {listen_fd_, POLLIN, 0}};
      for (const Pair& p : pairs_) {
        fds.push_back({p.client, POLLIN, 0});
        fds.push_back({p.upstream, POLLIN, 0});
      }
      if (::poll(fds.data(), fds.size(), 1000) <= 0) continue;
      if (fds[1].revents & POLLIN) {
        const int c = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        const int u = c >= 0 ? ConnectUpstream() : -1;
        if (u >= 0) {
          pairs_.push_back({c, u});
        } else if (c >= 0) {
          ::close(c);
        }
      }
      std::vector<Pair> kept;
      for (size_t i = 0; i < pairs_.size() && 2 + 2 * i + 1 < fds.size(); ++i) {
        const Pair& p = pairs_[i];
        bool ok = true;
        if (fds[2 + 2 * i].revents & (POLLIN | POLLHUP | POLLERR)) {
          ok = Forward(p.client, p.upstream, drop_);
        }
        if (ok && (fds[3 + 2 * i].revents & (POLLIN | POLLHUP | POLLERR))) {
          ok = Forward(p.upstream, p.client, false);
        }
        if (ok) {
          kept.push_back(p);
        } else {
          ::close(p.client);
          ::close(p.upstream);
        }
      }
      // A pair accepted in this round has no poll entry yet: keep it.
      for (size_t i = (fds.size() - 2) / 2; i < pairs_.size(); ++i) kept.push_back(pairs_[i]);
      pairs_.swap(kept);
    }
  }

  const int upstream_port_;
  int listen_fd_ = -1;
  int port_ = 0;
  int wake_[2] = {-1, -1};
  std::atomic<bool> stop_{false}, drop_{false};
  std::atomic<uint64_t> dropped_{0};
  std::vector<Pair> pairs_;  // touched by the proxy's thread only (and the destructor after it)
  std::thread thread_;
};

}  // namespace gridline::testing

#endif  // GRIDLINE_TEST_INTEGRATION_TCP_PROXY_H_
