// mqtt_feed.cc: the MQTT feed's session, batches and reconnects (mqtt_feed.h).
#include "server/mqtt/mqtt_feed.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <xxhash.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <vector>

#include "common/strings.h"
#include "fmt/format.h"
#include "ingest/csv/csv_text.h"
#include "server/mqtt/mqtt_batch.h"
#include "server/mqtt/mqtt_packet.h"

namespace gridline::server::mqtt {

namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kReadBytes = size_t{64} << 10;
constexpr int kConnectTimeoutMs = 5'000;
constexpr int kHandshakeTimeoutMs = 10'000;
constexpr uint16_t kSubscribeId = 1;

void Log(const std::string& line) {
  std::fprintf(stderr, "gridline serve: mqtt: %s\n", line.c_str());
}

int64_t MsSince(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

}  // namespace

std::string DefaultClientId(const std::string& data_dir) {
  // absolute() and not canonical(): the same text whether or not the directory exists yet.
  std::error_code ec;
  const std::filesystem::path p = std::filesystem::absolute(data_dir, ec).lexically_normal();
  std::string path = ec ? data_dir : p.string();
  if (path.size() > 1 && path.back() == '/') path.pop_back();
  const uint64_t h = XXH64(path.data(), path.size(), 0);
  return fmt::format("gridline-{:012x}", h & 0xffffffffffffULL);
}

// One connection: connect, CONNECT/CONNACK, SUBSCRIBE/SUBACK, then PUBLISH in and PUBACK out
// until an error or Stop. Run returns OK only when the feed is stopping.
class MqttFeed::Session {
 public:
  Session(MqttFeed* feed) : feed_(feed), options_(feed->options_) {}
  ~Session() {
    if (fd_ >= 0) ::close(fd_);
  }

  absl::Status Run() {
    if (absl::Status s = Connect(); !s.ok()) return s;
    ConnectOptions c;
    c.client_id = options_.client_id;
    c.clean_session = false;
    c.keep_alive_s = options_.keep_alive_s;
    c.username = options_.username;
    c.password = options_.password;
    if (absl::Status s = Send(EncodeConnect(c)); !s.ok()) return s;
    absl::StatusOr<Packet> p = Await(PacketType::kConnack);
    if (!p.ok()) return p.status();
    absl::StatusOr<Connack> connack = ParseConnack(*p);
    if (!connack.ok()) return connack.status();
    if (connack->return_code != 0) {
      return absl::UnavailableError(fmt::format("the broker refused the connection: {}",
                                                ConnackReason(connack->return_code)));
    }
    in_.erase(0, consumed_);
    consumed_ = 0;
    if (absl::Status s = Send(EncodeSubscribe(kSubscribeId, options_.filter, 1)); !s.ok()) {
      return s;
    }
    // Messages of the resumed session may come before the SUBACK: they stay in in_ and are
    // handled below, after it.
    absl::StatusOr<Packet> sp = Await(PacketType::kSuback);
    if (!sp.ok()) return sp.status();
    absl::StatusOr<Suback> suback = ParseSuback(*sp);
    if (!suback.ok()) return suback.status();
    if (suback->granted.size() != 1 || suback->granted[0] == 0x80) {
      return absl::UnavailableError(
          fmt::format("the broker refused the subscription to '{}'", options_.filter));
    }
    if (suback->granted[0] == 0) {
      return absl::UnavailableError(fmt::format(
          "the broker granted only QoS 0 for '{}': messages published while gridline is down "
          "would be lost",
          options_.filter));
    }
    Log(fmt::format("subscribed to '{}' on {}:{} as {} (session {})", options_.filter,
                    options_.broker.host, options_.broker.port, options_.client_id,
                    connack->session_present ? "resumed" : "new"));
    feed_->subscribed_.store(true, std::memory_order_release);
    feed_->metrics_->SetMqttSubscribed(true);
    return Serve();
  }

  bool was_subscribed() const { return feed_->subscribed(); }

