// The MQTT live feed (`serve --mqtt`, docs/mqtt.md) through a real mosquitto broker and the real
// gridline binary: messages published while gridline is down arrive once it is back, each
// reading exactly once; bad payloads are counted and logged and the feed goes on; /healthz
// answers 503 until the broker has granted the subscription; a broker restart is survived; a
// flood keeps gridline's memory bounded; kill -9 while messages are written and not yet
// acknowledged (mid-flood, and with every PUBACK held back by a proxy) loses and doubles nothing.
#include <regex>
#include <string>

#include "common/time.h"
#include "fmt/format.h"
#include "gtest/gtest.h"
#include "test/integration/mosquitto_fixture.h"
#include "test/integration/server_fixture.h"
#include "test/integration/tcp_proxy.h"

namespace gridline::testing {
namespace {

constexpr char kDay[] = "2026-07-01";
constexpr int kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

// Quarter-hour q after 2026-01-01T00:00:00Z, as an ISO 8601 UTC stamp.
std::string QuarterHour(int q) {
  int day = q / 96, month = 0;
  while (day >= kMonthDays[month]) day -= kMonthDays[month++];
  return fmt::format("2026-{:02d}-{:02d}T{:02d}:{:02d}:00Z", month + 1, day + 1, q % 96 / 4,
                     q % 4 * 15);
}

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

