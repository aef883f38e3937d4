// mqtt_bench.cc: MQTT through mosquitto into gridline serve --mqtt (mqtt_bench.h).
#include "bench/mqtt_bench.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>
#include <vector>

#include "common/status_macros.h"
#include "common/time.h"
#include "fmt/format.h"
#include "httplib.h"
#include "server/mqtt/mqtt_packet.h"

namespace gridline::bench {

namespace {

namespace mqtt = server::mqtt;

constexpr int64_t kStart = 1'782'864'000;  // 2026-07-01T00:00:00Z
constexpr int kSlotsPerDay = 96;
constexpr size_t kPublishWindow = 1000;  // PUBLISHes the publisher keeps unacknowledged
constexpr int kTimeoutMs = 120'000;      // a run silent this long has failed
constexpr char kFilter[] = "bench/+/reads";

int FreePort() {
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

// A TCP connection to 127.0.0.1:port, non-blocking, or -1 (errno says why).
int ConnectLoopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a = {};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof(a)) != 0) {
    const int e = errno;
    ::close(fd);
    errno = e;
    return -1;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

// mosquitto on 127.0.0.1:port with its config in `dir`, stopped (SIGTERM) on destruction.
class Broker {
 public:
  static absl::StatusOr<std::unique_ptr<Broker>> Start(const std::string& mosquitto,
                                                       const std::string& dir) {
    std::unique_ptr<Broker> b(new Broker());
    b->port_ = FreePort();
    const std::string conf = dir + "/mosquitto.conf";
    const std::string log = dir + "/mosquitto.log";
    // max_inflight_messages above the feed's batch of 1000 lets the next batch arrive while one
    // is written; max_queued_messages 0: the publisher may run ahead of the subscriber, and a
    // QoS 1 feed must lose nothing. No persistence: each run starts from an empty broker.
    std::ofstream(conf) << fmt::format(
        "listener {} 127.0.0.1\nallow_anonymous true\npersistence false\n"
        "max_inflight_messages 2000\nmax_queued_messages 0\n",
        b->port_);
    b->pid_ = ::fork();
    if (b->pid_ == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::execl(mosquitto.c_str(), mosquitto.c_str(), "-c", conf.c_str(),
              static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 500; ++i) {
      const int fd = ConnectLoopback(b->port_);
      if (fd >= 0) {
        ::close(fd);
        return b;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return absl::UnavailableError("mosquitto did not start (see " + log + ")");
  }
  ~Broker() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  int port() const { return port_; }
  std::string url() const { return fmt::format("mqtt://127.0.0.1:{}", port_); }

 private:
  Broker() = default;
  pid_t pid_ = -1;
  int port_ = 0;
};

// One MQTT 3.1.1 connection of the bench (publisher or subscriber), on a non-blocking socket.
class Connection {
 public:
  ~Connection() {
    if (fd_ >= 0) ::close(fd_);
  }

  // TCP, CONNECT (clean session) and CONNACK.
  absl::Status Open(int port, const std::string& client_id) {
    fd_ = ConnectLoopback(port);
    if (fd_ < 0) {
      return absl::UnavailableError(fmt::format("connect to the broker: {}", std::strerror(errno)));
    }
    mqtt::ConnectOptions c;
    c.client_id = client_id;
    c.clean_session = true;
    c.keep_alive_s = 600;
    GL_RETURN_IF_ERROR(SendAll(mqtt::EncodeConnect(c)));
    return Await(mqtt::PacketType::kConnack);
  }

  absl::Status Subscribe(std::string_view filter) {
    GL_RETURN_IF_ERROR(SendAll(mqtt::EncodeSubscribe(1, filter, 1)));
    return Await(mqtt::PacketType::kSuback);
  }

  absl::Status SendAll(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n > 0) {
        bytes.remove_prefix(static_cast<size_t>(n));
      } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        pollfd p = {fd_, POLLOUT, 0};
        if (::poll(&p, 1, kTimeoutMs) != 1) return absl::DeadlineExceededError("send timed out");
      } else {
        return absl::UnavailableError(fmt::format("send: {}", std::strerror(errno)));
      }
    }
    return absl::OkStatus();
  }

  // Reads what the socket holds (none when it holds nothing) and calls visit for each whole
  // packet. Unavailable when the broker closed the connection.
  absl::Status ReadReady(const std::function<absl::Status(const mqtt::Packet&)>& visit) {
    while (true) {
      const size_t old = in_.size();
      in_.resize(old + (size_t{256} << 10));
      const ssize_t n = ::recv(fd_, in_.data() + old, in_.size() - old, 0);
      in_.resize(old + (n > 0 ? static_cast<size_t>(n) : 0));
      if (n == 0) return absl::UnavailableError("the broker closed the connection");
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) break;
        return absl::UnavailableError(fmt::format("recv: {}", std::strerror(errno)));
      }
    }
    size_t pos = 0;
    while (true) {
      absl::StatusOr<mqtt::Decoded> d =
          mqtt::DecodePacket(std::string_view(in_).substr(pos), mqtt::kMaxRemainingLength);
      if (!d.ok()) return d.status();
      if (!d->complete) break;
      GL_RETURN_IF_ERROR(visit(d->packet));
      pos += d->size;
    }
    in_.erase(0, pos);
    return absl::OkStatus();
  }

