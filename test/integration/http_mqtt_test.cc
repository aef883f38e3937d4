// The MQTT live feed (`serve --mqtt`, docs/mqtt.md) through a real mosquitto broker and the real
// gridline binary: messages published while gridline is down arrive once it is back, each
// reading exactly once; bad payloads are counted and logged and the feed goes on; /healthz
// answers 503 until the broker has granted the subscription; a broker restart is survived; a
// flood keeps gridline's memory bounded.
#include <regex>
#include <string>

#include "fmt/format.h"
#include "gtest/gtest.h"
#include "test/integration/mosquitto_fixture.h"
#include "test/integration/server_fixture.h"

namespace gridline::testing {
namespace {

constexpr char kDay[] = "2026-07-01";

class HttpMqtt : public ServerTest {
 protected:
  void SetUp() override {
    if (!HaveMosquitto()) GTEST_SKIP() << "mosquitto is not installed (scripts/setup.sh)";
    broker_ = std::make_unique<MosquittoProcess>(dir_.path(), FreePort());
  }

  void StartFeed(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"--no-auth", "--mqtt", broker_->url(), "--mqtt-topic",
                                     "ami/+/reads"};
    args.insert(args.end(), extra.begin(), extra.end());
    StartServer(args);
  }

  int HealthStatus() {
    httplib::Result r = Get("/healthz", "");
    return r ? r->status : -1;
  }

  // Waits up to `seconds` for pred(); false when it never held.
  template <typename Pred>
  bool WaitFor(Pred pred, int seconds = 30) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
      if (pred()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return pred();
  }

  // The value of the metric line that starts with `name` (labels included), -1 when absent.
  double Metric(const std::string& name) {
    httplib::Result r = Get("/metrics", "");
    if (!r || r->status != 200) return -1;
    const size_t at = r->body.find("\n" + name + " ");
    if (at == std::string::npos) return -1;
    return std::stod(r->body.substr(at + name.size() + 2));
  }
  double Messages(const char* result) {
    return Metric(fmt::format("gridline_mqtt_messages_total{{result=\"{}\"}}", result));
  }

  // Readings of `meter` on kDay: how many, and their sum in Wh.
  std::pair<int, int64_t> CountAndSumWh(const std::string& meter) {
    httplib::Result r = Get(fmt::format("/api/v1/meters/{}/readings?from={}T00:00:00Z&to="
                                        "2026-07-02T00:00:00Z",
                                        meter, kDay),
                            "");
    if (!r || r->status != 200) return {-1, -1};
    static const std::regex kwh("\"kwh\":([0-9]+)\\.([0-9]{3})");
    int n = 0;
    int64_t wh = 0;
    for (std::sregex_iterator it(r->body.begin(), r->body.end(), kwh), end; it != end; ++it) {
      ++n;
      wh += std::stoll((*it)[1]) * 1000 + std::stoll((*it)[2]);
    }
    return {n, wh};
  }

