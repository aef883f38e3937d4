// The reads CSV: bytes identical across thread counts and runs, different across seeds; gzip
// output decompresses to the plain bytes; row counts agree with the generated meter-days.
#include "sim/csv_writer.h"

#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "common/time.h"
#include "gtest/gtest.h"

namespace gridline::sim {
namespace {

std::string TempPath(const std::string& name) {
  return ::testing::TempDir() + "/gl_sim_" + std::to_string(::getpid()) + "_" + name;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Reads a (possibly multi-member) gzip file; gzread continues across members.
std::string ReadGzip(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  EXPECT_NE(f, nullptr);
  std::string out;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof(buf))) > 0) out.append(buf, static_cast<size_t>(n));
  gzclose(f);
  return out;
}

FleetOptions SmallFleet(uint64_t seed) {
  FleetOptions o;
  o.meters = 600;  // three blocks, the last one partial
  o.days = 3;
  o.start_day = DaysFromCivil(2026, 7, 1);
  o.seed = seed;
  o.defects.late_rate = 0.02;
  o.defects.duplicate_rate = 0.01;
  return o;
}

std::string Generate(const FleetOptions& fo, CsvWriterOptions wo, const std::string& name,
                     ReadsStats* stats = nullptr) {
  auto fleet = Fleet::Create(fo);
  EXPECT_TRUE(fleet.ok());
  const std::string path = TempPath(name);
  auto out = OutputFile::Open(path);
  EXPECT_TRUE(out.ok());
  ReadsStats local;
  EXPECT_TRUE(WriteReads(fleet->get(), wo, out->get(), stats ? stats : &local).ok());
  EXPECT_TRUE((*out)->Close().ok());
  std::string bytes = wo.gzip ? ReadGzip(path) : ReadFile(path);
  std::remove(path.c_str());
  return bytes;
}

TEST(CsvWriter, SameBytesWhateverTheThreadCount) {
  CsvWriterOptions one;
  one.threads = 1;
  CsvWriterOptions three;
  three.threads = 3;
  const std::string a = Generate(SmallFleet(1), one, "t1.csv");
  const std::string b = Generate(SmallFleet(1), three, "t3.csv");
  ASSERT_GT(a.size(), 1000000u);
  EXPECT_TRUE(a == b);
  EXPECT_TRUE(a != Generate(SmallFleet(2), three, "s2.csv"));
}

TEST(CsvWriter, GzipDecompressesToThePlainBytes) {
  CsvWriterOptions plain;
  plain.threads = 2;
  CsvWriterOptions gz = plain;
  gz.gzip = true;
  const std::string a = Generate(SmallFleet(4), plain, "p.csv");
  const std::string b = Generate(SmallFleet(4), gz, "p.csv.gz");
  EXPECT_EQ(a.size(), b.size());
  EXPECT_TRUE(a == b);
  CsvWriterOptions wide = plain;
  wide.layout = ReadsLayout::kWide;
  CsvWriterOptions wide_gz = wide;
  wide_gz.gzip = true;
  EXPECT_TRUE(Generate(SmallFleet(4), wide, "w.csv") ==
              Generate(SmallFleet(4), wide_gz, "w.csv.gz"));
}

