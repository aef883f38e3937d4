// http_stream_upload_test.cc: streamed uploads on POST /api/v1/ingest/FORMAT through the real
// server: bodies many times --max-body imported exactly with bounded server memory (Content-Length,
// chunked and gzip), refusals before any of the body is read, a client that goes away mid-body,
// an idle upload cut, an upload longer than --request-timeout that keeps going,
// all-or-nothing on a stream, and an Idempotency-Key replay that reads nothing.
#include <zlib.h>

#include <cstdint>
#include <ctime>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "fmt/format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "test/integration/raw_http.h"
#include "test/integration/server_fixture.h"

namespace gridline {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr int64_t kStart = 1'782'864'000;  // 2026-07-01T00:00:00Z

// A long CSV of `meters` meters named PREFIX0..., `days` days of quarter-hours each, values
// 0.000..0.999 kWh from a xorshift; the Wh sum per meter computed as it is written (the
// independent sum the server's totals are checked against).
struct GeneratedCsv {
  std::string text;
  uint64_t readings = 0;
  std::vector<int64_t> wh_per_meter;
};

GeneratedCsv Generate(const std::string& prefix, int meters, int days) {
  GeneratedCsv g;
  g.text = "meter_id,timestamp,kwh\n";
  g.wh_per_meter.assign(static_cast<size_t>(meters), 0);
  uint64_t x = 88172645463325252ull;
  for (int d = 0; d < days; ++d) {
    for (int m = 0; m < meters; ++m) {
      for (int s = 0; s < 96; ++s) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        const int64_t wh = static_cast<int64_t>(x % 1000);
        const int64_t t = kStart + (int64_t{d} * 96 + s) * 900;
        const std::time_t tt = static_cast<std::time_t>(t);
        std::tm tm;
        gmtime_r(&tt, &tm);
        fmt::format_to(std::back_inserter(g.text),
                       "{}{},{:04}-{:02}-{:02}T{:02}:{:02}:00Z,0.{:03}\n", prefix, m,
                       tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, wh);
        g.wh_per_meter[static_cast<size_t>(m)] += wh;
        ++g.readings;
      }
    }
  }
  return g;
}

