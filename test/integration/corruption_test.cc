// Corruption is contained (issue 11, item 3): bytes flipped in one table file of a real store.
// Reads of healthy meters work, new writes to other meters work (also after the compaction that
// trips on the damaged file), `gridline check` lists the damaged meters and ranges and exits 1,
// `gridline repair` moves the damage to DIR/quarantine/... and afterwards check exits 0 and
// imports compact again. Error bodies never show the server's paths.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/time.h"
#include "gtest/gtest.h"
#include "test/integration/server_fixture.h"
#include "test/test_util.h"

namespace gridline {
namespace {

constexpr int64_t kDay0 = 1767225600;  // 2026-01-01T00:00:00Z
constexpr int kMeters = 40;

std::vector<int> AllMeters() {
  std::vector<int> all;
  for (int m = 0; m < kMeters; ++m) all.push_back(m);
  return all;
}

std::string Reads(int first_day, int days, const std::vector<int>& meters) {
  std::string text = "meter_id,timestamp,kwh\n";
  for (int m : meters) {
    for (int day = first_day; day < first_day + days; ++day) {
      for (int slot = 0; slot < 96; ++slot) {
        const int wh = (m * 7919 + day * 104729 + slot * 15485863) % 4999;
        text += "C" + std::to_string(m) + "," + FormatIsoUtc(kDay0 + day * 86400 + slot * 900) +
                "," + std::to_string(wh / 1000) + "." + std::to_string(1000 + wh % 1000).substr(1) +
                "\n";
      }
    }
  }
  return text;
}

// Flips 64 bytes in the middle of the largest table file (the chunks) of `data`.
std::string DamageLargestTable(const std::string& data) {
  std::string largest;
  uintmax_t size = 0;
  for (const auto& e : std::filesystem::directory_iterator(data)) {
    if (e.path().extension() == ".sst" && e.file_size() > size) {
      size = e.file_size();
      largest = e.path().string();
    }
  }
  std::fstream f(largest, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(size / 2));
  std::string bytes(64, '\0');
  f.read(bytes.data(), 64);
  for (char& c : bytes) c = static_cast<char>(c ^ 0x5a);
  f.seekp(static_cast<std::streamoff>(size / 2));
  f.write(bytes.data(), 64);
  return std::filesystem::path(largest).filename().string();
}

class HttpCorruption : public testing::ServerTest {
 protected:
  testing::RunResult Cli(std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--data", data_});
    return Gridline(args);
  }
  testing::RunResult Import(int first_day, int days, const std::vector<int>& meters = AllMeters()) {
    const std::string csv = dir_.Sub("reads-" + std::to_string(first_day) + ".csv");
    testing::WriteFile(csv, Reads(first_day, days, meters));
    return Gridline({"import", "csv", "--data", data_, csv});
  }
  testing::RunResult Query(int meter, int first_day, int days) {
    return Gridline({"query", "readings", "--data", data_, "--meter", "C" + std::to_string(meter),
                     "--from", FormatIsoUtc(kDay0 + first_day * 86400), "--to",
                     FormatIsoUtc(kDay0 + (first_day + days) * 86400)});
  }
};

TEST_F(HttpCorruption, OneDamagedTableLeavesOtherMetersReadableAndWritableUntilRepaired) {
  testing::RunResult r = Import(0, 60);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string table = DamageLargestTable(data_);

  // check: the damaged file and the meters it held, exit 1.
  r = Cli({"check"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("damaged file " + table), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("unreadable chunks: meter C"), std::string::npos) << r.out;

  // Which meters are damaged, as the reads tell.
  std::vector<int> healthy, damaged, damaged_day9;
  for (int m = 0; m < kMeters; ++m) {
    (Query(m, 0, 60).exit_code == 0 ? healthy : damaged).push_back(m);
    if (Query(m, 9, 1).exit_code != 0) damaged_day9.push_back(m);
  }
  ASSERT_FALSE(damaged_day9.empty());
  ASSERT_GE(healthy.size(), 2u);
  for (int m : damaged) {
    EXPECT_NE(r.out.find("meter C" + std::to_string(m) + " "), std::string::npos)
        << "check does not list C" << m << "\n"
        << r.out;
  }

  // Through the server: healthy reads 200, damaged 500 data_loss without a path; writes work.
  StartServer();
  const std::string ingest = Token("ingest"), analyst = Token("analyst");
  const std::string range = "?from=2026-01-01&to=2026-03-02&format=csv";
  httplib::Result g =
      Get("/api/v1/meters/C" + std::to_string(healthy[0]) + "/readings" + range, analyst);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->status, 200) << g->body;
  g = Get("/api/v1/meters/C" + std::to_string(damaged[0]) + "/readings" + range, analyst);
  ASSERT_TRUE(g);
  EXPECT_EQ(g->status, 500) << g->body;
  EXPECT_NE(g->body.find("\"error\":\"data_loss\""), std::string::npos) << g->body;
  EXPECT_EQ(g->body.find(dir_.path()), std::string::npos) << g->body;
  EXPECT_EQ(g->body.find("/tmp"), std::string::npos) << g->body;
  httplib::Result w = Post("/api/v1/meters/NEW1/readings",
                           "timestamp,kwh\n2026-01-01T00:00:00Z,1.000\n", "text/csv", ingest);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->status, 200) << w->body;
  const std::string late = "timestamp,kwh\n2026-01-10T00:00:00Z,1.000\n";
  w = Post("/api/v1/meters/C" + std::to_string(healthy[0]) + "/readings", late, "text/csv", ingest);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->status, 200) << w->body;
  // A late reading of a damaged window cannot be told from a duplicate or a new version.
  w = Post("/api/v1/meters/C" + std::to_string(damaged_day9[0]) + "/readings", late, "text/csv",
           ingest);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->status, 500) << w->body;
  EXPECT_NE(w->body.find("\"error\":\"data_loss\""), std::string::npos) << w->body;
  EXPECT_EQ(w->body.find("/tmp"), std::string::npos) << w->body;
  ASSERT_EQ(StopServer(), 0);

  // Imports keep working, also after the compactions that meet the damage: the first writes new
  // days of every meter, the next ones (late for the damaged meters' windows) the healthy ones.
  r = Import(60, 5);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("warning: the store has damaged data"), std::string::npos) << r.err;
  for (int round = 1; round < 3; ++round) {
    r = Import(60 + 5 * round, 5, healthy);
    EXPECT_EQ(r.exit_code, 0) << "import " << round << ": " << r.out << r.err;
  }
  r = Query(healthy[1], 60, 15);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(FormatIsoUtc(kDay0 + 74 * 86400 + 95 * 900)), std::string::npos);

  // repair: the damage goes to DIR/quarantine/STAMP/, then the store is whole.
  r = Cli({"repair"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("the store is whole"), std::string::npos) << r.out;
  std::vector<std::string> kept;
  for (const auto& stamp : std::filesystem::directory_iterator(data_ + "/quarantine")) {
    for (const auto& e : std::filesystem::directory_iterator(stamp)) {
      kept.push_back(e.path().filename().string());
    }
  }
  EXPECT_NE(std::find(kept.begin(), kept.end(), "chunks-" + table), kept.end()) << r.out;
  EXPECT_NE(std::find(kept.begin(), kept.end(), "README.txt"), kept.end());
  r = Cli({"check"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;

  // Healthy data is all there, new imports compact without warnings, damaged meters read again.
  r = Query(healthy[0], 0, 75);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(FormatIsoUtc(kDay0 + 0 * 86400)), std::string::npos);
  EXPECT_NE(r.out.find(FormatIsoUtc(kDay0 + 74 * 86400 + 95 * 900)), std::string::npos);
  r = Import(75, 5);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("damaged"), std::string::npos) << r.err;
  EXPECT_EQ(Query(damaged[0], 0, 80).exit_code, 0);
}

}  // namespace
}  // namespace gridline
