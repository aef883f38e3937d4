// http_front_test.cc: what the HTTP front adds to every answer, through the real server
// (server/transport/): gzip answers for clients that accept them, the per-request deadline of
// the handlers (serve --request-timeout), and the errors the front answers itself counted in
// /metrics under their route (issue 11, item 7).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "fmt/format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/transport/body_inflater.h"
#include "test/integration/raw_http.h"
#include "test/integration/server_fixture.h"

namespace gridline {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::RawAnswer;
using testing::RawGet;
using testing::RawSocket;
using ::testing::StartsWith;
using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

std::string Inflate(const std::string& gzip) {
  absl::StatusOr<std::string> text = server::transport::InflateBody(
      gzip, server::transport::ContentEncoding::kGzip, size_t{1} << 30);
  EXPECT_TRUE(text.ok()) << text.status();
  return text.ok() ? *text : "";
}

// `count` quarter-hour readings of meter `meter` from 2000-01-01, as a long CSV.
std::string ReadingsCsv(const std::string& meter, int count) {
  std::string csv = "meter_id,timestamp,kwh\n";
  csv.reserve(static_cast<size_t>(count) * 36 + 32);
  const int64_t start = 946684800;  // 2000-01-01T00:00:00Z
  for (int i = 0; i < count; ++i) {
    const int64_t t = start + int64_t{i} * 900;
    const int64_t days = t / 86400;
    // Civil date from days since the epoch (H. Hinnant's algorithm).
    const int64_t z = days + 719468;
    const int64_t era = z / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const int64_t y = yoe + era * 400 + (m <= 2);
    const int64_t s = t % 86400;
    csv += fmt::format("{},{:04}-{:02}-{:02}T{:02}:{:02}:00Z,{}.{:03}\n", meter, y, m, d, s / 3600,
                       s / 60 % 60, i % 7, i % 1000);
  }
  return csv;
}

class HttpFront : public testing::ServerTest {
 protected:
  // Imports `count` readings of M1 with the CLI (before the server holds the store).
  void ImportReadings(int count) {
    const std::string path = dir_.Sub("m1.csv");
    testing::WriteFile(path, ReadingsCsv("M1", count));
    testing::RunResult r = Gridline({"import", "csv", "--data", data_, "--progress", "none", path});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  int port() const { return server_->port(); }
  std::string Auth(const std::string& role) {
    return "Authorization: Bearer " + Token(role) + "\r\n";
  }
};

// --- gzip answers -----------------------------------------------------------------------------

TEST_F(HttpFront, AnswersGzipOnlyWhenTheClientAcceptsIt) {
  ImportReadings(96 * 3);
  StartServer();
  const std::string target = "/api/v1/meters/M1/readings?from=2000-01-01&to=2000-01-04";
  for (const char* format : {"csv", "json"}) {
    const std::string t = target + "&format=" + format;
    const RawAnswer plain = RawGet(port(), t, Auth("analyst"));
    ASSERT_EQ(plain.status, 200) << plain.body;
    ASSERT_TRUE(plain.complete);
    EXPECT_EQ(plain.Header("content-encoding"), "") << format;
    EXPECT_EQ(plain.Header("vary"), "Accept-Encoding") << format;
    EXPECT_GT(plain.body.size(), 8000u);

    const RawAnswer gzip = RawGet(port(), t, Auth("analyst") + "Accept-Encoding: gzip, br\r\n");
    ASSERT_EQ(gzip.status, 200);
    ASSERT_TRUE(gzip.complete);
    EXPECT_EQ(gzip.Header("content-encoding"), "gzip") << format;
    EXPECT_EQ(gzip.HeaderCount("content-encoding"), 1u) << "compressed once";
    EXPECT_EQ(gzip.Header("vary"), "Accept-Encoding");
    EXPECT_EQ(gzip.Header("content-length"), std::to_string(gzip.body.size()));
    EXPECT_LT(gzip.body.size(), plain.body.size() / 3) << format;
    EXPECT_EQ(Inflate(gzip.body), plain.body) << format;

    // q=0 means "not gzip" (RFC 9110 section 12.5.3), even with * allowed.
    for (const char* refuse : {"gzip;q=0, *;q=1", "identity", "deflate"}) {
      const RawAnswer no =
          RawGet(port(), t, Auth("analyst") + fmt::format("Accept-Encoding: {}\r\n", refuse));
      EXPECT_EQ(no.Header("content-encoding"), "") << refuse;
      EXPECT_EQ(no.body, plain.body) << refuse;
    }
    const RawAnswer weighted =
        RawGet(port(), t, Auth("analyst") + "Accept-Encoding: br;q=1, gzip;q=0.5\r\n");
    EXPECT_EQ(weighted.Header("content-encoding"), "gzip");
  }
  // Small answers go as they are.
  const RawAnswer health = RawGet(port(), "/healthz", "Accept-Encoding: gzip\r\n");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.Header("content-encoding"), "");
  EXPECT_THAT(health.body, HasSubstr("ok"));
}

TEST_F(HttpFront, StreamedAnswerIsCompressedAsAStreamWithBoundedMemory) {
  constexpr int kReadings = 1'000'000;  // streamed: over 20,000 slots; ~40 MB of CSV
  ImportReadings(kReadings);
  StartServer();
  const std::string target = "/api/v1/meters/M1/readings?from=2000-01-01&to=2030-01-01&format=csv";
  const pid_t pid = server_->pid();
  // Warm the store's caches, so that both answers below read the same way.
  ASSERT_EQ(RawGet(port(), target, Auth("analyst")).status, 200);

  double cpu0 = testing::CpuSeconds(pid);
  auto t0 = Clock::now();
  const RawAnswer plain = RawGet(port(), target, Auth("analyst"));
  const double plain_ms = MsSince(t0);
  const double plain_cpu = testing::CpuSeconds(pid) - cpu0;
  ASSERT_EQ(plain.status, 200);
  ASSERT_TRUE(plain.chunked && plain.complete);

  const int64_t rss_before_kb = testing::PeakRssKb(pid);
  cpu0 = testing::CpuSeconds(pid);
  t0 = Clock::now();
  const RawAnswer gzip = RawGet(port(), target, Auth("analyst") + "Accept-Encoding: gzip\r\n");
  const double gzip_ms = MsSince(t0);
  const double gzip_cpu = testing::CpuSeconds(pid) - cpu0;
  const int64_t rss_growth_kb = testing::PeakRssKb(pid) - rss_before_kb;
  ASSERT_EQ(gzip.status, 200);
  ASSERT_TRUE(gzip.chunked && gzip.complete) << "a streamed answer stays chunked";
  EXPECT_EQ(gzip.Header("content-encoding"), "gzip");
  EXPECT_EQ(gzip.Header("content-length"), "");
  const std::string text = Inflate(gzip.body);
  EXPECT_EQ(text.size(), plain.body.size());
  EXPECT_TRUE(text == plain.body) << "the inflated answer differs from the plain one";
  std::printf(
      "gzip_stream_readings_csv_bytes %zu B -> %zu B (ratio %.2f)\n"
      "gzip_stream_cpu_s %.3f s (plain %.3f s; extra %.0f ns/byte)\n"
      "gzip_stream_ms %.0f ms (plain %.0f ms)\ngzip_stream_peak_rss_growth %lld kB\n",
      plain.body.size(), gzip.body.size(),
      static_cast<double>(plain.body.size()) / static_cast<double>(gzip.body.size()), gzip_cpu,
      plain_cpu, (gzip_cpu - plain_cpu) * 1e9 / static_cast<double>(plain.body.size()), gzip_ms,
      plain_ms, static_cast<long long>(rss_growth_kb));
  EXPECT_LT(gzip.body.size(), plain.body.size() / 4);
  // No second copy of a 40 MB answer: zlib's state and a piece at a time.
  EXPECT_LT(rss_growth_kb, 8 * 1024);
}

// --- the handler's deadline --------------------------------------------------------------------

// A meter's own roll-up reads every one of its readings: over 2 million quarter-hours it runs
// for a good part of a second even on a fast machine. With --request-timeout 0.05 it is cut near
// its deadline, answered 504, and the single worker is free for the next request at once. (The
// bounds below are relative to the uncut run, so a faster or slower machine does not change the
// verdict.)
TEST_F(HttpFront, HeavyQueryPastTheDeadlineIs504AndFreesTheWorker) {
  ImportReadings(2'000'000);
  const std::string heavy = "/api/v1/assets/M1/rollup?from=2000-01-01&to=2060-01-01&step=1mo";
  StartServer();
  auto t0 = Clock::now();
  httplib::Result r = Get(heavy, Token("analyst"));
  const double full_ms = MsSince(t0);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  StopServer();

  StartServer({"--request-timeout", "0.05", "--threads", "1"});
  t0 = Clock::now();
  r = Get(heavy, Token("analyst"));
  const double cut_ms = MsSince(t0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 504) << r->body;
  EXPECT_THAT(r->body, HasSubstr("\"error\":\"deadline_exceeded\""));
  EXPECT_THAT(r->body, HasSubstr("--request-timeout"));
  EXPECT_THAT(r->body, HasSubstr("0.05 s"));
  std::printf("deadline_heavy_rollup_ms %.0f ms uncut, %.0f ms with a 0.05 s deadline\n", full_ms,
              cut_ms);
  EXPECT_GT(full_ms, 200) << "the request is not heavy enough to show the deadline";
  EXPECT_LT(cut_ms, full_ms / 2);
  // The one worker is free: a short request right after is answered at once.
  t0 = Clock::now();
  r = Get("/api/v1/meters/M1/agg?from=2000-01-01&to=2000-01-02&step=1h&fn=sum", Token("analyst"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_LT(MsSince(t0), 150);
}

// Imports are not cut at the deadline (their time is bounded by --max-body, and a write cut
// halfway would leave the client guessing what was stored): an import that runs past it
// finishes and says what it stored. A request that waited for a worker past its deadline is not
// started at all, so nothing of it is stored.
TEST_F(HttpFront, ImportPastTheDeadlineCompletesAndAQueuedWriteIsNotStarted) {
  StartServer({"--request-timeout", "0.05", "--threads", "1"});
  const std::string ingest = Token("ingest");
  const std::string big = ReadingsCsv("M1", 1'000'000);
  // The import by hand: once Send returns, all but the socket buffers' worth of the body is with
  // the server, which soon has it whole and hands it to the only worker.
  RawSocket import(port());
  ASSERT_TRUE(import.Send(fmt::format(
      "POST /api/v1/import/csv HTTP/1.1\r\nHost: a\r\nConnection: close\r\n"
      "Authorization: Bearer {}\r\nContent-Type: text/csv\r\nContent-Length: {}\r\n\r\n",
      ingest, big.size())));
  const auto t0 = Clock::now();
  ASSERT_TRUE(import.Send(big));
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  // A small write now waits for the worker behind the import.
  httplib::Client c("127.0.0.1", port());
  c.set_read_timeout(120, 0);
  httplib::Result queued = c.Post("/api/v1/meters/M2/readings", Bearer(ingest),
                                  "timestamp,kwh\n2026-07-01T00:00:00Z,1.5\n", "text/csv");
  const RawAnswer imported = testing::ParseAnswer(import.ReadAll(std::chrono::seconds(120)));
  const double import_ms = MsSince(t0);
  EXPECT_EQ(imported.status, 200) << imported.body;
  EXPECT_THAT(imported.body, HasSubstr("\"accepted\":1000000"));
  std::printf("deadline_import_ms %.0f ms with a 0.05 s deadline\n", import_ms);
  EXPECT_GT(import_ms, 150) << "the import did not run past its deadline: nothing was shown";
  ASSERT_TRUE(queued);
  EXPECT_EQ(queued->status, 504) << queued->body;
  EXPECT_THAT(queued->body, HasSubstr("not started (nothing was done)"));
  httplib::Result m2 =
      Get("/api/v1/meters/M2/readings?from=2026-07-01&to=2026-07-02", Token("analyst"));
  ASSERT_TRUE(m2);
  EXPECT_EQ(m2->status, 404) << "the write that was not started stored something: " << m2->body;
}

// --- metrics of the errors the front answers itself -----------------------------------------

TEST_F(HttpFront, FrontErrorsCountUnderTheirRouteWithTheirStatus) {
  StartServer({"--max-body", "4096", "--read-timeout", "1"});
  const std::string post = "POST /api/v1/meters/M1/readings HTTP/1.1\r\nHost: a\r\n";
  auto send = [&](const std::string& request) {
    RawSocket s(port());
    EXPECT_TRUE(s.Send(request));
    return s.ReadAll(std::chrono::seconds(5));
  };
  // 400: two Content-Lengths.
  EXPECT_THAT(send(post + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nabcde"),
              StartsWith("HTTP/1.1 400"));
  // 413: over --max-body, from the Content-Length.
  EXPECT_THAT(send(post + "Content-Length: 100000\r\n\r\n"), StartsWith("HTTP/1.1 413"));
  // 431: headers over 32 KiB.
  EXPECT_THAT(
      send("GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(40'000, 'a') + "\r\n\r\n"),
      StartsWith("HTTP/1.1 431"));
  // 408: headers trickled past --read-timeout.
  {
    RawSocket s(port());
    ASSERT_TRUE(s.Send("GET /healthz HTTP/1.1\r\nHost: a\r\nX-Slow: "));
    std::string answer;
    const auto until = Clock::now() + std::chrono::seconds(5);
    while (answer.empty() && Clock::now() < until) {
      if (!s.Send("a")) break;
      if (s.WaitReadable(Clock::now() + std::chrono::milliseconds(100))) {
        answer = s.ReadAll(std::chrono::seconds(1));
      }
    }
    EXPECT_THAT(answer, StartsWith("HTTP/1.1 408"));
  }
  // A path that matches no route stays unmatched.
  EXPECT_THAT(send("POST /nowhere HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: "
                   "1\r\n\r\na"),
              StartsWith("HTTP/1.1 400"));

  httplib::Result m = Get("/metrics", Token("admin"));
  ASSERT_TRUE(m);
  ASSERT_EQ(m->status, 200);
  // The counters alone (the histograms would bury a failure's message).
  std::string counts;
  for (size_t at = m->body.find("gridline_http_requests_total{"); at != std::string::npos;
       at = m->body.find("gridline_http_requests_total{", at + 1)) {
    counts += m->body.substr(at, m->body.find('\n', at) + 1 - at);
  }
  const std::string readings = "method=\"POST\",route=\"/api/v1/meters/{id}/readings\"";
  EXPECT_THAT(counts, HasSubstr("gridline_http_requests_total{" + readings + ",code=\"400\"} 1\n"));
  EXPECT_THAT(counts, HasSubstr("gridline_http_requests_total{" + readings + ",code=\"413\"} 1\n"));
  EXPECT_THAT(counts, HasSubstr("gridline_http_requests_total{method=\"GET\",route=\"/healthz\","
                                "code=\"431\"} 1\n"));
  EXPECT_THAT(counts, HasSubstr("gridline_http_requests_total{method=\"GET\",route=\"/healthz\","
                                "code=\"408\"} 1\n"));
  EXPECT_THAT(counts, HasSubstr("gridline_http_requests_total{method=\"\",route=\"unmatched\","
                                "code=\"400\"} 1\n"));
  // The 408 is timed from the request's first byte: it waited about --read-timeout.
  EXPECT_THAT(m->body, HasSubstr("gridline_http_request_duration_seconds_bucket{method=\"GET\","
                                 "route=\"/healthz\",code=\"408\",le=\"0.5\"} 0\n"));
  EXPECT_THAT(counts, Not(HasSubstr("code=\"other\"")));
}

}  // namespace
}  // namespace gridline