std::string Gzip(const std::string& in) {
  z_stream z = {};
  deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, in.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

class HttpStreamUpload : public testing::ServerTest {
 protected:
  // The Wh a meter holds over the generated period, from the API's monthly sums.
  int64_t StoredWh(const std::string& meter, int days) {
    httplib::Result r = Get(fmt::format("/api/v1/meters/{}/agg?from=2026-07-01T00:00:00Z&to={}&"
                                        "step=1mo&fn=sum&format=csv",
                                        meter, FormatTo(days)),
                            Token("analyst"));
    if (!r || r->status != 200) {
      ADD_FAILURE() << meter << ": " << (r ? r->body : httplib::to_string(r.error()));
      return -1;
    }
    int64_t wh = 0;
    size_t at = r->body.find('\n');  // after the header
    while (at != std::string::npos && at + 1 < r->body.size()) {
      const size_t eol = r->body.find('\n', at + 1);
      const std::string line = r->body.substr(at + 1, eol - at - 1);
      const std::string value = line.substr(line.find(',') + 1);
      if (!value.empty()) {
        const size_t dot = value.find('.');
        wh += std::stoll(value.substr(0, dot)) * 1000 + std::stoll(value.substr(dot + 1));
      }
      at = eol;
    }
    return wh;
  }
  static std::string FormatTo(int days) {
    const std::time_t tt = static_cast<std::time_t>(kStart + int64_t{days} * 86400);
    std::tm tm;
    gmtime_r(&tt, &tm);
    return fmt::format("{:04}-{:02}-{:02}T00:00:00Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  }
  void ExpectStored(const GeneratedCsv& g, const std::string& prefix, int days) {
    for (size_t m = 0; m < g.wh_per_meter.size(); ++m) {
      EXPECT_EQ(StoredWh(fmt::format("{}{}", prefix, m), days), g.wh_per_meter[m]) << prefix << m;
    }
  }
  static rapidjson::Document Json(const std::string& body) {
    rapidjson::Document d;
    d.Parse(body.c_str());
    return d;
  }
  httplib::Headers Auth(const std::string& role) {
    return {{"Authorization", "Bearer " + Token(role)}};
  }
};

// Streamed into the importer as it arrives: a body 45 times --max-body imports exactly with
// Content-Length, and again gzipped and chunked every reading matches the stored one. The
// store's own memory (memtables, its 64 MiB block cache) grows with what it holds whatever the
// transport, so the body's footprint is measured where the store adds little: the file sent four
// times over in one chunked body of ~190 MB, all duplicates, grows the server's peak RSS by less
// than half that body, which a server holding the body whole could not do.
TEST_F(HttpStreamUpload, BodiesFarOverMaxBodyImportExactlyWithBoundedMemory) {
  constexpr int kMeters = 40, kDays = 400;  // 1,536,000 readings, about 47 MB
  constexpr int kRepeats = 4;
  StartServer({"--max-body", "1048576"});
  const GeneratedCsv g = Generate("A", kMeters, kDays);
  ASSERT_GT(g.text.size(), size_t{40} << 20);
  httplib::Result r =
      server_->client().Post("/api/v1/ingest/csv", Auth("admin"), g.text, "text/csv");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  rapidjson::Document d = Json(r->body);
  EXPECT_EQ(d["readings"].GetUint64(), g.readings);
  EXPECT_EQ(d["accepted"].GetUint64(), g.readings);
  EXPECT_EQ(d["rejected"].GetUint64(), 0u);
  ExpectStored(g, "A", kDays);

  httplib::Headers gzip = Auth("admin");
  gzip.emplace("Content-Encoding", "gzip");
  r = server_->client().Post("/api/v1/ingest/csv", gzip, Gzip(g.text), "text/csv");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  d = Json(r->body);
  EXPECT_EQ(d["readings"].GetUint64(), g.readings);
  EXPECT_EQ(d["duplicates"].GetUint64(), g.readings);
  EXPECT_EQ(d["versions"].GetUint64(), 0u);
  const int64_t before_kb = testing::PeakRssKb(server_->pid());

  // The rows of the file (without its header) kRepeats times after one header, chunked.
  const std::string_view rows = std::string_view(g.text).substr(g.text.find('\n') + 1);
  const std::string_view header = std::string_view(g.text).substr(0, g.text.find('\n') + 1);
  const size_t total = header.size() + rows.size() * kRepeats;
  r = server_->client().Post(
      "/api/v1/ingest/csv", Auth("admin"),
      [&](size_t offset, httplib::DataSink& sink) {
        if (offset >= total) {
          sink.done();
          return true;
        }
        if (offset < header.size()) return sink.write(header.data(), header.size());
        const size_t at = (offset - header.size()) % rows.size();
        const size_t n = std::min<size_t>(256 * 1024, rows.size() - at);
        return sink.write(rows.data() + at, n);
      },
      "text/csv");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 200) << r->body;
  d = Json(r->body);
  EXPECT_EQ(d["readings"].GetUint64(), g.readings * kRepeats);
  EXPECT_EQ(d["duplicates"].GetUint64(), g.readings * kRepeats);
  EXPECT_EQ(d["versions"].GetUint64(), 0u);
  EXPECT_EQ(d["rejected"].GetUint64(), 0u);
  ExpectStored(g, "A", kDays);
  const int64_t peak_kb = testing::PeakRssKb(server_->pid());
  std::printf(
      "stream_upload_chunked_body_bytes %zu B\nstream_upload_peak_rss %lld kB (before "
      "the chunked body %lld kB)\n",
      total, static_cast<long long>(peak_kb), static_cast<long long>(before_kb));
  EXPECT_LT((peak_kb - before_kb) * 1024, static_cast<int64_t>(total / 2))
      << "the chunked body grew the server's peak RSS by half its size or more";
}

// The checks that need no body run before any of it is read: a 401 (and a 404) is answered to
// the headers alone, and an `Expect: 100-continue` client is never told to send.
TEST_F(HttpStreamUpload, RefusalsAreAnsweredBeforeTheBodyIsRead) {
  StartServer();
  for (const std::string& expect : {std::string(), std::string("Expect: 100-continue\r\n")}) {
    testing::RawSocket s(server_->port());
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE(
        s.Send("POST /api/v1/ingest/csv HTTP/1.1\r\nHost: a\r\nContent-Type: text/csv\r\n"
               "Content-Length: 1000000000\r\n" +
               expect + "\r\n"));
    const std::string answer = s.ReadAll(std::chrono::seconds(5));
    EXPECT_THAT(answer, StartsWith("HTTP/1.1 401")) << expect;
    EXPECT_THAT(answer, ::testing::Not(HasSubstr("100 Continue"))) << expect;
  }
  testing::RawSocket s(server_->port());
  ASSERT_TRUE(
      s.Send("POST /api/v1/ingest/csv HTTP/1.1\r\nHost: a\r\nContent-Type: text/csv\r\n"
             "Authorization: Bearer " +
             Token("analyst") + "\r\nContent-Length: 1000000000\r\n\r\n"));
  EXPECT_THAT(s.ReadAll(std::chrono::seconds(5)), StartsWith("HTTP/1.1 403"));
  EXPECT_EQ(Get("/healthz", "")->status, 200);
}

// The body limit of an upload is --max-upload, answered from Content-Length before reading, and
// for a chunked body once it passes it; other routes keep --max-body.
TEST_F(HttpStreamUpload, MaxUploadBoundsUploadsAndMaxBodyTheRest) {
  StartServer({"--max-body", "4096", "--max-upload", "65536"});
  testing::RawSocket s(server_->port());
  ASSERT_TRUE(
      s.Send("POST /api/v1/ingest/csv HTTP/1.1\r\nHost: a\r\nContent-Type: text/csv\r\n"
             "Authorization: Bearer " +
             Token("ingest") + "\r\nContent-Length: 70000\r\n\r\n"));
  const std::string answer = s.ReadAll(std::chrono::seconds(5));
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 413"));
  EXPECT_THAT(answer, HasSubstr("--max-upload"));
  const GeneratedCsv g = Generate("L", 1, 20);  // about 60 KB: over --max-body, under --max-upload
  ASSERT_GT(g.text.size(), size_t{8192});
  ASSERT_LT(g.text.size(), size_t{65536});
  httplib::Result r =
      server_->client().Post("/api/v1/ingest/csv", Auth("ingest"), g.text, "text/csv");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  r = server_->client().Post("/api/v1/import/csv", Auth("ingest"), g.text, "text/csv");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413) << r->body;
  EXPECT_THAT(r->body, HasSubstr("--max-body"));
  // A chunked body that passes --max-upload is cut there.
  const GeneratedCsv big = Generate("K", 1, 40);
  r = server_->client().Post(
      "/api/v1/ingest/csv", Auth("ingest"),
      [&big](size_t offset, httplib::DataSink& sink) {
        if (offset >= big.text.size()) {
          sink.done();
          return true;
        }
        return sink.write(big.text.data() + offset,
                          std::min<size_t>(8192, big.text.size() - offset));
      },
      "text/csv");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413) << r->body;
  EXPECT_THAT(r->body, HasSubstr("--max-upload"));
  EXPECT_EQ(Get("/healthz", "")->status, 200);
}

