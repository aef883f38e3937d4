// test_util.h: helpers shared by tests: temporary directories, running the gridline binary.
#ifndef GRIDLINE_TEST_TEST_UTIL_H_
#define GRIDLINE_TEST_TEST_UTIL_H_

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace gridline::testing {

// A fresh directory under $TMPDIR, removed when the object goes away.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    const char* base = std::getenv("TMPDIR");
    path_ = std::filesystem::path(base ? base : "/tmp") /
            ("gridline-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string path() const { return path_.string(); }
  std::string Sub(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct RunResult {
  int exit_code = -1;  // -1 when the process did not exit normally
  std::string out;
  std::string err;
};

// Runs `binary args...` with `input` on its standard input and collects its output.
inline RunResult Run(const std::vector<std::string>& argv, const std::string& input = "") {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  // Close-on-exec: a child started by another thread at the same moment must not inherit these
  // ends, or this child's stdin never sees end of file while that one runs (ten parallel
  // `mosquitto_pub -l` then wait on each other for ever). dup2 onto 0, 1, 2 clears the flag.
  if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0 ||
      ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    return {};
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in_pipe[0], 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
      ::close(fd);
    }
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ::fcntl(in_pipe[1], F_SETFL, O_NONBLOCK);
  RunResult r;
  size_t written = 0;
  bool in_open = true, out_open = true, err_open = true;
  if (input.empty()) {
    ::close(in_pipe[1]);
    in_open = false;
  }
  char buf[65536];
  while (out_open || err_open) {
    std::vector<pollfd> fds;
    if (in_open) fds.push_back({in_pipe[1], POLLOUT, 0});
    if (out_open) fds.push_back({out_pipe[0], POLLIN, 0});
    if (err_open) fds.push_back({err_pipe[0], POLLIN, 0});
    ::poll(fds.data(), fds.size(), -1);
    for (const pollfd& p : fds) {
      if (p.revents == 0) continue;
      if (p.fd == in_pipe[1]) {
        const ssize_t n = ::write(p.fd, input.data() + written, input.size() - written);
        if (n > 0) written += static_cast<size_t>(n);
        if (n < 0 || written == input.size()) {
          ::close(in_pipe[1]);
          in_open = false;
        }
        continue;
      }
      const ssize_t n = ::read(p.fd, buf, sizeof buf);
      std::string& dst = p.fd == out_pipe[0] ? r.out : r.err;
      if (n > 0) {
        dst.append(buf, static_cast<size_t>(n));
      } else {
        ::close(p.fd);
        (p.fd == out_pipe[0] ? out_open : err_open) = false;
      }
    }
  }
  if (in_open) ::close(in_pipe[1]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace gridline::testing

#endif  // GRIDLINE_TEST_TEST_UTIL_H_
