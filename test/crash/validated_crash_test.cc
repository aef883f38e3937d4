// Crash test of the validated commit (docs/vee.md "Layers", after import_crash_test.cc): run
// `gridline vee edit` over 100,000 intervals as a child process, kill it with SIGKILL at random
// moments during the commit, and check after each kill that the edit is in the store all or not
// at all (every slot edited to the new value, or every slot as before), that an edit that
// reported success is all there, and that the validated roll-up equals the sum of the validated
// reads.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <string>
#include <thread>

#include "engine/engine.h"
#include "engine/rollup_test_util.h"
#include "fmt/format.h"
#include "gtest/gtest.h"
#include "test/test_util.h"

namespace gridline {
namespace {

constexpr int64_t kStart = 1782864000;  // 2026-07-01T00:00:00Z
constexpr int64_t kSlots = 100'000;

std::string Iso(int64_t t) {
  std::string s;
  AppendIsoUtc(t, &s);
  return s;
}

// Runs the edit to `kwh`; kills it `delay_us` after the start when delay_us >= 0. True when it
// exited by itself with status 0.
bool RunEdit(const std::string& data, const std::string& kwh, int delay_us) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_WRONLY);
    ::dup2(devnull, 1);
    const std::string from = Iso(kStart), to = Iso(kStart + kSlots * 900);
    ::execl(GL_BINARY, GL_BINARY, "vee", "edit", "--data", data.c_str(), "--meter", "M1",
            "--timestamp", from.c_str(), "--to", to.c_str(), "--kwh", kwh.c_str(), "--user",
            "crash", "--reason", "crash test", nullptr);
    ::_exit(127);
  }
  std::thread killer;
  // Only this function waits for the child, so the signal cannot reach a reused pid.
  if (delay_us >= 0) {
    killer = std::thread([pid, delay_us] {
      std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
      ::kill(pid, SIGKILL);
    });
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (killer.joinable()) killer.join();
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// The validated values of M1: how many slots hold `value_wh` as edited, how many hold something
// else; and the roll-ups against the brute force.
void Verify(const std::string& data, int64_t value_wh, int64_t* edited, int64_t* other) {
  storage::StoreOptions o;
  o.path = data;
  auto opened = engine::Engine::Open(o);
  ASSERT_TRUE(opened.ok()) << opened.status();
  engine::Engine& db = **opened;
  auto view = db.store()->NewReadView();
  const storage::SeriesId series = 1;
  const storage::SeriesInfo info = db.store()->catalog().GetSeries(series);
  *edited = *other = 0;
  ASSERT_TRUE(query::ReadSeriesRange(
                  *view, series, info, 0, int64_t{1} << 40,
                  [&](const query::ReadingRow& r) {
                    if (r.quality == Quality::kEdited && r.value == value_wh) {
                      ++*edited;
                    } else {
                      ++*other;
                    }
                  },
                  Deadline(), query::Layer::kValidated)
                  .ok());
  ASSERT_EQ(engine::Stored(db, {rollup::kSystemAsset}, query::Layer::kValidated),
            engine::BruteForce(db, query::Layer::kValidated));
}

TEST(ValidatedCrash, AnEditIsAllOrNothingAfterSigkill) {
  testing::TempDir dir;
  const std::string data = dir.Sub("store");
  {
    storage::StoreOptions o;
    o.path = data;
    auto opened = engine::Engine::Open(o);
    ASSERT_TRUE(opened.ok()) << opened.status();
    storage::Catalog& catalog = (*opened)->store()->catalog();
    const storage::AssetId m = catalog.FindOrAddAsset("M1", storage::AssetKind::kMeter);
    const storage::SeriesId s = *catalog.AddSeries(m, ChannelKind::kKwhDelivered, 900);
    storage::WriteRequest r;
    for (int64_t i = 0; i < kSlots; ++i) r.readings.push_back({kStart / 900 + i, 7, s});
    ASSERT_TRUE((*opened)->store()->Write(&r).ok());
  }
  // How long an edit takes here, to kill inside it.
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(RunEdit(data, "0.001", -1));
  const int run_us = static_cast<int>(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0)
          .count());
  int64_t edited = 0, other = 0;
  Verify(data, 1, &edited, &other);
  ASSERT_EQ(edited, kSlots);
  std::mt19937 rng(2026);
  int killed = 0;
  int64_t current = 1;  // the value every slot holds now
  for (int round = 2; round < 10; ++round) {
    const bool finished = RunEdit(data, fmt::format("0.{:03d}", round),
                                  static_cast<int>(rng() % static_cast<unsigned>(run_us)));
    Verify(data, round, &edited, &other);
    if (finished) {
      ASSERT_EQ(edited, kSlots) << "an edit that reported success is not all there";
    } else {
      ++killed;
      ASSERT_TRUE(edited == 0 || edited == kSlots) << edited << " of " << kSlots << " edited";
    }
    if (edited == 0) {
      // All as before.
      Verify(data, current, &edited, &other);
      ASSERT_EQ(edited, kSlots);
    } else {
      current = round;
    }
  }
  EXPECT_GT(killed, 0) << "no kill landed during an edit; the test proved nothing";
}

}  // namespace
}  // namespace gridline