TEST(CsvWriter, RowCountsMatchTheMeterDays) {
  const FleetOptions fo = SmallFleet(7);
  // Count what the rows should be from the in-process generator.
  int64_t delivered = 0, received = 0, dups = 0, late = 0;
  auto fleet = Fleet::Create(fo);
  ASSERT_TRUE(fleet.ok());
  (*fleet)->ForEachMeterDay([&](const MeterDay& md) {
    const int64_t present = kSlotsPerDay - static_cast<int64_t>(md.defects.missing.count());
    delivered += present;
    if (md.has_received) received += present;
    for (int c = 0; c < 2; ++c) {
      dups += static_cast<int64_t>((md.defects.duplicate[c] & ~md.defects.missing).count());
    }
    late += static_cast<int64_t>(md.late_rows.size());
  });
  ReadsStats stats;
  const std::string text = Generate(fo, CsvWriterOptions(), "rows.csv", &stats);
  EXPECT_EQ(stats.delivered_rows, delivered);
  EXPECT_EQ(stats.received_rows, received);
  EXPECT_EQ(stats.duplicate_rows, dups);
  EXPECT_EQ(stats.late_rows, late);
  EXPECT_EQ(stats.rows, delivered + received + dups);
  int64_t lines = 0;
  for (char c : text) lines += c == '\n';
  EXPECT_EQ(lines, stats.rows + 1);  // + header
  EXPECT_EQ(static_cast<int64_t>(text.size()), stats.bytes);
  // Without defects: exactly meters x days x 96 delivered rows plus the PV meters' received rows.
  FleetOptions clean = fo;
  clean.defects.enabled = false;
  ReadsStats clean_stats;
  Generate(clean, CsvWriterOptions(), "clean.csv", &clean_stats);
  EXPECT_EQ(clean_stats.delivered_rows, fo.meters * fo.days * kSlotsPerDay);
  EXPECT_EQ(clean_stats.duplicate_rows + clean_stats.late_rows + clean_stats.missing_intervals, 0);
  EXPECT_EQ(clean_stats.rows, clean_stats.delivered_rows + clean_stats.received_rows);
}

TEST(CsvWriter, LongRowsLookLikeHeadEndExports) {
  FleetOptions fo = SmallFleet(3);
  fo.meters = 2;
  fo.days = 2;
  fo.defects.enabled = false;
  const std::string text = Generate(fo, CsvWriterOptions(), "look.csv");
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "meter_id,timestamp,channel,kwh");
  std::getline(in, line);
  EXPECT_EQ(line.substr(0, 40), "M0000000,2026-07-01T00:00:00Z,delivered,");
  // kWh with exactly three decimals.
  const std::string kwh = line.substr(40);
  ASSERT_GE(kwh.size(), 5u);
  EXPECT_EQ(kwh[kwh.size() - 4], '.');
  // Day-major order: all of day 1 for both meters before day 2.
  const size_t first_day2 = text.find("2026-07-02T");
  EXPECT_EQ(text.find("2026-07-01T", first_day2), std::string::npos);
  EXPECT_LT(text.find("M0000001,2026-07-01T23:45:00Z"), first_day2);
}

TEST(CsvWriter, LateRowsFollowTheNextDaysExport) {
  FleetOptions fo = SmallFleet(9);
  fo.meters = 300;
  fo.days = 4;
  fo.defects.late_rate = 0.03;
  fo.defects.duplicate_rate = 0;
  ReadsStats stats;
  const std::string text = Generate(fo, CsvWriterOptions(), "late.csv", &stats);
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  std::string newest;  // newest date seen
  bool in_late = false;
  int64_t late = 0;
  int late_sections = 0;
  while (std::getline(in, line)) {
    const std::string date = line.substr(9, 10);
    if (date > newest) {
      newest = date;
      in_late = false;
    } else if (date < newest) {
      if (!in_late) ++late_sections;
      in_late = true;
      ++late;
    } else {
      ASSERT_FALSE(in_late) << "a row of the day after its late section: " << line;
    }
  }
  EXPECT_EQ(late, stats.late_rows);
  EXPECT_GT(late, 1000);
  EXPECT_EQ(late_sections, 3);  // after days 2, 3 and 4
}

TEST(CsvWriter, WideLayoutHasOneLinePerMeterDayChannel) {
  FleetOptions fo = SmallFleet(3);
  fo.meters = 20;
  fo.days = 2;
  fo.defects.enabled = false;
  CsvWriterOptions wo;
  wo.layout = ReadsLayout::kWide;
  ReadsStats stats;
  const std::string text = Generate(fo, wo, "wide.csv", &stats);
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line.substr(0, 33), "meter_id,date,channel,00:00,00:15");
  EXPECT_EQ(line.substr(line.size() - 5), "23:45");
  int64_t lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    EXPECT_EQ(std::count(line.begin(), line.end(), ','), 3 + 95) << line;
  }
  EXPECT_EQ(lines, stats.rows);
  EXPECT_EQ(stats.delivered_rows, 20 * 2 * 96);
}

}  // namespace
}  // namespace gridline::sim