 private:
  absl::Status Connect() {
    const BrokerAddress& b = options_.broker;
    addrinfo hints = {};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    const std::string port = std::to_string(b.port);
    if (int rc = ::getaddrinfo(b.host.c_str(), port.c_str(), &hints, &res); rc != 0) {
      return absl::UnavailableError(
          fmt::format("cannot resolve {}: {}", ingest::Shown(b.host), ::gai_strerror(rc)));
    }
    std::string why = "no address";
    for (addrinfo* a = res; a != nullptr; a = a->ai_next) {
      const int fd =
          ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
      if (fd < 0) continue;
      int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
      if (rc != 0 && errno == EINPROGRESS) {
        pollfd pfd = {fd, POLLOUT, 0};
        rc = ::poll(&pfd, 1, kConnectTimeoutMs) == 1 ? 0 : -1;
        int err = rc == 0 ? 0 : ETIMEDOUT;
        socklen_t len = sizeof(err);
        if (rc == 0) ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        errno = err;
        rc = err == 0 ? 0 : -1;
      }
      if (rc == 0) {
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        fd_ = fd;
        break;
      }
      why = std::strerror(errno);
      ::close(fd);
    }
    ::freeaddrinfo(res);
    if (fd_ < 0) {
      return absl::UnavailableError(
          fmt::format("cannot connect to {}:{}: {}", ingest::Shown(b.host), b.port, why));
    }
    return absl::OkStatus();
  }

