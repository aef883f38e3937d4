// `gridline sim` through the built binary: exit codes, stdout vs --out, .gz, topology coverage.
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace {

std::string Dir() { return ::testing::TempDir() + "/gl_sim_cli_" + std::to_string(::getpid()); }

int RunSim(const std::string& args) {
  const std::string cmd = std::string(GL_BINARY) + " sim " + args + " 2>/dev/null";
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string ReadGzip(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) return "";
  std::string out;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
  gzclose(f);
  return out;
}

class SimCommand : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(std::system(("mkdir -p " + Dir()).c_str()), 0); }
  void TearDown() override { EXPECT_EQ(std::system(("rm -rf " + Dir()).c_str()), 0); }
};

constexpr char kBase[] = "--meters 50 --days 2 --start 2026-07-01 --seed 3";

TEST_F(SimCommand, UsageErrorsExit2) {
  EXPECT_EQ(RunSim(""), 2);
  EXPECT_EQ(RunSim("--days 2 --start 2026-07-01"), 2);  // --meters missing
  EXPECT_EQ(RunSim("--meters 0 --days 1 --start 2026-07-01"), 2);
  EXPECT_EQ(RunSim("--meters 5 --days 0 --start 2026-07-01"), 2);
  EXPECT_EQ(RunSim("--meters 5 --days 1 --start 2026-13-01"), 2);
  EXPECT_EQ(RunSim("--meters 5 --days 1 --start yesterday"), 2);
  EXPECT_EQ(RunSim("--meters five --days 1 --start 2026-07-01"), 2);
  EXPECT_EQ(RunSim("--meters 5 --days 1 --start 2026-07-01 --format tall"), 2);
  EXPECT_EQ(RunSim("--meters 5 --days 1 --start 2026-07-01 --pv-share 1.5"), 2);
  EXPECT_EQ(RunSim("--meters 5 --days 1 --start 2026-07-01 --late-rate -0.1"), 2);
  EXPECT_EQ(RunSim("--meters 5 --days 1 --start 2026-07-01 --ac-share 2"), 2);
  EXPECT_EQ(RunSim("--meters 5 --days 1 --start 2026-07-01 --gzip-level 0"), 2);
  EXPECT_EQ(RunSim("--meters 5 --days 1 --start 2026-07-01 --threads -1"), 2);
  EXPECT_EQ(RunSim("--meters 5 --days 1 --start 2026-07-01 --no-such-flag"), 2);
  EXPECT_EQ(RunSim("--help >/dev/null"), 0);
}

TEST_F(SimCommand, CannotWriteExits1) {
  EXPECT_EQ(RunSim(std::string(kBase) + " --out /nonexistent-dir/x.csv"), 1);
  EXPECT_EQ(
      RunSim(std::string(kBase) + " --out " + Dir() + "/x.csv --topology /nonexistent-dir/t.csv"),
      1);
}

TEST_F(SimCommand, StdoutFileAndGzipAgree) {
  const std::string d = Dir();
  ASSERT_EQ(RunSim(std::string(kBase) + " > " + d + "/stdout.csv"), 0);
  ASSERT_EQ(
      RunSim(std::string(kBase) + " --out " + d + "/a.csv --threads 1 --topology " + d + "/t.csv"),
      0);
  ASSERT_EQ(RunSim(std::string(kBase) + " --out " + d + "/b.csv.gz --threads 2 --topology " + d +
                   "/t.csv.gz"),
            0);
  EXPECT_TRUE(ReadFile(d + "/t.csv") == ReadGzip(d + "/t.csv.gz"));
  const std::string a = ReadFile(d + "/a.csv");
  EXPECT_GT(a.size(), 100000u);
  EXPECT_TRUE(a == ReadFile(d + "/stdout.csv"));
  const std::string gz = ReadFile(d + "/b.csv.gz");
  ASSERT_GE(gz.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
  EXPECT_TRUE(a == ReadGzip(d + "/b.csv.gz"));
  // Another seed, other bytes.
  ASSERT_EQ(RunSim("--meters 50 --days 2 --start 2026-07-01 --seed 4 --out " + d + "/c.csv"), 0);
  EXPECT_FALSE(a == ReadFile(d + "/c.csv"));
}

TEST_F(SimCommand, EveryReadMeterHasExactlyOneTopologyRow) {
  const std::string d = Dir();
  ASSERT_EQ(RunSim("--meters 900 --days 1 --start 2026-07-01 --seed 5 --out " + d +
                   "/r.csv --topology " + d + "/t.csv"),
            0);
  std::ifstream topo(d + "/t.csv");
  std::string line;
  std::getline(topo, line);
  std::multiset<std::string> meter_rows;
  std::set<std::string> assets;
  while (std::getline(topo, line)) {
    const std::string id = line.substr(0, line.find(','));
    const size_t k = line.find(',') + 1;
    const std::string kind = line.substr(k, line.find(',', k) - k);
    const size_t p = line.find(',', k) + 1;
    const std::string parent = line.substr(p, line.find(',', p) - p);
    if (!parent.empty()) {
      EXPECT_TRUE(assets.count(parent)) << "parent after child: " << line;
    }
    assets.insert(id);
    if (kind == "meter") meter_rows.insert(id);
  }
  std::ifstream reads(d + "/r.csv");
  std::getline(reads, line);
  std::set<std::string> read_meters;
  while (std::getline(reads, line)) read_meters.insert(line.substr(0, line.find(',')));
  EXPECT_EQ(read_meters.size(), 900u);
  for (const std::string& m : read_meters) EXPECT_EQ(meter_rows.count(m), 1u) << m;
  EXPECT_EQ(meter_rows.size(), 900u);
}

}  // namespace