  std::unique_ptr<MosquittoProcess> broker_;
};

// Message k of meter m: four quarter-hours of hour k, value (m + 1) * (4k + j + 1) Wh; CSV for
// even k, JSON for odd k.
std::string Payload(int m, int k) {
  std::string csv = "timestamp,kwh\n", json = "{\"readings\":[";
  for (int j = 0; j < 4; ++j) {
    const std::string ts = fmt::format("{}T{:02d}:{:02d}:00Z", kDay, k, 15 * j);
    const int wh = (m + 1) * (4 * k + j + 1);
    csv += fmt::format("{},{}.{:03d}\n", ts, wh / 1000, wh % 1000);
    json += fmt::format("{}{{\"timestamp\":\"{}\",\"kwh\":{}.{:03d}}}", j ? "," : "", ts, wh / 1000,
                        wh % 1000);
  }
  return k % 2 == 0 ? csv : json + "]}";
}

TEST_F(HttpMqtt, MessagesPublishedWhileDownArriveExactlyOnce) {
  ASSERT_TRUE(broker_->Start()) << broker_->Log();
  StartFeed();
  // The first run makes the persistent session (clean session off) and its subscription.
  ASSERT_TRUE(WaitFor([&] { return HealthStatus() == 200; })) << server_->Stderr();
  ASSERT_EQ(StopServer(), 0);

  constexpr int kMeters = 5, kMessages = 12;
  int64_t expected_wh[kMeters] = {};
  for (int m = 0; m < kMeters; ++m) {
    for (int k = 0; k < kMessages; ++k) {
      RunResult r = broker_->Publish(fmt::format("ami/MQ{}/reads", m), Payload(m, k));
      ASSERT_EQ(r.exit_code, 0) << r.err;
      for (int j = 0; j < 4; ++j) expected_wh[m] += (m + 1) * (4 * k + j + 1);
    }
  }
  StartFeed();
  ASSERT_TRUE(WaitFor([&] { return Messages("accepted") == kMeters * kMessages; }))
      << server_->Stderr();
  for (int m = 0; m < kMeters; ++m) {
    const auto [n, wh] = CountAndSumWh(fmt::format("MQ{}", m));
    EXPECT_EQ(n, 4 * kMessages) << m;
    EXPECT_EQ(wh, expected_wh[m]) << m;
  }
  // Exactly once: every reading stored once, none seen twice (a redelivery would count as a
  // duplicate).
  EXPECT_EQ(Metric("gridline_ingest_readings_total{result=\"accepted\"}"), kMeters * kMessages * 4);
  EXPECT_EQ(Metric("gridline_ingest_readings_total{result=\"duplicate\"}"), 0);
  // Acknowledged: a restart gets nothing again.
  ASSERT_EQ(StopServer(), 0);
  StartFeed();
  ASSERT_TRUE(WaitFor([&] { return HealthStatus() == 200; })) << server_->Stderr();
  RunResult r = broker_->Publish("ami/MQ0/reads", Payload(0, 20));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(WaitFor([&] { return Messages("accepted") == 1; })) << server_->Stderr();
  EXPECT_EQ(Metric("gridline_ingest_readings_total{result=\"duplicate\"}"), 0);
}

TEST_F(HttpMqtt, BadPayloadsAreCountedLoggedAndTheFeedGoesOn) {
  ASSERT_TRUE(broker_->Start()) << broker_->Log();
  StartFeed();
  ASSERT_TRUE(WaitFor([&] { return HealthStatus() == 200; })) << server_->Stderr();
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"ami/M1/reads", "not csv at all"},
      {"ami/M1/reads", "{\"readings\": [1, 2"},
      {"ami/M1/reads", "{\"other\": []}"},
      {"ami//reads", "timestamp,kwh\n2026-07-01T00:00:00Z,1\n"},
  };
  for (const auto& [topic, payload] : bad) {
    RunResult r = broker_->Publish(topic, payload);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // One good and one bad row: stored in part, counted as rejected.
  RunResult r = broker_->Publish(
      "ami/M1/reads", "timestamp,kwh\n2026-07-01T00:00:00Z,0.5\n2026-07-01T00:15:00Z,abc\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = broker_->Publish("ami/M2/reads", Payload(1, 3));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(WaitFor([&] { return Messages("accepted") == 1; })) << server_->Stderr();
  EXPECT_EQ(Messages("invalid"), 4);
  EXPECT_EQ(Messages("rejected"), 1);
  EXPECT_EQ(CountAndSumWh("M1"), std::make_pair(1, int64_t{500}));
  const std::string log = server_->Stderr();
  EXPECT_NE(log.find("topic 'ami/M1/reads': invalid: payload"), std::string::npos) << log;
  EXPECT_NE(log.find("topic 'ami//reads': invalid: meter level"), std::string::npos) << log;
  EXPECT_NE(log.find("1 of 2 readings rejected; the first: line 3: kwh"), std::string::npos) << log;
  // Acknowledged, so not redelivered: a restart brings none of them again.
  ASSERT_EQ(StopServer(), 0);
  StartFeed();
  ASSERT_TRUE(WaitFor([&] { return HealthStatus() == 200; })) << server_->Stderr();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(Messages("invalid"), 0);
  EXPECT_EQ(Messages("rejected"), 0);
}

TEST_F(HttpMqtt, HealthzWaitsForTheSubscriptionAndFollowsTheBroker) {
  // No broker yet: the server serves, /healthz says why it is not ready.
  StartFeed();
  httplib::Result h = Get("/healthz", "");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, 503) << h->body;
  EXPECT_NE(h->body.find("grant the subscription"), std::string::npos) << h->body;
  EXPECT_EQ(Metric("gridline_mqtt_subscribed"), 0);
  // The broker comes: gridline connects on its next try (backoff) and subscribes.
  ASSERT_TRUE(broker_->Start()) << broker_->Log();
  ASSERT_TRUE(WaitFor([&] { return HealthStatus() == 200; })) << server_->Stderr();
  EXPECT_EQ(Metric("gridline_mqtt_subscribed"), 1);
  EXPECT_GE(Metric("gridline_mqtt_reconnects_total"), 1);
  EXPECT_NE(server_->Stderr().find("reconnecting in"), std::string::npos);

  // A broker restart: 503 while it is gone, the session resumed after, messages flow again.
  broker_->Stop();
  ASSERT_TRUE(WaitFor([&] { return HealthStatus() == 503; })) << server_->Stderr();
  ASSERT_TRUE(broker_->Start()) << broker_->Log();
  ASSERT_TRUE(WaitFor([&] { return HealthStatus() == 200; })) << server_->Stderr();
  RunResult r = broker_->Publish("ami/M9/reads", Payload(0, 1));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(WaitFor([&] { return Messages("accepted") == 1; })) << server_->Stderr();
  EXPECT_EQ(CountAndSumWh("M9").first, 4);
}