  absl::Status Send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n > 0) {
        bytes.remove_prefix(static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        pollfd pfd = {fd_, POLLOUT, 0};
        if (::poll(&pfd, 1, kHandshakeTimeoutMs) != 1) {
          return absl::UnavailableError("the broker takes no more bytes (send timed out)");
        }
        continue;
      }
      return absl::UnavailableError(fmt::format("send: {}", std::strerror(errno)));
    }
    last_send_ = Clock::now();
    return absl::OkStatus();
  }

  // Reads once (waiting at most timeout_ms, or until Stop). OK with *got = 0 on a timeout;
  // Cancelled when stopping; Unavailable when the broker closed the connection.
  absl::Status ReadSome(int timeout_ms, size_t* got) {
    *got = 0;
    pollfd pfds[2] = {{fd_, POLLIN, 0}, {feed_->wake_[0], POLLIN, 0}};
    const int rc = ::poll(pfds, 2, timeout_ms);
    if (rc < 0 && errno != EINTR) {
      return absl::UnavailableError(fmt::format("poll: {}", std::strerror(errno)));
    }
    if (feed_->stopping_.load(std::memory_order_acquire)) return absl::CancelledError("stopping");
    if (rc <= 0 || (pfds[0].revents & (POLLIN | POLLHUP | POLLERR)) == 0) return absl::OkStatus();
    const size_t old = in_.size();
    in_.resize(old + kReadBytes);
    const ssize_t n = ::recv(fd_, in_.data() + old, kReadBytes, 0);
    in_.resize(old + (n > 0 ? static_cast<size_t>(n) : 0));
    if (n == 0) return absl::UnavailableError("the broker closed the connection");
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return absl::OkStatus();
      return absl::UnavailableError(fmt::format("recv: {}", std::strerror(errno)));
    }
    *got = static_cast<size_t>(n);
    last_recv_ = Clock::now();
    return absl::OkStatus();
  }

  // The next whole packet in in_ at consumed_, or nullopt when it is not all here.
  absl::StatusOr<std::optional<Packet>> Next() {
    absl::StatusOr<Decoded> d =
        DecodePacket(std::string_view(in_).substr(consumed_), options_.max_packet_bytes);
    if (!d.ok()) {
      return absl::UnavailableError(
          fmt::format("bad packet from the broker: {}", StdView(d.status().message())));
    }
    if (!d->complete) return std::optional<Packet>();
    consumed_ += d->size;
    return std::optional<Packet>(d->packet);
  }

  // Waits for a packet of `type` during the handshake; PUBLISHes before it are left in in_
  // (before consumed_ is moved past them they are copied aside) for Serve.
  absl::StatusOr<Packet> Await(PacketType type) {
    const Clock::time_point start = Clock::now();
    size_t scan = consumed_;
    while (true) {
      absl::StatusOr<Decoded> d =
          DecodePacket(std::string_view(in_).substr(scan), options_.max_packet_bytes);
      if (!d.ok()) {
        return absl::UnavailableError(
            fmt::format("bad packet from the broker: {}", StdView(d.status().message())));
      }
      if (d->complete) {
        if (d->packet.type == type) {
          // Cut the awaited packet out, keep what came before it for Serve.
          const Packet p = d->packet;
          awaited_.assign(p.body.data(), p.body.size());
          in_.erase(scan, d->size);
          Packet copy = p;
          copy.body = awaited_;
          return copy;
        }
        scan += d->size;
        continue;
      }
      const int64_t left = kHandshakeTimeoutMs - MsSince(start);
      if (left <= 0) {
        return absl::UnavailableError("no answer from the broker within 10 s of connecting");
      }
      size_t got = 0;
      if (absl::Status s = ReadSome(static_cast<int>(left), &got); !s.ok()) return s;
    }
  }

  absl::Status Serve() {
    const int64_t keep_alive_ms = int64_t{options_.keep_alive_s} * 1000;
    last_recv_ = Clock::now();
    BatchWriter writer(feed_->store_, feed_->metrics_, options_.filter, options_.import);
    std::vector<std::pair<size_t, size_t>> publishes;  // (offset, size) in in_ of each PUBLISH
    std::vector<Publish> batch;
    size_t batch_bytes = 0;
    while (true) {
      // Take the whole packets read so far into the batch, then read more without waiting while
      // the batch has room: what the broker sent during the last write joins this one.
      if (absl::Status s = TakePackets(&publishes, &batch_bytes); !s.ok()) return s;
      const bool full = publishes.size() >= options_.max_batch_messages ||
                        batch_bytes >= options_.max_batch_bytes;
      if (!publishes.empty() && !full) {
        size_t got = 0;
        absl::Status s = ReadSome(0, &got);
        if (absl::IsCancelled(s)) return Goodbye();
        if (!s.ok()) return s;
        if (got > 0) continue;
      }
      if (!publishes.empty()) {
        // in_ grows no more until the batch is written: its views stay valid.
        batch.clear();
        for (const auto& [offset, size] : publishes) {
          // TakePackets checked them: these cannot fail.
          absl::StatusOr<Decoded> d =
              DecodePacket(std::string_view(in_).substr(offset, size), options_.max_packet_bytes);
          if (!d.ok() || !d->complete) return absl::InternalError("a PUBLISH read twice differs");
          absl::StatusOr<Publish> publish = ParsePublish(d->packet);
          if (!publish.ok()) return absl::InternalError("a PUBLISH read twice differs");
          batch.push_back(*publish);
        }
        if (absl::Status s = WriteBatch(&writer, batch); !s.ok()) return s;
        publishes.clear();
        batch_bytes = 0;
      }
      in_.erase(0, consumed_);
      consumed_ = 0;
      if (MsSince(last_send_) >= keep_alive_ms) {
        if (absl::Status s = Send(EncodePingreq()); !s.ok()) return s;
      }
      if (MsSince(last_recv_) > keep_alive_ms * 3 / 2) {
        return absl::UnavailableError(
            fmt::format("nothing from the broker for {} s", keep_alive_ms * 3 / 2000));
      }
      if (consumed_ < in_.size()) {
        // Whole packets may be left from a full batch: take them before waiting for more.
        absl::StatusOr<Decoded> d =
            DecodePacket(std::string_view(in_).substr(consumed_), options_.max_packet_bytes);
        if (d.ok() && d->complete) continue;
      }
      const int64_t wait = std::max<int64_t>(10, keep_alive_ms - MsSince(last_send_));
      size_t got = 0;
      absl::Status s = ReadSome(static_cast<int>(std::min<int64_t>(wait, 1000)), &got);
      if (absl::IsCancelled(s)) return Goodbye();
      if (!s.ok()) return s;
    }
  }

  // Moves consumed_ past every whole packet in in_ while the batch has room, noting each
  // PUBLISH's place in *publishes and adding its payload to *batch_bytes.
  absl::Status TakePackets(std::vector<std::pair<size_t, size_t>>* publishes, size_t* batch_bytes) {
    while (publishes->size() < options_.max_batch_messages &&
           *batch_bytes < options_.max_batch_bytes) {
      const size_t at = consumed_;
      absl::StatusOr<std::optional<Packet>> p = Next();
      if (!p.ok()) return p.status();
      if (!p->has_value()) break;
      const Packet& packet = **p;
      if (packet.type == PacketType::kPublish) {
        absl::StatusOr<Publish> publish = ParsePublish(packet);
        if (!publish.ok()) {
          return absl::UnavailableError(
              fmt::format("bad PUBLISH from the broker: {}", StdView(publish.status().message())));
        }
        if (publish->qos == 2) {
          return absl::UnavailableError("the broker sent QoS 2 on a QoS 1 subscription");
        }
        publishes->emplace_back(at, consumed_ - at);
        *batch_bytes += publish->payload.size();
      } else if (packet.type != PacketType::kPingresp) {
        return absl::UnavailableError(fmt::format("unexpected packet type {} from the broker",
                                                  static_cast<int>(packet.type)));
      }
    }
    return absl::OkStatus();
  }

  absl::Status Goodbye() {
    (void)Send(EncodeDisconnect()).ok();
    return absl::OkStatus();
  }

  // Writes the batch's readings as one durable write, then acknowledges every message, in the
  // order they came. When the store refuses the write, none is acknowledged: the connection is
  // dropped and the broker delivers them all again.
  absl::Status WriteBatch(BatchWriter* writer, const std::vector<Publish>& batch) {
    if (absl::Status s = writer->Write(batch); !s.ok()) {
      return absl::UnavailableError(
          fmt::format("{} message(s) not written (the first on topic {}), to be redelivered: {}",
                      batch.size(), ingest::Shown(batch.front().topic), StdView(s.message())));
    }
    acks_.clear();
    for (const Publish& m : batch) {
      if (m.qos == 1) acks_ += EncodePuback(m.packet_id);
    }
    return acks_.empty() ? absl::OkStatus() : Send(acks_);
  }

  MqttFeed* const feed_;
  const FeedOptions& options_;
  int fd_ = -1;
  std::string in_;       // bytes read and not yet handled
  size_t consumed_ = 0;  // of in_: handled
  std::string awaited_;  // the body of the packet Await returned
  std::string acks_;     // the PUBACKs of a batch
  Clock::time_point last_send_ = Clock::now();
  Clock::time_point last_recv_ = Clock::now();
};

