// Disk full, for real (issue 11, item 2): a store on a small loop-mounted ext4 that the test
// fills. A write that cannot be made durable is refused (CLI exit 1 "disk full", HTTP 507), never
// a SIGABRT; reads keep working; every acknowledged reading survives a restart; writes resume by
// themselves once space is freed; the store opens and serves reads with a few MB free.
// Skips, saying why, where the machine does not allow loop mounts.
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "common/time.h"
#include "gtest/gtest.h"
#include "test/integration/loop_disk.h"
#include "test/integration/server_fixture.h"
#include "test/test_util.h"

namespace gridline {
namespace {

constexpr int64_t kDay0 = 1767225600;  // 2026-01-01T00:00:00Z
// The reserve the tests run with (GRIDLINE_DISK_RESERVE_MB), small for a 64 MiB disk.
constexpr uint64_t kReserveBytes = uint64_t{8} << 20;

std::string Kwh(int meter, int day, int slot) {
  const int wh = (meter * 7 + day * 13 + slot * 31) % 997;
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%d.%03d", wh / 1000, wh % 1000);
  return buf;
}

std::string Stamp(int day, int slot) { return FormatIsoUtc(kDay0 + day * 86400 + slot * 900); }

// "timestamp,kwh" lines of one meter-day, as `query readings` prints them (without quality).
std::vector<std::string> DayLines(int meter, int day) {
  std::vector<std::string> lines;
  for (int slot = 0; slot < 96; ++slot)
    lines.push_back(Stamp(day, slot) + "," + Kwh(meter, day, slot));
  return lines;
}

// The "timestamp,kwh" of every row `query readings` prints.
std::set<std::string> Stored(const std::string& data, const std::string& meter, int days) {
  testing::RunResult r = testing::Run({GL_BINARY, "query", "readings", "--data", data, "--meter",
                                       meter, "--from", Stamp(0, 0), "--to", Stamp(days, 0)});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> rows;
  size_t at = 0;
  while (at < r.out.size()) {
    const size_t nl = r.out.find('\n', at);
    const std::string line = r.out.substr(at, nl - at);
    at = nl == std::string::npos ? r.out.size() : nl + 1;
    const size_t comma = line.rfind(',');
    if (comma != std::string::npos && line.rfind("timestamp", 0) != 0)
      rows.insert(line.substr(0, comma));
  }
  return rows;
}

class DiskFullEnv {
 public:
  DiskFullEnv() { ::setenv("GRIDLINE_DISK_RESERVE_MB", "8", 1); }
  ~DiskFullEnv() { ::unsetenv("GRIDLINE_DISK_RESERVE_MB"); }
};

TEST(CliDiskFull, ImportExitsOneSaysDiskFullAndKeepsWhatItAcknowledged) {
  testing::TempDir dir;
  testing::LoopDisk disk(dir.path(), 64);
  if (!disk.mounted()) GTEST_SKIP() << "no loop-mounted disk: " << disk.why_not();
  DiskFullEnv env;
  const std::string data = disk.path() + "/store";
  // 40 meters x 40 days of 15-minute reads, outside the small disk.
  const std::string csv = dir.Sub("reads.csv");
  {
    std::string text = "meter_id,timestamp,kwh\n";
    for (int day = 0; day < 40; ++day) {
      for (int m = 0; m < 40; ++m) {
        for (const std::string& l : DayLines(m, day))
          text += "M" + std::to_string(m) + "," + l + "\n";
      }
    }
    testing::WriteFile(csv, text);
  }
  ASSERT_TRUE(disk.Fill(kReserveBytes + (uint64_t{3} << 20)));
  testing::RunResult r = testing::Run({GL_BINARY, "import", "csv", "--data", data, "--commit-every",
                                       "4000", "--progress", "lines", csv});
  ASSERT_EQ(r.exit_code, 1) << "not a clean exit 1 (a signal?)\n" << r.out << r.err;
  EXPECT_NE(r.err.find("disk full"), std::string::npos) << r.err;
  // What the import acknowledged: the last "durable FILE:LINE".
  uint64_t durable_line = 0;
  for (size_t at = r.err.find("durable "); at != std::string::npos;
       at = r.err.find("durable ", at + 1)) {
    const size_t colon = r.err.find(':', at);
    durable_line = std::strtoull(r.err.c_str() + colon + 1, nullptr, 10);
  }
  ASSERT_GT(durable_line, 1u) << "the disk should fill part way through\n" << r.err;
  ASSERT_LT(durable_line, 40u * 40u * 96u + 1u) << r.err;

  // Reads work on the full disk; every acknowledged line is there.
  std::set<std::string> expected_by_meter[40];
  {
    uint64_t line = 2;
    for (int day = 0; day < 40 && line <= durable_line; ++day) {
      for (int m = 0; m < 40 && line <= durable_line; ++m) {
        for (const std::string& l : DayLines(m, day)) {
          if (line++ > durable_line) break;
          expected_by_meter[m].insert(l);
        }
      }
    }
  }
  uint64_t acknowledged = 0, lost = 0;
  for (int m = 0; m < 40; ++m) {
    if (expected_by_meter[m].empty()) continue;
    const std::set<std::string> stored = Stored(data, "M" + std::to_string(m), 40);
    for (const std::string& l : expected_by_meter[m]) {
      ++acknowledged;
      lost += stored.count(l) == 0;
    }
  }
  EXPECT_EQ(lost, 0u) << "of " << acknowledged << " acknowledged readings";
  std::printf(
      "diskfull_cli_acknowledged_readings %llu readings\ndiskfull_cli_lost_readings %llu "
      "readings\n",
      static_cast<unsigned long long>(acknowledged), static_cast<unsigned long long>(lost));

  // Space back: the same import completes (what was stored counts as duplicates).
  disk.Unfill();
  r = testing::Run({GL_BINARY, "import", "csv", "--data", data, csv});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(Stored(data, "M39", 40).size(), 40u * 96u);
}

class HttpDiskFull : public testing::ServerTest {
 protected:
  void SetUp() override {
    disk_ = std::make_unique<testing::LoopDisk>(dir_.path(), 64);
    if (!disk_->mounted()) GTEST_SKIP() << "no loop-mounted disk: " << disk_->why_not();
    data_ = disk_->path() + "/store";
  }
  // kDaysPerWrite days of one meter, from `day` on.
  std::string DayCsv(int meter, int day) {
    std::string body = "timestamp,kwh\n";
    for (int d = day; d < day + kDaysPerWrite; ++d) {
      for (const std::string& l : DayLines(meter, d)) body += l + "\n";
    }
    return body;
  }
  static constexpr int kDaysPerWrite = 10;
  DiskFullEnv env_;
  std::unique_ptr<testing::LoopDisk> disk_;
};

TEST_F(HttpDiskFull, RefusesWith507KeepsReadsResumesByItselfAndLosesNothing) {
  StartServer();
  const std::string ingest = Token("ingest"), analyst = Token("analyst");
  ASSERT_EQ(Post("/api/v1/meters/D0/readings", DayCsv(0, 0), "text/csv", ingest)->status, 200);
  ASSERT_TRUE(disk_->Fill(kReserveBytes + (uint64_t{6} << 20)));

  // Write meter-days until the store refuses one; each answered 200 is acknowledged.
  std::vector<std::pair<int, int>> acknowledged = {{0, 0}};
  int refused_status = 0;
  std::string refused_body;
  for (int i = 1; i < 20000 && refused_status == 0; ++i) {
    const int meter = i % 10, day = i / 10 * kDaysPerWrite;
    httplib::Result w = Post("/api/v1/meters/D" + std::to_string(meter) + "/readings",
                             DayCsv(meter, day), "text/csv", ingest);
    ASSERT_TRUE(w) << "the server went away (SIGABRT?) after " << i
                   << " writes: " << httplib::to_string(w.error()) << "\n"
                   << server_->Stderr();
    if (w->status == 200) {
      acknowledged.emplace_back(meter, day);
    } else {
      refused_status = w->status;
      refused_body = w->body;
    }
  }
  ASSERT_EQ(refused_status, 507) << refused_body;
  EXPECT_NE(refused_body.find("\"error\":\"unavailable\""), std::string::npos) << refused_body;
  EXPECT_NE(refused_body.find("disk full"), std::string::npos) << refused_body;
  EXPECT_EQ(refused_body.find(disk_->path()), std::string::npos) << refused_body;
  // Refused again while full; reads keep working.
  const int next_day = acknowledged.back().second + kDaysPerWrite;
  EXPECT_EQ(Post("/api/v1/meters/D9/readings", DayCsv(9, next_day), "text/csv", ingest)->status,
            507);
  httplib::Result r =
      Get("/api/v1/meters/D0/readings?from=2026-01-01&to=2026-01-02&format=csv", analyst);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_NE(r->body.find(DayLines(0, 0)[5]), std::string::npos) << r->body;

  // Space back: the next write succeeds without a restart.
  disk_->Unfill();
  ASSERT_EQ(Post("/api/v1/meters/D9/readings", DayCsv(9, next_day), "text/csv", ingest)->status,
            200);
  acknowledged.emplace_back(9, next_day);

  // After a restart every acknowledged reading is there.
  ASSERT_EQ(StopServer(), 0) << server_->Stderr();
  uint64_t readings = 0, lost = 0;
  std::set<std::string> stored[10];
  for (int m = 0; m < 10; ++m) {
    stored[m] = Stored(data_, "D" + std::to_string(m), next_day + kDaysPerWrite);
  }
  for (const auto& [meter, first_day] : acknowledged) {
    for (int day = first_day; day < first_day + kDaysPerWrite; ++day) {
      for (const std::string& l : DayLines(meter, day)) {
        ++readings;
        lost += stored[meter].count(l) == 0;
      }
    }
  }
  EXPECT_EQ(lost, 0u);
  std::printf(
      "diskfull_acknowledged_writes %zu requests\ndiskfull_acknowledged_readings %llu "
      "readings\ndiskfull_lost_writes %llu readings\n",
      acknowledged.size(), static_cast<unsigned long long>(readings),
      static_cast<unsigned long long>(lost));
}

TEST_F(HttpDiskFull, StoreOpensAndServesReadsWithAFewMbFree) {
  StartServer();
  ASSERT_EQ(Post("/api/v1/meters/D1/readings", DayCsv(1, 0), "text/csv", Token("ingest"))->status,
            200);
  const std::string analyst = Token("analyst");
  ASSERT_EQ(StopServer(), 0);
  ASSERT_TRUE(disk_->Fill(uint64_t{3} << 20));
  StartServer();
  httplib::Result r =
      Get("/api/v1/meters/D1/readings?from=2026-01-01&to=2026-01-02&format=csv", analyst);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_NE(r->body.find(DayLines(1, 0)[95]), std::string::npos) << r->body;
  httplib::Result w =
      Post("/api/v1/meters/D1/readings", DayCsv(1, 10), "text/csv", Token("ingest"));
  ASSERT_TRUE(w);
  EXPECT_EQ(w->status, 507) << w->body;
  EXPECT_EQ(StopServer(), 0) << server_->Stderr();
}

}  // namespace
}  // namespace gridline
