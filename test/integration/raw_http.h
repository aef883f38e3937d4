// raw_http.h: HTTP/1.1 by hand for integration tests that must see the wire: requests
// cpp-httplib's client would not send (two Content-Lengths, trickled headers) and answers as
// they arrive (Content-Encoding, Vary, chunked framing) before any client decodes them. Also the
// server's peak RSS and CPU time, read from /proc.
#ifndef GRIDLINE_TEST_INTEGRATION_RAW_HTTP_H_
#define GRIDLINE_TEST_INTEGRATION_RAW_HTTP_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <string_view>

#include "common/strings.h"
#include "test/test_util.h"

namespace gridline::testing {

// A raw client socket to 127.0.0.1:port.
class RawSocket {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RawSocket(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a = {};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~RawSocket() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  bool ok() const { return fd_ >= 0; }
  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  // Whatever arrives until the server closes or `timeout` passes.
  std::string ReadAll(std::chrono::milliseconds timeout) {
    std::string out;
    const auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      if (!WaitReadable(deadline)) break;
      char buf[65536];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }
  // True when bytes (or the end) can be read before `deadline`.
  bool WaitReadable(Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd p = {fd_, POLLIN, 0};
    return ::poll(&p, 1, static_cast<int>(std::max<int64_t>(0, left.count()))) > 0;
  }

 private:
  int fd_ = -1;
};

// An answer as it came over the wire; `body` is de-chunked but not decoded.
struct RawAnswer {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // names lower-cased
  std::string body;
  bool chunked = false;
  bool complete = false;  // the body's framing ended where it should

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
  size_t HeaderCount(const std::string& lower_name) const { return headers.count(lower_name); }
};

// Parses one answer from `wire` (sent with Connection: close, so it is all the bytes).
inline RawAnswer ParseAnswer(const std::string& wire) {
  RawAnswer a;
  const size_t end = wire.find("\r\n\r\n");
  if (end == std::string::npos || wire.compare(0, 9, "HTTP/1.1 ") != 0) return a;
  a.status = std::atoi(wire.c_str() + 9);
  std::istringstream lines(wire.substr(0, end));
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (char& c : name) c = AsciiLower(c);
    a.headers.emplace(name, std::string(StripSpaces(std::string_view(line).substr(colon + 1))));
  }
  const std::string rest = wire.substr(end + 4);
  a.chunked = a.Header("transfer-encoding") == "chunked";
  if (!a.chunked) {
    const size_t length = std::strtoull(a.Header("content-length").c_str(), nullptr, 10);
    a.body = rest.substr(0, length);
    a.complete = rest.size() >= length;
    return a;
  }
  size_t at = 0;
  while (at < rest.size()) {
    const size_t eol = rest.find("\r\n", at);
    if (eol == std::string::npos) return a;
    const size_t size = std::strtoull(rest.c_str() + at, nullptr, 16);
    at = eol + 2;
    if (size == 0) {
      a.complete = true;
      return a;
    }
    if (at + size + 2 > rest.size()) return a;
    a.body.append(rest, at, size);
    at += size + 2;
  }
  return a;
}

// GET `target` with `headers` (each "Name: value\r\n") on a new connection, read to the end.
inline RawAnswer RawGet(int port, const std::string& target, const std::string& headers,
                        std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
  RawSocket s(port);
  if (!s.ok()) return {};
  s.Send("GET " + target + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n" + headers + "\r\n");
  return ParseAnswer(s.ReadAll(timeout));
}

// Peak resident memory of a process (kB), from /proc/PID/status.
inline int64_t PeakRssKb(pid_t pid) {
  const std::string status = ReadFile("/proc/" + std::to_string(pid) + "/status");
  const size_t at = status.find("VmHWM:");
  return at == std::string::npos ? -1 : std::stoll(status.substr(at + 6));
}

// User plus system CPU time of a process so far, in seconds (/proc/PID/stat).
inline double CpuSeconds(pid_t pid) {
  const std::string stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  std::istringstream in(stat.substr(stat.rfind(')') + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && in >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

}  // namespace gridline::testing

#endif  // GRIDLINE_TEST_INTEGRATION_RAW_HTTP_H_