MqttFeed::MqttFeed(storage::Store* store, Metrics* metrics, FeedOptions options)
    : store_(store), metrics_(metrics), options_(std::move(options)) {}

MqttFeed::~MqttFeed() { Stop(); }

absl::Status MqttFeed::Start() {
  if (::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) {
    return absl::UnavailableError("mqtt: cannot create the wake-up pipe");
  }
  metrics_->EnableMqtt();
  thread_ = std::thread([this] { Run(); });
  return absl::OkStatus();
}

void MqttFeed::Stop() {
  if (!thread_.joinable()) return;
  stopping_.store(true, std::memory_order_release);
  const char b = 0;
  [[maybe_unused]] const ssize_t n = ::write(wake_[1], &b, 1);
  thread_.join();
  ::close(wake_[0]);
  ::close(wake_[1]);
}

void MqttFeed::Run() {
  std::mt19937_64 rng(std::random_device{}());
  int backoff_ms = options_.backoff_min_ms;
  while (!stopping_.load(std::memory_order_acquire)) {
    absl::Status s;
    bool subscribed = false;
    {
      Session session(this);
      s = session.Run();
      subscribed = session.was_subscribed();
    }
    subscribed_.store(false, std::memory_order_release);
    metrics_->SetMqttSubscribed(false);
    if (s.ok() || stopping_.load(std::memory_order_acquire)) break;
    if (subscribed) backoff_ms = options_.backoff_min_ms;  // it worked until now: retry soon
    // Full jitter over the upper half: [backoff/2, backoff].
    const int wait_ms = backoff_ms / 2 + static_cast<int>(rng() % (backoff_ms / 2 + 1));
    metrics_->AddMqttReconnect();
    Log(fmt::format("{}; reconnecting in {} ms", StdView(s.message()), wait_ms));
    pollfd pfd = {wake_[0], POLLIN, 0};
    ::poll(&pfd, 1, wait_ms);
    backoff_ms = std::min(options_.backoff_max_ms, backoff_ms * 2);
  }
}

}  // namespace gridline::server::mqtt