// A client that goes away mid-body: the server stays healthy, and what arrived before the cut
// is stored (best effort) and readable.
TEST_F(HttpStreamUpload, ClientThatDisconnectsMidBodyLeavesTheCommittedPartQueryable) {
  StartServer();
  const GeneratedCsv g = Generate("D", 4, 200);  // about 2.7 MB
  {
    testing::RawSocket s(server_->port());
    ASSERT_TRUE(
        s.Send(fmt::format("POST /api/v1/ingest/csv HTTP/1.1\r\nHost: a\r\nContent-Type: "
                           "text/csv\r\nAuthorization: Bearer {}\r\nContent-Length: {}\r\n"
                           "\r\n",
                           Token("ingest"), g.text.size())));
    ASSERT_TRUE(s.Send(std::string_view(g.text).substr(0, g.text.size() / 2)));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }  // closed with half the body sent
  // The import ends with what it had; its readings become readable.
  int64_t readings = 0;
  for (int i = 0; i < 100 && readings == 0; ++i) {
    httplib::Result r =
        Get("/api/v1/meters/D0/agg?from=2026-07-01&to=2027-07-01&step=1mo&fn=count"
            "&format=csv",
            Token("analyst"));
    if (r && r->status == 200) {
      for (size_t at = r->body.find('\n'); at != std::string::npos && at + 1 < r->body.size();) {
        const size_t eol = r->body.find('\n', at + 1);
        const std::string line = r->body.substr(at + 1, eol - at - 1);
        readings += std::stoll("0" + line.substr(line.find(',') + 1));
        at = eol;
      }
    }
    if (readings == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_GT(readings, 0) << "nothing of the first half was stored";
  EXPECT_LT(readings, 96 * 200) << "more than was sent";
  EXPECT_EQ(Get("/healthz", "")->status, 200);
  // The server goes on: the whole body sent again is stored, exactly.
  httplib::Result r =
      server_->client().Post("/api/v1/ingest/csv", Auth("ingest"), g.text, "text/csv");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  ExpectStored(g, "D", 200);
}

// An upload whose bytes stop is cut after --read-timeout without one; one that keeps sending
// goes on past --request-timeout and --read-timeout.
TEST_F(HttpStreamUpload, IdleUploadIsCutAndAProgressingOneOutlivesTheDeadlines) {
  StartServer({"--read-timeout", "1", "--request-timeout", "1"});
  const GeneratedCsv g = Generate("S", 2, 30);
  testing::RawSocket idle(server_->port());
  ASSERT_TRUE(
      idle.Send(fmt::format("POST /api/v1/ingest/csv HTTP/1.1\r\nHost: a\r\nContent-Type: "
                            "text/csv\r\nAuthorization: Bearer {}\r\nContent-Length: {}\r\n"
                            "\r\n",
                            Token("ingest"), g.text.size())));
  ASSERT_TRUE(idle.Send(std::string_view(g.text).substr(0, 1000)));
  const auto start = std::chrono::steady_clock::now();
  const std::string answer = idle.ReadAll(std::chrono::seconds(15));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 503")) << answer;
  EXPECT_THAT(answer, HasSubstr("--read-timeout")) << answer;

  // 2.5 s of sending, a piece every 250 ms: never idle for 1 s, longer than both deadlines.
  testing::RawSocket slow(server_->port());
  ASSERT_TRUE(
      slow.Send(fmt::format("POST /api/v1/ingest/csv HTTP/1.1\r\nHost: a\r\n"
                            "Content-Type: text/csv\r\nAuthorization: Bearer {}\r\n"
                            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
                            Token("ingest"))));
  const std::string body = g.text;
  const size_t pieces = 10;
  for (size_t i = 0; i < pieces; ++i) {
    const size_t from = body.size() * i / pieces, to = body.size() * (i + 1) / pieces;
    ASSERT_TRUE(
        slow.Send(fmt::format("{:x}\r\n", to - from) + body.substr(from, to - from) + "\r\n"));
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  ASSERT_TRUE(slow.Send("0\r\n\r\n"));
  const testing::RawAnswer a = testing::ParseAnswer(slow.ReadAll(std::chrono::seconds(30)));
  EXPECT_EQ(a.status, 200) << a.body;
}

// mode=all-or-nothing reads the stream twice through a spool file: one bad row at the end of a
// large chunked body stores nothing, and the spool file is gone afterwards.
TEST_F(HttpStreamUpload, AllOrNothingOnAStreamWithABadLastRowStoresNothing) {
  StartServer({"--max-body", "1048576"});
  GeneratedCsv g = Generate("N", 8, 60);  // about 1.6 MB
  g.text += "N0,2026-12-01T00:00:00Z,not-a-number\n";
  httplib::Result r = server_->client().Post(
      "/api/v1/ingest/csv?mode=all-or-nothing", Auth("ingest"),
      [&g](size_t offset, httplib::DataSink& sink) {
        if (offset >= g.text.size()) {
          sink.done();
          return true;
        }
        return sink.write(g.text.data() + offset, std::min<size_t>(65536, g.text.size() - offset));
      },
      "text/csv");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  ASSERT_EQ(r->status, 400) << r->body;
  const rapidjson::Document d = Json(r->body);
  EXPECT_TRUE(d["refused"].GetBool());
  EXPECT_EQ(d["rejected"].GetUint64(), 1u);
  EXPECT_EQ(d["detail"]["line"].GetUint64(), g.readings + 2);
  EXPECT_EQ(
      Get("/api/v1/meters/N0/readings?from=2026-07-01&to=2026-07-02", Token("analyst"))->status,
      404);
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(data_ + "/upload-spool", ec)) {
    ADD_FAILURE() << "left behind: " << e.path();
  }
  // The same body without the bad row is stored whole.
  g.text.resize(g.text.rfind("N0,2026-12-01"));
  r = server_->client().Post("/api/v1/ingest/csv?mode=all-or-nothing", Auth("ingest"), g.text,
                             "text/csv");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  ExpectStored(g, "N", 60);
}

// A spool file a crash left behind is deleted when the server starts.
TEST_F(HttpStreamUpload, StaleSpoolFilesAreDeletedAtStart) {
  std::filesystem::create_directories(data_ + "/upload-spool");
  testing::WriteFile(data_ + "/upload-spool/upload-crash1", "meter_id,timestamp,kwh\n");
  StartServer();
  EXPECT_FALSE(std::filesystem::exists(data_ + "/upload-spool/upload-crash1"));
}

// A retry with the same Idempotency-Key gets the first answer without its body being read.
TEST_F(HttpStreamUpload, IdempotentReplayReadsNoBody) {
  StartServer();
  const GeneratedCsv g = Generate("I", 2, 10);
  httplib::Headers headers = Auth("ingest");
  headers.emplace("Idempotency-Key", "upload-1");
  httplib::Result first = server_->client().Post("/api/v1/ingest/csv", headers, g.text, "text/csv");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  testing::RawSocket s(server_->port());
  ASSERT_TRUE(s.Send(
      "POST /api/v1/ingest/csv HTTP/1.1\r\nHost: a\r\nContent-Type: text/csv\r\n"
      "Authorization: Bearer " +
      Token("ingest") + "\r\nIdempotency-Key: upload-1\r\nContent-Length: 1000000000\r\n\r\n"));
  const testing::RawAnswer a = testing::ParseAnswer(s.ReadAll(std::chrono::seconds(5)));
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.Header("idempotent-replayed"), "true");
  EXPECT_EQ(a.body, first->body);
}

}  // namespace
}  // namespace gridline
