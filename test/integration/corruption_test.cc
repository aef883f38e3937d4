// Corruption is contained (issue 11, item 3): bytes flipped in one table file of a real store.
// Reads of healthy meters work, new writes to other meters work (also after the compaction that
// trips on the damaged file), a reading that lands in a damaged window is a row error while the
// rest of its request or file is stored, `gridline check` lists the damaged meters and ranges and
// exits 1, `gridline repair` moves the damage to DIR/quarantine/... and afterwards check exits 0
// and imports compact again. Error bodies never show the server's paths.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
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
  // A late reading of a damaged window cannot be told from a duplicate or a new version: it is a
  // row error naming the meter, the window and the repair, and the rest of the body is stored.
  const std::string bad_meter = "C" + std::to_string(damaged_day9[0]);
  const std::string mixed = "meter_id,timestamp,kwh\n" + bad_meter +
                            ",2026-01-10T00:00:00Z,1.000\n"
                            "NEW2,2026-01-10T00:00:00Z,2.000\n"
                            "C" +
                            std::to_string(healthy[0]) + ",2026-01-10T00:15:00Z,3.000\n";
  w = Post("/api/v1/import/csv", mixed, "text/csv", ingest);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->status, 200) << w->body;
  EXPECT_NE(w->body.find("\"accepted\":2"), std::string::npos) << w->body;
  EXPECT_NE(w->body.find("\"rejected\":1"), std::string::npos) << w->body;
  EXPECT_NE(w->body.find("\"line\":2"), std::string::npos) << w->body;
  EXPECT_NE(w->body.find("meter " + bad_meter + " kwh_delivered: its stored window ["),
            std::string::npos)
      << w->body;
  EXPECT_NE(w->body.find("run gridline repair"), std::string::npos) << w->body;
  EXPECT_EQ(w->body.find("/tmp"), std::string::npos) << w->body;
  g = Get("/api/v1/meters/C" + std::to_string(healthy[0]) +
              "/readings?from=2026-01-10T00:15:00Z&to=2026-01-10T00:30:00Z&format=csv",
          analyst);
  ASSERT_TRUE(g);
  EXPECT_NE(g->body.find("2026-01-10T00:15:00Z,3.000"), std::string::npos) << g->body;
  g = Get("/api/v1/meters/NEW2/readings?from=2026-01-10&to=2026-01-11&format=csv", analyst);
  ASSERT_TRUE(g);
  EXPECT_NE(g->body.find("2026-01-10T00:00:00Z,2.000"), std::string::npos) << g->body;
  ASSERT_EQ(StopServer(), 0);

  // --strict is all or nothing: the validation pass finds the damaged window, nothing is stored.
  const std::string strict_file = dir_.Sub("strict.csv");
  testing::WriteFile(strict_file,
                     "meter_id,timestamp,kwh\n"
                     "NEW4,2026-01-10T00:00:00Z,4.000\n" +
                         bad_meter + ",2026-01-10T00:30:00Z,1.000\n");
  r = Gridline({"import", "csv", "--data", data_, "--strict", strict_file});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("refused (--strict)"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("strict.csv:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("run gridline repair"), std::string::npos) << r.err;
  r = Gridline({"query", "readings", "--data", data_, "--meter", "NEW4", "--from", "2026-01-10",
                "--to", "2026-01-11"});
  EXPECT_EQ(r.out.find("2026-01-10T00:00:00Z,4.000"), std::string::npos) << r.out;

  // The same through the CLI: exit 3, the row error on stderr, the other readings stored.
  const std::string cli_mixed = dir_.Sub("mixed.csv");
  testing::WriteFile(cli_mixed,
                     "meter_id,timestamp,kwh\n"
                     "NEW3,2026-01-10T00:00:00Z,4.000\n" +
                         bad_meter +
                         ",2026-01-10T00:30:00Z,1.000\n"
                         "C" +
                         std::to_string(healthy[0]) + ",2026-01-10T00:30:00Z,5.000\n");
  r = Gridline({"import", "csv", "--data", data_, cli_mixed});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("mixed.csv:3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("meter " + bad_meter + " kwh_delivered: its stored window ["),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("run gridline repair"), std::string::npos) << r.err;
  r = Gridline({"query", "readings", "--data", data_, "--meter", "NEW3", "--from", "2026-01-10",
                "--to", "2026-01-11"});
  EXPECT_NE(r.out.find("2026-01-10T00:00:00Z,4.000"), std::string::npos) << r.out << r.err;
  r = Query(healthy[0], 9, 1);
  EXPECT_NE(r.out.find("2026-01-10T00:30:00Z,5.000"), std::string::npos) << r.out << r.err;

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

// Issue 11 item 3, roll-ups: readings a repair sets aside leave every roll-up above their meter.
// A grid of one substation, two feeders and four transformers places 36 of the 40 meters (the
// other 4 roll up into _system only); after one damaged table and `repair`, the roll-ups of every
// transformer, feeder, the substation and _system equal, day by day, an independent sum of the
// readings `query readings` still returns for each member meter.
class CliRepairRollups : public HttpCorruption {
 protected:
  static constexpr int kPlaced = 36;
  static std::string Transformer(int m) { return "T" + std::to_string(m / 9 + 1); }
  static std::string Feeder(int m) { return m / 9 < 2 ? "F1" : "F2"; }

  std::string Topology() const {
    std::string t =
        "asset_id,kind,parent_id,lat,lon,rating_kva\n"
        "S1,substation,,38.5,-121.5,30000\n"
        "F1,feeder,S1,38.5,-121.5,8000\n"
        "F2,feeder,S1,38.5,-121.5,8000\n";
    for (int x = 1; x <= 4; ++x) {
      t += "T" + std::to_string(x) + ",transformer," + (x <= 2 ? "F1" : "F2") +
           ",38.51,-121.49,50\n";
    }
    for (int m = 0; m < kPlaced; ++m) {
      t += "C" + std::to_string(m) + ",meter," + Transformer(m) + ",38.511,-121.491,\n";
    }
    return t;
  }

  // Wh per UTC day of the readings `query readings` returns for meter `m` over days [0, days).
  std::map<std::string, int64_t> DailyWh(int m, int days) {
    testing::RunResult r = Query(m, 0, days);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::map<std::string, int64_t> out;
    std::istringstream in(r.out);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      const size_t c1 = line.find(','), c2 = line.find(',', c1 + 1);
      const std::string kwh = line.substr(c1 + 1, c2 - c1 - 1);
      const size_t dot = kwh.find('.');
      const int64_t wh = std::stoll(kwh.substr(0, dot)) * 1000 + std::stoll(kwh.substr(dot + 1));
      out[line.substr(0, 10)] += wh;
    }
    return out;
  }

  // Wh per UTC day of the roll-up of `asset` (query rollup --step 1d --metric delivered).
  std::map<std::string, int64_t> RollupWh(const std::string& asset, int days) {
    testing::RunResult r = Gridline(
        {"query", "rollup", "--data", data_, "--asset", asset, "--from", FormatIsoUtc(kDay0),
         "--to", FormatIsoUtc(kDay0 + days * 86400), "--step", "1d", "--metric", "delivered"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::map<std::string, int64_t> out;
    std::istringstream in(r.out);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      const size_t c1 = line.find(','), c2 = line.find(',', c1 + 1);
      const std::string kwh = line.substr(c1 + 1, c2 - c1 - 1);
      const size_t dot = kwh.find('.');
      const int64_t wh = std::stoll(kwh.substr(0, dot)) * 1000 + std::stoll(kwh.substr(dot + 1));
      if (wh != 0) out[line.substr(0, 10)] = wh;
    }
    return out;
  }
};

TEST_F(CliRepairRollups, RollupsAboveSetAsideReadingsEqualTheRemainingReadings) {
  const std::string topology = dir_.Sub("grid.csv");
  testing::WriteFile(topology, Topology());
  testing::RunResult r = Gridline({"import", "topology", "--data", data_, topology});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  constexpr int kDays = 60;
  r = Import(0, kDays);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  DamageLargestTable(data_);
  std::vector<int> damaged;
  for (int m = 0; m < kMeters; ++m) {
    if (Query(m, 0, kDays).exit_code != 0) damaged.push_back(m);
  }
  ASSERT_FALSE(damaged.empty());
  const std::map<std::string, int64_t> system_before = RollupWh("_system", kDays);

  r = Cli({"repair"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  // Exactly which readings left: each damaged meter is named with a UTC range.
  for (int m : damaged) {
    EXPECT_NE(r.out.find("set aside: meter C" + std::to_string(m) + " channel kwh_delivered ["),
              std::string::npos)
        << r.out;
  }
  EXPECT_NE(r.out.find("roll-ups recomputed from the remaining readings"), std::string::npos)
      << r.out;
  r = Cli({"check"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;

  // The independent sum: each member meter's remaining readings, per day, per asset above it.
  std::map<std::string, std::map<std::string, int64_t>> expected;
  for (int m = 0; m < kMeters; ++m) {
    std::vector<std::string> chain = {"_system"};
    if (m < kPlaced) chain.insert(chain.end(), {Transformer(m), Feeder(m), "S1"});
    for (const auto& [day, wh] : DailyWh(m, kDays)) {
      for (const std::string& a : chain) expected[a][day] += wh;
    }
  }
  for (const std::string a : {"T1", "T2", "T3", "T4", "F1", "F2", "S1", "_system"}) {
    EXPECT_EQ(RollupWh(a, kDays), expected[a]) << "roll-up of " << a;
  }
  // Readings did leave: before the repair, _system still counted them.
  EXPECT_NE(system_before, expected["_system"]);
  // A second repair finds the store whole and has nothing to recompute.
  r = Cli({"repair"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("nothing to set aside"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("roll-ups recomputed"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace gridline
