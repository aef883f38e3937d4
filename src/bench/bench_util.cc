#include "bench/bench_util.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "fmt/format.h"

extern char** environ;

namespace gridline::bench {

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

double Quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())));
  return v[i];
}

absl::StatusOr<ChildResult> RunChild(const std::vector<std::string>& argv,
                                     const std::vector<std::string>& env) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> envp;
  for (char** e = environ; *e != nullptr; ++e) envp.push_back(*e);
  for (const std::string& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  const auto start = Clock::now();
  pid_t pid;
  const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return absl::UnavailableError(fmt::format("cannot run {}", argv[0]));
  int status = 0;
  struct rusage usage;
  ::wait4(pid, &status, 0, &usage);
  ChildResult r;
  r.seconds = Seconds(start, Clock::now());
  r.peak_rss_mib = usage.ru_maxrss / 1024.0;  // ru_maxrss is in KiB on Linux
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(
        fmt::format("{} {} failed (status {})", argv[0], argv.size() > 1 ? argv[1] : "", status));
  }
  return r;
}

ScratchDir::ScratchDir(std::string dir, bool keep) : path_(std::move(dir)), keep_(keep) {
  if (path_.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    path_ = fmt::format("{}/gridline-bench-{}", tmp ? tmp : "/tmp", ::getpid());
  }
  std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  if (!keep_) std::filesystem::remove_all(path_, ec);
}

absl::StatusOr<std::unique_ptr<ServedStore>> ServedStore::Start(
    const std::string& bin, const std::string& store, const std::string& dir,
    const std::vector<std::string>& extra) {
  std::unique_ptr<ServedStore> s(new ServedStore());
  const std::string out = dir + "/serve.out";
  std::vector<std::string> args = {bin,   "serve",    "--no-auth",  "--data",
                                   store, "--listen", "127.0.0.1:0"};
  args.insert(args.end(), extra.begin(), extra.end());
  // A serving line left by an earlier run in `dir` would name a port nobody listens on.
  ::unlink(out.c_str());
  s->pid_ = ::fork();
  if (s->pid_ == 0) {
    const int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  for (int i = 0; i < 3000; ++i) {
    std::ifstream in(out);
    std::string line;
    while (std::getline(in, line)) {
      const size_t at = line.find("gridline serving http://");
      if (at != std::string::npos) {
        s->port_ = std::atoi(line.substr(line.rfind(':') + 1).c_str());
        return s;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return absl::UnavailableError("gridline serve did not start (see " + out + ")");
}

ServedStore::~ServedStore() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
}

}  // namespace gridline::bench
