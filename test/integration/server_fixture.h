// server_fixture.h: integration tests through the real HTTP server. ServerProcess starts the
// built binary (`gridline serve ... --listen 127.0.0.1:0`, or `gridline demo`) as a child
// process, reads the port from its first line `gridline serving http://HOST:PORT`, and talks to
// it with cpp-httplib's client over one keep-alive connection; it stops the child when it goes
// away. ServerTest is a gtest fixture around it with a temporary data directory, tokens made by
// `gridline token create`, and request helpers.
//
// A route test, e.g. for a new resource:
//
//   class HttpAssets : public gridline::testing::ServerTest {};
//   TEST_F(HttpAssets, ListsFeeders) {
//     StartServer();
//     httplib::Result r = Get("/api/v1/assets?kind=feeder", Token("analyst"));
//     ASSERT_TRUE(r) << httplib::to_string(r.error());
//     EXPECT_EQ(r->status, 200) << r->body;
//   }
//
// Name integration suites `Http*`: CMakeLists.txt labels them `integration`.
#ifndef GRIDLINE_TEST_INTEGRATION_SERVER_FIXTURE_H_
#define GRIDLINE_TEST_INTEGRATION_SERVER_FIXTURE_H_

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "httplib.h"
#include "rapidjson/document.h"
#include "test/test_util.h"

namespace gridline::testing {

class ServerProcess {
 public:
  // Runs `GL_BINARY args...` with stdout and stderr in files under `log_dir`, and waits (up to
  // `timeout`) for the serving line. Null, with *error saying why, when the process exits or
  // stays silent.
  static std::unique_ptr<ServerProcess> Start(
      const std::vector<std::string>& args, const std::string& log_dir, std::string* error,
      std::chrono::seconds timeout = std::chrono::seconds(120)) {
    static int counter = 0;
    const int n = ++counter;
    std::unique_ptr<ServerProcess> p(new ServerProcess());
    p->out_path_ = log_dir + "/server-" + std::to_string(n) + ".out";
    p->err_path_ = log_dir + "/server-" + std::to_string(n) + ".err";
    std::vector<std::string> argv = args;
    argv.insert(argv.begin(), GL_BINARY);
    p->pid_ = ::fork();
    if (p->pid_ == 0) {
      const int out = ::open(p->out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int err = ::open(p->err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      const int in = ::open("/dev/null", O_RDONLY);
      ::dup2(in, 0);
      ::dup2(out, 1);
      ::dup2(err, 2);
      std::vector<char*> c;
      for (const std::string& a : argv) c.push_back(const_cast<char*>(a.c_str()));
      c.push_back(nullptr);
      ::execv(c[0], c.data());
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string out = ReadFile(p->out_path_);
      const size_t at = out.find("gridline serving http://");
      if (at != std::string::npos && out.find('\n', at) != std::string::npos) {
        const std::string url = out.substr(at + 17, out.find('\n', at) - at - 17);
        p->url_ = url;
        p->port_ = std::stoi(url.substr(url.rfind(':') + 1));
        p->client_ = std::make_unique<httplib::Client>("127.0.0.1", p->port_);
        p->client_->set_keep_alive(true);
        p->client_->set_read_timeout(60, 0);
        p->client_->set_write_timeout(60, 0);
        return p;
      }
      int status = 0;
      if (::waitpid(p->pid_, &status, WNOHANG) == p->pid_) {
        p->pid_ = -1;
        *error = "the server exited before serving: " + ReadFile(p->err_path_) + out;
        return nullptr;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    *error = "no serving line in time: " + ReadFile(p->err_path_);
    return nullptr;
  }

  ~ServerProcess() {
    client_.reset();
    if (pid_ > 0) Stop(SIGKILL);
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  const std::string& url() const { return url_; }
  pid_t pid() const { return pid_; }
  httplib::Client& client() { return *client_; }

  // Sends `sig` and waits for the process (SIGKILL after 30 s). Returns its exit status, or
  // -signal when a signal ended it.
  int Stop(int sig = SIGTERM) {
    if (pid_ <= 0) return -1;
    client_.reset();
    ::kill(pid_, sig);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  }

  std::string Stdout() const { return ReadFile(out_path_); }
  std::string Stderr() const { return ReadFile(err_path_); }

 private:
  ServerProcess() = default;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string url_;
  std::string out_path_, err_path_;
  std::unique_ptr<httplib::Client> client_;
};

class ServerTest : public ::testing::Test {
 protected:
  // `gridline serve --data <data_> --listen 127.0.0.1:0 extra...`.
  void StartServer(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"serve", "--data", data_, "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    std::string error;
    server_ = ServerProcess::Start(args, dir_.path(), &error);
    ASSERT_NE(server_, nullptr) << error;
  }

  // Stops the server (SIGTERM; kill -9 with sig = SIGKILL) and returns its exit status.
  int StopServer(int sig = SIGTERM) {
    const int rc = server_ ? server_->Stop(sig) : -1;
    server_.reset();
    return rc;
  }

  // A token of `role` from `gridline token create` (made once per role and test).
  std::string Token(const std::string& role) {
    auto it = tokens_.find(role);
    if (it != tokens_.end()) return it->second;
    RunResult r = Gridline({"token", "create", "--data", data_, "--role", role});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string token = r.out;
    while (!token.empty() && token.back() == '\n') token.pop_back();
    tokens_[role] = token;
    return token;
  }

  // The gridline binary with `args` (e.g. a CLI query beside the running server).
  RunResult Gridline(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), GL_BINARY);
    return gridline::testing::Run(args, input);
  }

  // `body` parsed as JSON; a body that is not JSON fails the test (and gives an empty document).
  static rapidjson::Document Json(const std::string& body) {
    rapidjson::Document d;
    d.Parse(body.c_str());
    EXPECT_FALSE(d.HasParseError()) << body;
    return d;
  }

  static httplib::Headers Bearer(const std::string& token) {
    if (token.empty()) return {};
    return {{"Authorization", "Bearer " + token}};
  }
  httplib::Result Get(const std::string& path, const std::string& token,
                      httplib::Headers headers = {}) {
    for (auto& h : Bearer(token)) headers.insert(h);
    return server_->client().Get(path, headers);
  }
  httplib::Result Post(const std::string& path, const std::string& body,
                       const std::string& content_type, const std::string& token) {
    return server_->client().Post(path, Bearer(token), body, content_type);
  }

  TempDir dir_;
  std::string data_ = dir_.Sub("store");
  std::unique_ptr<ServerProcess> server_;
  std::map<std::string, std::string> tokens_;
};

}  // namespace gridline::testing

#endif  // GRIDLINE_TEST_INTEGRATION_SERVER_FIXTURE_H_
