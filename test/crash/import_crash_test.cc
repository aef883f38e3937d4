// Crash test (docs/contributing.md, Tests, after RocksDB's db_crashtest.py): run `gridline import
// csv` as a child process, kill it with SIGKILL at random moments, and check that after a restart
// every reading of an acknowledged ("durable FILE:LINE") line is present with its value, that
// nothing is corrupt, and that importing again completes the store exactly.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "common/time.h"
#include "gtest/gtest.h"
#include "storage/store.h"
#include "test/test_util.h"

namespace gridline {
namespace {

using gridline::testing::TempDir;

struct Row {
  int meter;
  int64_t time;
  int64_t value_wh;
};

// Day-major rows like a head-end's daily exports: 150 meters x 8 days x 96 quarter-hours.
std::vector<Row> MakeRows() {
  std::vector<Row> rows;
  std::mt19937_64 rng(11);
  const int64_t t0 = 1782864000;  // 2026-07-01T00:00:00Z
  for (int day = 0; day < 8; ++day) {
    for (int m = 0; m < 150; ++m) {
      for (int q = 0; q < 96; ++q) {
        rows.push_back({m, t0 + (day * 96 + q) * 900, static_cast<int64_t>(rng() % 3000)});
      }
    }
  }
  return rows;
}

std::string ToCsv(const std::vector<Row>& rows) {
  std::string csv = "meter_id,timestamp,kwh\n";
  for (const Row& r : rows) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "C%04d,", r.meter);
    csv += buf;
    AppendIsoUtc(r.time, &csv);
    std::snprintf(buf, sizeof buf, ",%lld.%03lld\n", static_cast<long long>(r.value_wh / 1000),
                  static_cast<long long>(r.value_wh % 1000));
    csv += buf;
  }
  return csv;
}

// Runs the import and, when `kill_at_ack` >= 0, kills it with SIGKILL `delay_us` after its
// kill_at_ack-th "durable" line (0: after `delay_us` from the start). Returns the last
// acknowledged line (0 if none) and whether it exited by itself with status 0.
uint64_t RunImport(const std::string& data, const std::string& file, int kill_at_ack, int delay_us,
                   bool* finished) {
  int pipe_fds[2];
  EXPECT_EQ(::pipe(pipe_fds), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipe_fds[1], 2);
    ::close(pipe_fds[0]);
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 1);
    ::execl(GL_BINARY, GL_BINARY, "import", "csv", "--data", data.c_str(), "--progress", "lines",
            "--commit-every", "3000", "--threads", "2", file.c_str(), nullptr);
    ::_exit(127);
  }
  ::close(pipe_fds[1]);
  // The child is killed while it is still running (it cannot have been reaped: only this
  // function waits for it), so the signal never reaches a reused pid.
  auto kill_later = [pid, delay_us] {
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
    ::kill(pid, SIGKILL);
  };
  std::thread killer;
  if (kill_at_ack == 0) killer = std::thread(kill_later);
  uint64_t acked = 0;
  int acks = 0;
  FILE* in = ::fdopen(pipe_fds[0], "r");
  char line[4096];
  while (std::fgets(line, sizeof line, in) != nullptr) {
    const std::string s(line);
    if (s.rfind("durable ", 0) == 0) {
      acked = std::stoull(s.substr(s.rfind(':') + 1));
      if (++acks == kill_at_ack) killer = std::thread(kill_later);
    }
  }
  std::fclose(in);
  if (killer.joinable()) killer.join();
  int status = 0;
  ::waitpid(pid, &status, 0);
  *finished = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return acked;
}

// Checks that the store holds exactly the values of rows[0, present) and, for rows after that,
// either nothing or the right value (they may have been written but not acknowledged).
void Verify(const std::string& data, const std::vector<Row>& rows, size_t acked_rows) {
  storage::StoreOptions o;
  o.path = data;
  auto store = storage::Store::Open(o);
  ASSERT_TRUE(store.ok()) << store.status();
  auto view = (*store)->NewReadView();
  uint64_t count = 0;
  int64_t sum = 0;
  ASSERT_TRUE(view->SumAll(0, UINT32_MAX, &count, &sum).ok()) << "store is corrupt";
  std::vector<std::vector<std::pair<int64_t, int64_t>>> stored(150);
  for (int m = 0; m < 150; ++m) {
    char id[16];
    std::snprintf(id, sizeof id, "C%04d", m);
    auto asset = (*store)->catalog().FindAsset(id);
    if (!asset) continue;
    auto series = (*store)->catalog().FindSeries(*asset, ChannelKind::kKwhDelivered);
    if (!series) continue;
    ASSERT_TRUE(view->ForEachChunk(*series, 0, INT64_MAX / 4,
                                   [&](uint32_t w, const storage::Chunk& c) {
                                     for (size_t i = 0; i < c.size(); ++i) {
                                       stored[m].push_back(
                                           {(storage::FirstSlotOfWindow(w) + c.offsets[i]) * 900,
                                            c.values[i]});
                                     }
                                   })
                    .ok());
  }
  std::vector<std::map<int64_t, int64_t>> by_meter(150);
  for (int m = 0; m < 150; ++m) {
    for (auto [t, v] : stored[m]) by_meter[m][t] = v;
  }
  size_t found_after = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    auto it = by_meter[r.meter].find(r.time);
    if (i < acked_rows) {
      ASSERT_NE(it, by_meter[r.meter].end()) << "acknowledged row " << i + 2 << " is missing";
      ASSERT_EQ(it->second, r.value_wh);
    } else if (it != by_meter[r.meter].end()) {
      ASSERT_EQ(it->second, r.value_wh);
      ++found_after;
    }
  }
  size_t total = 0;
  for (const auto& m : by_meter) total += m.size();
  EXPECT_EQ(total, acked_rows + found_after) << "store holds readings that were never written";
}

TEST(ImportCrash, EveryAcknowledgedLineSurvivesSigkill) {
  TempDir dir;
  const std::vector<Row> rows = MakeRows();
  const std::string file = dir.Sub("reads.csv");
  gridline::testing::WriteFile(file, ToCsv(rows));
  std::mt19937 rng(2026);
  int killed_mid_import = 0;
  for (int round = 0; round < 6; ++round) {
    const std::string data = dir.Sub("store" + std::to_string(round));
    // Kill at a random moment, then once more during the restarted import.
    for (int attempt = 0; attempt < 2; ++attempt) {
      bool finished = false;
      // The file makes about 38 commits of 3,000 readings: kill after one of them, at once or
      // while the next is being written.
      const int kill_at_ack = static_cast<int>(rng() % 36);
      const int delay_us = static_cast<int>(rng() % 3000);
      const uint64_t acked_line = RunImport(data, file, kill_at_ack, delay_us, &finished);
      if (!finished) ++killed_mid_import;
      // Line 1 is the header; line n holds rows[n - 2].
      const size_t acked_rows = acked_line >= 2 ? acked_line - 1 : 0;
      Verify(data, rows, std::min(acked_rows, rows.size()));
      if (finished) break;
    }
    // Restart and finish: the store then holds exactly the file.
    bool finished = false;
    RunImport(data, file, -1, 0, &finished);
    ASSERT_TRUE(finished);
    Verify(data, rows, rows.size());
  }
  EXPECT_GT(killed_mid_import, 0) << "no kill landed during an import; the test proved nothing";
}

}  // namespace
}  // namespace gridline