  // Readings of `meter` on kDay (or in [from, to)): how many, and their sum in Wh.
  std::pair<int, int64_t> CountAndSumWh(const std::string& meter,
                                        const std::string& from = "2026-07-01T00:00:00Z",
                                        const std::string& to = "2026-07-02T00:00:00Z") {
    httplib::Result r =
        Get(fmt::format("/api/v1/meters/{}/readings?from={}&to={}", meter, from, to), "");
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

TEST_F(HttpMqtt, AWriteTheStoreRefusesAcknowledgesNoneOfItsBatch) {
  ASSERT_TRUE(broker_->Start()) << broker_->Log();
  // A reserve of 1 PiB: every write is refused as disk full (Unavailable).
  ::setenv("GRIDLINE_DISK_RESERVE_MB", "1073741824", 1);
  StartFeed();
  ::unsetenv("GRIDLINE_DISK_RESERVE_MB");
  ASSERT_TRUE(WaitFor([&] { return HealthStatus() == 200; })) << server_->Stderr();
  for (int m = 0; m < 4; ++m) {
    RunResult r = broker_->Publish(fmt::format("ami/U{}/reads", m), Payload(m, 0));
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  RunResult bad = broker_->Publish("ami/U9/reads", "not csv at all");
  ASSERT_EQ(bad.exit_code, 0) << bad.err;
  ASSERT_TRUE(WaitFor([&] { return Messages("retried") >= 1; })) << server_->Stderr();
  EXPECT_EQ(Messages("accepted"), 0);
  EXPECT_NE(server_->Stderr().find("to be redelivered: disk full"), std::string::npos)
      << server_->Stderr();
  ASSERT_EQ(StopServer(), 0);
  // With room again, the broker delivers all five again, the bad one too: none was acknowledged.
  StartFeed();
  ASSERT_TRUE(WaitFor([&] { return Messages("accepted") == 4 && Messages("invalid") == 1; }))
      << Messages("accepted") << " " << Messages("invalid") << " " << server_->Stderr();
  for (int m = 0; m < 4; ++m) EXPECT_EQ(CountAndSumWh(fmt::format("U{}", m)).first, 4) << m;
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
  // 10,000 JSON messages of one day (96 readings, about 5 KB) each: 1,000 days for each of ten
  // meters (one message per line for mosquitto_pub -l), 48 MB and 960,000 readings in all.
  constexpr int kFlood = 10'000, kPerMeter = 1'000;
  std::vector<std::string> lines(10);
  for (int i = 0; i < kFlood; ++i) {
    const int day = i % kPerMeter;
    std::string& line = lines[i / kPerMeter];
    line += "{\"readings\":[";
    for (int s = 0; s < 96; ++s) {
      const int64_t t = 1'767'225'600 + (int64_t{day} * 96 + s) * 900;  // from 2026-01-01
      line += fmt::format("{}{{\"timestamp\":\"{}\",\"kwh\":0.{:03d}}}", s ? "," : "",
                          FormatIsoUtc(t), 1 + (i + s) % 999);
    }
    line += "]}\n";
  }
  // mosquitto_pub -l takes one topic: ten publishers, a meter each.
  std::vector<std::thread> pubs;
  for (int p = 0; p < 10; ++p) {
    pubs.emplace_back(
        [&, p] { broker_->Publish(fmt::format("ami/F{}/reads", p), lines[p], true); });
  }
  for (std::thread& t : pubs) t.join();
  ASSERT_TRUE(WaitFor(
      [&] { return Messages("accepted") + Messages("rejected") + Messages("invalid") >= kFlood; },
      240))
      << Messages("accepted") << " " << server_->Stderr();
  EXPECT_EQ(Messages("accepted"), kFlood) << server_->Stderr();
  EXPECT_EQ(Metric("gridline_ingest_readings_total{result=\"accepted\"}"), kFlood * 96);
  const int64_t after_kib = PeakRssKiB(server_->pid());
  ASSERT_GT(before_kib, 0);
  // The feed holds at most one batch (8 MiB of payloads and their readings), one read and one
  // packet: its peak is the server's own, plus the store's memtables; the 48 MB of messages
  // held in a queue would show.
  EXPECT_LT(after_kib - before_kib, 200 * 1024) << before_kib << " -> " << after_kib;
  std::fprintf(stderr, "mqtt flood: %d messages, peak RSS %lld KiB -> %lld KiB\n", kFlood,
               static_cast<long long>(before_kib), static_cast<long long>(after_kib));
}

// Message i of meter p in the crash tests: two quarter-hours from 2026-01-01, 2i and 2i+1, of
// (p + 1) + (q * 7) % 997 Wh each; JSON on one line (mosquitto_pub -l).
std::string CrashMessage(int p, int i, int64_t* wh) {
  std::string line = "{\"readings\":[";
  for (int j = 0; j < 2; ++j) {
    const int q = 2 * i + j;
    const int v = (p + 1) + (q * 7) % 997;
    *wh += v;
    line += fmt::format("{}{{\"timestamp\":\"{}\",\"kwh\":{}.{:03d}}}", j ? "," : "",
                        QuarterHour(q), v / 1000, v % 1000);
  }
  return line + "]}";
}

TEST_F(HttpMqtt, KilledMidFloodEveryReadingArrivesExactlyOnce) {
  ASSERT_TRUE(broker_->Start()) << broker_->Log();
  StartFeed();
  ASSERT_TRUE(WaitFor([&] { return HealthStatus() == 200; })) << server_->Stderr();
  // 20,000 messages: ten meters, 2,000 messages of two quarter-hours each.
  constexpr int kMeters = 10, kPerMeter = 2'000, kFlood = kMeters * kPerMeter;
  std::vector<std::string> lines(kMeters);
  int64_t expected_wh[kMeters] = {};
  for (int p = 0; p < kMeters; ++p) {
    for (int i = 0; i < kPerMeter; ++i) lines[p] += CrashMessage(p, i, &expected_wh[p]) + "\n";
  }
  std::vector<std::thread> pubs;
  for (int p = 0; p < kMeters; ++p) {
    pubs.emplace_back(
        [&, p] { broker_->Publish(fmt::format("ami/K{}/reads", p), lines[p], true); });
  }
  // kill -9 in the middle of the flood: some messages written and acknowledged, some written and
  // not yet acknowledged, the rest not read.
  double at_kill = 0;
  ASSERT_TRUE(WaitFor([&] { return (at_kill = Messages("accepted")) >= kFlood / 10; }, 120))
      << server_->Stderr();
  ASSERT_EQ(StopServer(SIGKILL), -SIGKILL);
  for (std::thread& t : pubs) t.join();
  ASSERT_LT(at_kill, kFlood) << "the flood was over before the kill";

  // Restart and publish nothing more: the broker delivers what was not acknowledged.
  StartFeed();
  const std::string from = "2026-01-01T00:00:00Z", to = "2026-03-01T00:00:00Z";
  ASSERT_TRUE(WaitFor(
      [&] {
        for (int p = 0; p < kMeters; ++p) {
          if (CountAndSumWh(fmt::format("K{}", p), from, to).first < 2 * kPerMeter) return false;
        }
        return true;
      },
      240))
      << server_->Stderr();
  for (int p = 0; p < kMeters; ++p) {
    EXPECT_EQ(CountAndSumWh(fmt::format("K{}", p), from, to),
              std::make_pair(2 * kPerMeter, expected_wh[p]))
        << p;
  }
  // A redelivered reading is a duplicate (same value), never a new version.
  EXPECT_EQ(Metric("gridline_ingest_readings_total{result=\"version\"}"), 0);
  EXPECT_EQ(Metric("gridline_ingest_readings_total{result=\"rejected\"}"), 0);
  std::fprintf(stderr, "mqtt kill mid-flood: %.0f of %d messages accepted at the kill\n", at_kill,
               kFlood);
}

TEST_F(HttpMqtt, KilledBetweenWriteAndPubackEveryReadingArrivesExactlyOnce) {
  ASSERT_TRUE(broker_->Start()) << broker_->Log();
  // gridline reaches the broker through a proxy that can drop what gridline sends.
  TcpProxy proxy(broker_->port());
  std::vector<std::string> args = {"--no-auth", "--mqtt", proxy.mqtt_url()};
  StartServer(args);
  ASSERT_TRUE(WaitFor([&] { return HealthStatus() == 200; })) << server_->Stderr();
  // From now on no PUBACK reaches the broker: it sends its in-flight window (the fixture's
  // max_inflight_messages, 1000) and waits; gridline writes those 1000 durably.
  proxy.DropFromClient(true);
  constexpr int kMeters = 3, kPerMeter = 1'000, kMessages = kMeters * kPerMeter;
  constexpr int kWindow = 1'000;
  int64_t expected_wh[kMeters] = {};
  for (int p = 0; p < kMeters; ++p) {
    std::string lines;
    for (int i = 0; i < kPerMeter; ++i) lines += CrashMessage(p, i, &expected_wh[p]) + "\n";
    RunResult r = broker_->Publish(fmt::format("ami/W{}/reads", p), lines, true);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  ASSERT_TRUE(WaitFor([&] { return Messages("accepted") >= kWindow; })) << server_->Stderr();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(Messages("accepted"), kWindow);  // the broker sent no more: none was acknowledged
  EXPECT_EQ(Metric("gridline_ingest_readings_total{result=\"accepted\"}"), 2 * kWindow);
  EXPECT_GT(proxy.dropped_bytes(), 0u);
  ASSERT_EQ(StopServer(SIGKILL), -SIGKILL);

  // Restart: the broker delivers the 1000 written but unacknowledged messages again, then the
  // rest. Every reading is stored once: the redelivered ones are duplicates.
  proxy.DropFromClient(false);
  StartServer(args);
  ASSERT_TRUE(WaitFor([&] { return Messages("accepted") >= kMessages; }, 120)) << server_->Stderr();
  EXPECT_EQ(Messages("accepted"), kMessages);
  EXPECT_EQ(Metric("gridline_ingest_readings_total{result=\"duplicate\"}"), 2 * kWindow);
  EXPECT_EQ(Metric("gridline_ingest_readings_total{result=\"accepted\"}"),
            2 * (kMessages - kWindow));
  EXPECT_EQ(Metric("gridline_ingest_readings_total{result=\"version\"}"), 0);
  for (int p = 0; p < kMeters; ++p) {
    EXPECT_EQ(CountAndSumWh(fmt::format("W{}", p), "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"),
              std::make_pair(2 * kPerMeter, expected_wh[p]))
        << p;
  }
}

}  // namespace
}  // namespace gridline::testing
