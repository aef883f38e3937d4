// mosquitto_fixture.h: a real MQTT broker for integration tests. MosquittoProcess runs Debian's
// `mosquitto` on 127.0.0.1 with a port no one listens on and a config file in a temporary
// directory (persistence there, so a broker restart keeps the sessions and queued messages, as a
// production broker does), and stops it when it goes away. Publish() runs `mosquitto_pub -q 1`.
// Tests skip with a message when mosquitto is not installed (scripts/setup.sh installs it).
#ifndef GRIDLINE_TEST_INTEGRATION_MOSQUITTO_FIXTURE_H_
#define GRIDLINE_TEST_INTEGRATION_MOSQUITTO_FIXTURE_H_

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "test/test_util.h"

namespace gridline::testing {

inline constexpr char kMosquitto[] = "/usr/sbin/mosquitto";
inline constexpr char kMosquittoPub[] = "/usr/bin/mosquitto_pub";

inline bool HaveMosquitto() {
  return std::filesystem::exists(kMosquitto) && std::filesystem::exists(kMosquittoPub);
}

// A TCP port on 127.0.0.1 that was free a moment ago (the kernel's ephemeral pick).
inline int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = {};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(a);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    port = ntohs(a.sin_port);
  }
  ::close(fd);
  return port;
}

inline bool PortAccepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = {};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0;
  ::close(fd);
  return ok;
}

class MosquittoProcess {
 public:
  // `dir` holds the config, the persistence file and the log. `extra_config` lines are added.
  MosquittoProcess(std::string dir, int port, std::string extra_config = "")
      : dir_(std::move(dir)), port_(port) {
    // max_queued_messages: mosquitto's default of 1000 would drop the rest of a larger backlog;
    // a QoS 1 feed needs the broker to keep everything gridline has not acknowledged.
    WriteFile(dir_ + "/mosquitto.conf", "listener " + std::to_string(port_) +
                                            " 127.0.0.1\n"
                                            "allow_anonymous true\n"
                                            "persistence true\n"
                                            "persistence_location " +
                                            dir_ +
                                            "/\n"
                                            "max_queued_messages 1000000\n"
                                            "max_inflight_messages 1000\n" +
                                            extra_config);
  }
  ~MosquittoProcess() { Stop(); }
  MosquittoProcess(const MosquittoProcess&) = delete;
  MosquittoProcess& operator=(const MosquittoProcess&) = delete;

  int port() const { return port_; }
  std::string url() const { return "mqtt://127.0.0.1:" + std::to_string(port_); }

  // Starts the broker and waits until it accepts connections (false after 10 s).
  bool Start() {
    pid_ = ::fork();
    if (pid_ == 0) {
      const std::string log = dir_ + "/mosquitto.log";
      if (std::freopen(log.c_str(), "a", stderr) == nullptr) ::_exit(126);
      if (std::freopen(log.c_str(), "a", stdout) == nullptr) ::_exit(126);
      const std::string conf = dir_ + "/mosquitto.conf";
      ::execl(kMosquitto, kMosquitto, "-c", conf.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      if (PortAccepts(port_)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }

  // SIGTERM (mosquitto saves its persistence file) and wait.
  void Stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  // mosquitto_pub -q 1 -t TOPIC -m PAYLOAD (or -l: one message per line of `payload`).
  RunResult Publish(const std::string& topic, const std::string& payload, bool lines = false) {
    std::vector<std::string> args = {kMosquittoPub, "-h", "127.0.0.1", "-p", std::to_string(port_),
                                     "-q",          "1",  "-t",        topic};
    if (lines) {
      args.push_back("-l");
      return Run(args, payload);
    }
    args.push_back("-m");
    args.push_back(payload);
    return Run(args);
  }

  std::string Log() const { return ReadFile(dir_ + "/mosquitto.log"); }

 private:
  std::string dir_;
  int port_;
  pid_t pid_ = -1;
};

}  // namespace gridline::testing

#endif  // GRIDLINE_TEST_INTEGRATION_MOSQUITTO_FIXTURE_H_