  // Waits up to the timeout for the socket to be readable (or writable too, when `out`).
  absl::StatusOr<short> Wait(bool out) {
    pollfd p = {fd_, static_cast<short>(POLLIN | (out ? POLLOUT : 0)), 0};
    const int rc = ::poll(&p, 1, kTimeoutMs);
    if (rc < 0) return absl::UnavailableError(fmt::format("poll: {}", std::strerror(errno)));
    if (rc == 0) return absl::DeadlineExceededError("no progress for 120 s");
    return p.revents;
  }

  int fd() const { return fd_; }

 private:
  absl::Status Await(mqtt::PacketType type) {
    bool got = false;
    while (!got) {
      GL_ASSIGN_OR_RETURN(short revents, Wait(false));
      (void)revents;
      GL_RETURN_IF_ERROR(ReadReady([&](const mqtt::Packet& p) {
        if (p.type == type) got = true;
        return absl::OkStatus();
      }));
    }
    return absl::OkStatus();
  }

  int fd_ = -1;
  std::string in_;
};

// The PUBLISH packets of the run: for each day, each meter's 96 quarter-hours as CSV.
std::vector<std::string> Messages(const MqttBenchOptions& o, uint64_t* readings) {
  std::vector<std::string> packets;
  uint64_t x = 88172645463325252ull;
  std::string body;
  *readings = 0;
  for (int d = 0; d < o.days; ++d) {
    for (int64_t m = 0; m < o.meters; ++m) {
      body = "timestamp,kwh\n";
      for (int s = 0; s < kSlotsPerDay; ++s) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        const int64_t t = kStart + (int64_t{d} * kSlotsPerDay + s) * 900;
        fmt::format_to(std::back_inserter(body), "{},0.{:03d}\n", FormatIsoUtc(t), x % 1000);
      }
      *readings += kSlotsPerDay;
      const uint16_t id = static_cast<uint16_t>(packets.size() % 65535 + 1);
      packets.push_back(mqtt::EncodePublish(fmt::format("bench/M{:06d}/reads", m), body, 1, id));
    }
  }
  return packets;
}