// VmHWM of a process, in KiB (/proc/PID/status), -1 when unreadable.
int64_t PeakRssKiB(pid_t pid) {
  const std::string status = ReadFile(fmt::format("/proc/{}/status", pid));
  const size_t at = status.find("VmHWM:");
  return at == std::string::npos ? -1 : std::stoll(status.substr(at + 6));
}

TEST_F(HttpMqtt, AFloodKeepsMemoryBounded) {
  ASSERT_TRUE(broker_->Start()) << broker_->Log();
  StartFeed();
  ASSERT_TRUE(WaitFor([&] { return HealthStatus() == 200; })) << server_->Stderr();
  const int64_t before_kib = PeakRssKiB(server_->pid());
  // 10,000 one-reading JSON messages, 1,000 quarter-hours from 2026-01-01 for each of ten
  // meters (one per line for mosquitto_pub -l).
  constexpr int kFlood = 10'000;
  constexpr int kMonthDays[] = {31, 28, 31, 30, 31};
  std::string lines;
  for (int i = 0; i < kFlood; ++i) {
    const int q = i % 1'000;
    int day = q / 96, month = 0;
    while (day >= kMonthDays[month]) day -= kMonthDays[month++];
    lines += fmt::format(
        "{{\"readings\":[{{\"timestamp\":\"2026-{:02d}-{:02d}T{:02d}:{:02d}:00Z\",\"kwh\":0.{:03d}}"
        "}]}}\n",
        month + 1, day + 1, q % 96 / 4, q % 4 * 15, 1 + i % 999);
  }
  // mosquitto_pub -l takes one topic: ten publishers, a meter and 1,000 lines each.
  std::vector<std::thread> pubs;
  const size_t per = lines.size() / 10;
  for (int p = 0; p < 10; ++p) {
    pubs.emplace_back([&, p] {
      const size_t from = p == 0 ? 0 : lines.find('\n', p * per) + 1;
      const size_t to = p == 9 ? lines.size() : lines.find('\n', (p + 1) * per) + 1;
      broker_->Publish(fmt::format("ami/F{}/reads", p), lines.substr(from, to - from), true);
    });
  }
  for (std::thread& t : pubs) t.join();
  ASSERT_TRUE(WaitFor(
      [&] { return Messages("accepted") + Messages("rejected") + Messages("invalid") >= kFlood; },
      240))
      << Messages("accepted") << " " << server_->Stderr();
  const int64_t after_kib = PeakRssKiB(server_->pid());
  ASSERT_GT(before_kib, 0);
  // The feed holds at most one read and one packet: its peak is the server's own, plus the
  // store's memtables; 100k messages held in a queue would add hundreds of MB.
  EXPECT_LT(after_kib - before_kib, 200 * 1024) << before_kib << " -> " << after_kib;
  std::fprintf(stderr, "mqtt flood: %d messages, peak RSS %lld KiB -> %lld KiB\n", kFlood,
               static_cast<long long>(before_kib), static_cast<long long>(after_kib));
}

}  // namespace
}  // namespace gridline::testing