// Publishes every packet with QoS 1, at most kPublishWindow unacknowledged; *started is set when
// the first is sent.
absl::Status PublishAll(int port, const std::vector<std::string>& packets,
                        Clock::time_point* started) {
  Connection c;
  GL_RETURN_IF_ERROR(c.Open(port, "gridline-bench-publisher"));
  *started = Clock::now();
  size_t sent = 0, acked = 0, out_pos = 0;
  std::string out;
  while (acked < packets.size()) {
    while (out.size() - out_pos < (size_t{256} << 10) && sent < packets.size() &&
           sent - acked < kPublishWindow) {
      out += packets[sent++];
    }
    GL_ASSIGN_OR_RETURN(short revents, c.Wait(out_pos < out.size()));
    if ((revents & POLLOUT) != 0) {
      const ssize_t n = ::send(c.fd(), out.data() + out_pos, out.size() - out_pos, MSG_NOSIGNAL);
      if (n < 0 && errno != EAGAIN && errno != EINTR) {
        return absl::UnavailableError(fmt::format("send: {}", std::strerror(errno)));
      }
      if (n > 0) out_pos += static_cast<size_t>(n);
      if (out_pos == out.size() || out_pos > (size_t{1} << 20)) {
        out.erase(0, out_pos);
        out_pos = 0;
      }
    }
    if ((revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      GL_RETURN_IF_ERROR(c.ReadReady([&](const mqtt::Packet& p) {
        if (p.type == mqtt::PacketType::kPuback) ++acked;
        return absl::OkStatus();
      }));
    }
  }
  return absl::OkStatus();
}

// Broker only: publisher -> mosquitto -> a subscriber that answers each PUBLISH with PUBACK.
absl::StatusOr<double> BrokerOnlyMessagesPerSecond(const MqttBenchOptions& o,
                                                   const std::string& dir,
                                                   const std::vector<std::string>& packets) {
  GL_ASSIGN_OR_RETURN(std::unique_ptr<Broker> broker, Broker::Start(o.mosquitto, dir));
  Connection sub;
  GL_RETURN_IF_ERROR(sub.Open(broker->port(), "gridline-bench-subscriber"));
  GL_RETURN_IF_ERROR(sub.Subscribe(kFilter));
  Clock::time_point started;
  absl::Status published;
  std::thread publisher([&] { published = PublishAll(broker->port(), packets, &started); });
  size_t received = 0;
  std::string acks;
  absl::Status s;
  while (received < packets.size() && s.ok()) {
    absl::StatusOr<short> revents = sub.Wait(false);
    if (!revents.ok()) {
      s = revents.status();
      break;
    }
    acks.clear();
    s = sub.ReadReady([&](const mqtt::Packet& p) {
      if (p.type != mqtt::PacketType::kPublish) return absl::OkStatus();
      GL_ASSIGN_OR_RETURN(mqtt::Publish m, mqtt::ParsePublish(p));
      acks += mqtt::EncodePuback(m.packet_id);
      ++received;
      return absl::OkStatus();
    });
    if (s.ok() && !acks.empty()) s = sub.SendAll(acks);
  }
  const Clock::time_point done = Clock::now();
  publisher.join();
  GL_RETURN_IF_ERROR(published);
  GL_RETURN_IF_ERROR(s);
  return static_cast<double>(packets.size()) / Seconds(started, done);
}

// A counter of /metrics, -1 when absent.
double Metric(httplib::Client& client, const std::string& name) {
  httplib::Result r = client.Get("/metrics");
  if (!r || r->status != 200) return -1;
  const size_t at = r->body.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::atof(r->body.c_str() + at + name.size() + 2);
}

// Publisher -> mosquitto -> gridline serve --mqtt on a fresh store; the seconds until /metrics
// counts every message stored.
absl::StatusOr<double> GridlineSeconds(const MqttBenchOptions& o, const std::string& dir,
                                       const std::string& store,
                                       const std::vector<std::string>& packets, uint64_t readings) {
  GL_ASSIGN_OR_RETURN(std::unique_ptr<Broker> broker, Broker::Start(o.mosquitto, dir));
  GL_ASSIGN_OR_RETURN(std::unique_ptr<ServedStore> served,
                      ServedStore::Start(o.gridline_binary, store, dir,
                                         {"--mqtt", broker->url(), "--mqtt-topic", kFilter}));
  httplib::Client client("127.0.0.1", served->port());
  client.set_keep_alive(true);
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(30);
  while (true) {
    httplib::Result h = client.Get("/healthz");
    if (h && h->status == 200) break;
    if (Clock::now() > deadline) {
      return absl::UnavailableError("gridline serve --mqtt did not subscribe within 30 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Clock::time_point started;
  absl::Status published;
  std::thread publisher([&] { published = PublishAll(broker->port(), packets, &started); });
  const std::string accepted = "gridline_mqtt_messages_total{result=\"accepted\"}";
  double last = 0;
  Clock::time_point progress = Clock::now();
  while (true) {
    const double n = Metric(client, accepted);
    if (n >= static_cast<double>(packets.size())) break;
    if (n > last) {
      last = n;
      progress = Clock::now();
    } else if (Seconds(progress, Clock::now()) * 1000 > kTimeoutMs) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const Clock::time_point done = Clock::now();
  publisher.join();
  GL_RETURN_IF_ERROR(published);
  const double stored = Metric(client, "gridline_ingest_readings_total{result=\"accepted\"}");
  if (stored != static_cast<double>(readings)) {
    return absl::InternalError(fmt::format(
        "gridline stored {} of {} readings ({} of {} messages accepted; see {}/serve.out)", stored,
        readings, last, packets.size(), dir));
  }
  return Seconds(started, done);
}

}  // namespace

absl::Status RunMqttBench(const MqttBenchOptions& o, const EmitFn& emit) {
  if (!std::filesystem::exists(o.mosquitto)) {
    std::fprintf(stderr,
                 "gridline bench: mqtt skipped: mosquitto is not installed (%s; scripts/setup.sh "
                 "installs it)\n",
                 o.mosquitto.c_str());
    return absl::OkStatus();
  }
  ScratchDir scratch(o.dir, o.keep);
  const std::string& dir = scratch.path();
  uint64_t readings = 0;
  const std::vector<std::string> packets = Messages(o, &readings);
  emit("mqtt_messages", static_cast<double>(packets.size()), "messages");
  emit("mqtt_readings_per_message", static_cast<double>(readings) / packets.size(), "readings");
  std::vector<double> broker_rates, message_rates, reading_rates;
  for (int run = 0; run < o.runs; ++run) {
    GL_ASSIGN_OR_RETURN(double broker_rate, BrokerOnlyMessagesPerSecond(o, dir, packets));
    broker_rates.push_back(broker_rate);
    // A directory per run: ServedStore reads the port from serve.out, which must not be the
    // last run's.
    const std::string run_dir = fmt::format("{}/mqtt-run-{}", dir, run);
    std::filesystem::create_directories(run_dir);
    const std::string store = run_dir + "/store";
    GL_ASSIGN_OR_RETURN(double seconds, GridlineSeconds(o, run_dir, store, packets, readings));
    message_rates.push_back(static_cast<double>(packets.size()) / seconds);
    reading_rates.push_back(static_cast<double>(readings) / seconds);
    if (!o.keep) {
      std::error_code ec;
      std::filesystem::remove_all(store, ec);
    }
  }
  emit("mqtt_broker_only_messages_per_s", Median(broker_rates), "messages/s");
  emit("mqtt_messages_per_s", Median(message_rates), "messages/s");
  emit("mqtt_readings_per_s", Median(reading_rates), "readings/s");
  return absl::OkStatus();
}

}  // namespace gridline::bench
