// The contract commands `gridline import csv`, `gridline query readings` and `gridline query agg`,
// run as a user runs them: the built binary, real files, exit codes and output text.
#include <zlib.h>

#include <filesystem>

#include "fmt/format.h"
#include "gtest/gtest.h"
#include "test/test_util.h"

namespace gridline {
namespace {

using gridline::testing::RunResult;
using gridline::testing::TempDir;
using gridline::testing::WriteFile;

class Cli : public ::testing::Test {
 protected:
  RunResult Gridline(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), GL_BINARY);
    return gridline::testing::Run(args, input);
  }
  RunResult Import(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {"import", "csv", "--data", data_});
    return Gridline(args, input);
  }
  RunResult Query(std::vector<std::string> args) {
    args.insert(args.begin() + 1, {"--data", data_});
    args.insert(args.begin(), "query");
    return Gridline(args);
  }
  std::string File(const std::string& name, const std::string& content) {
    const std::string path = dir_.Sub(name);
    WriteFile(path, content);
    return path;
  }
  TempDir dir_;
  std::string data_ = dir_.Sub("store");
};

TEST_F(Cli, ImportsLongCsvAndQueriesItBack) {
  const std::string f = File("a.csv",
                             "meter_id,timestamp,kwh\n"
                             "M1,2026-07-01T00:00:00Z,0.219\n"
                             "M1,2026-07-01T00:15:00Z,0.300\n"
                             "M1,2026-07-01T00:30:00+00:00,1.5\n"
                             "M1,2026-07-01T02:45:00+02:00,0.001\n"
                             "M2,2026-07-01T00:00:00Z,7\n");
  RunResult r = Import({f});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("5 readings"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("5 accepted, 0 duplicates, 0 new versions, 0 rejected"), std::string::npos)
      << r.out;
  r = Query({"readings", "--meter", "M1", "--from", "2026-07-01T00:00:00Z", "--to",
             "2026-07-01T01:00:00Z"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "timestamp,kwh,quality\n"
            "2026-07-01T00:00:00Z,0.219,actual\n"
            "2026-07-01T00:15:00Z,0.300,actual\n"
            "2026-07-01T00:30:00Z,1.500,actual\n"
            "2026-07-01T00:45:00Z,0.001,actual\n");
  r = Query({"agg", "--meter", "M1", "--from", "2026-07-01T00:00:00Z", "--to",
             "2026-07-01T02:00:00Z", "--step", "1h", "--fn", "sum"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "timestamp,value\n2026-07-01T00:00:00Z,2.020\n2026-07-01T01:00:00Z,\n");
  r = Query({"agg", "--meter", "M1", "--from", "2026-07-01T00:00:00Z", "--to",
             "2026-07-01T02:00:00Z", "--step", "1h", "--fn", "count"});
  EXPECT_EQ(r.out, "timestamp,value\n2026-07-01T00:00:00Z,4\n2026-07-01T01:00:00Z,0\n");
  r = Query({"agg", "--meter", "M1", "--from", "2026-07-01", "--to", "2026-07-02", "--step", "1d",
             "--fn", "max", "--format", "json"});
  EXPECT_EQ(
      r.out,
      "{\"meter\":\"M1\",\"channel\":\"kwh_delivered\",\"unit\":\"kWh\",\"step\":\"1d\","
      "\"fn\":\"max\",\"rows\":[{\"timestamp\":\"2026-07-01T00:00:00Z\",\"value\":1.500}]}\n");
  r = Query({"readings", "--meter", "M2", "--from", "2026-07-01", "--to", "2026-07-02", "--format",
             "json", "--layer", "raw"});
  EXPECT_EQ(r.out,
            "{\"meter\":\"M2\",\"channel\":\"kwh_delivered\",\"unit\":\"kWh\",\"layer\":\"raw\","
            "\"readings\":[{\"timestamp\":\"2026-07-01T00:00:00Z\",\"kwh\":7.000,\"quality\":"
            "\"actual\"}]}\n");
  // The store was left flushed: no write-ahead log holds data.
  for (const auto& e : std::filesystem::directory_iterator(data_)) {
    if (e.path().extension() == ".log") {
      EXPECT_EQ(e.file_size(), 0u) << e.path();
    }
  }
}

TEST_F(Cli, MeterFlagNamesTheMeterOfASingleMeterFile) {
  const std::string f = File("one.csv",
                             "timestamp,kwh\n"
                             "2026-07-01T00:00:00Z,0.25\n"
                             "2026-07-01T00:15:00Z,0.5\n");
  RunResult r = Import({"--meter", "SOLO", f});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Query({"readings", "--meter", "SOLO", "--from", "2026-07-01", "--to", "2026-07-02"});
  EXPECT_EQ(r.out,
            "timestamp,kwh,quality\n2026-07-01T00:00:00Z,0.250,actual\n"
            "2026-07-01T00:15:00Z,0.500,actual\n");
  // A file that names its meters cannot take --meter as well.
  const std::string named = File("named.csv", "meter_id,timestamp,kwh\nX,2026-07-01T00:00:00Z,1\n");
  r = Import({"--meter", "SOLO", named});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("meter_id"), std::string::npos) << r.err;
}

TEST_F(Cli, BadRowsAreListedAndTheRestKept) {
  const std::string f = File("bad.csv",
                             "meter_id,timestamp,kwh\n"
                             "M1,2026-07-01T00:00:00Z,0.219\n"
                             "M1,2026-07-01T00:15:00Z,abc\n"
                             "M1,not-a-time,1\n"
                             ",2026-07-01T00:30:00Z,1\n"
                             "M1,2026-07-01T00:45:00Z,1.0001\n"
                             "M1,2026-07-01T01:00:00Z\n"
                             "M1,2026-07-01T01:15:00Z,0.5\n");
  const std::string errors = dir_.Sub("errors.txt");
  RunResult r = Import({"--errors", errors, f});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.out.find("2 accepted"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("5 rejected"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find(f + ":3: kwh: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(f + ":4: timestamp: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(f + ":5: meter_id: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(f + ":6: kwh: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(f + ":7: "), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 5);
  const std::string listed = gridline::testing::ReadFile(errors);
  EXPECT_EQ(std::count(listed.begin(), listed.end(), '\n'), 5) << listed;
  r = Query({"readings", "--meter", "M1", "--from", "2026-07-01", "--to", "2026-07-02"});
  EXPECT_EQ(r.out,
            "timestamp,kwh,quality\n2026-07-01T00:00:00Z,0.219,actual\n"
            "2026-07-01T01:15:00Z,0.500,actual\n");
}

TEST_F(Cli, StrictRefusesAFileWithAnyError) {
  const std::string bad = File("bad.csv",
                               "meter_id,timestamp,kwh\nS1,2026-07-01T00:00:00Z,1\n"
                               "S1,2026-07-01T00:15:00Z,oops\n");
  RunResult r = Import({"--strict", bad});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("refused"), std::string::npos) << r.out;
  r = Query({"readings", "--meter", "S1", "--from", "2026-07-01", "--to", "2026-07-02"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown meter 'S1'"), std::string::npos) << r.err;
  const std::string good = File("good.csv", "meter_id,timestamp,kwh\nS1,2026-07-01T00:00:00Z,1\n");
  r = Import({"--strict", good});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // --strict on standard input reads it twice through a spool file.
  r = Import({"--strict", "-"}, "meter_id,timestamp,kwh\nS2,2026-07-01T00:00:00Z,2\n");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = Query({"readings", "--meter", "S2", "--from", "2026-07-01", "--to", "2026-07-02"});
  EXPECT_EQ(r.out, "timestamp,kwh,quality\n2026-07-01T00:00:00Z,2.000,actual\n");
}

TEST_F(Cli, ReadsStandardInputAndGzip) {
  RunResult r = Import({"-"}, "meter_id,timestamp,kwh\nG1,2026-07-01T00:00:00Z,1.25\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string path = dir_.Sub("reads.csv.gz");
  gzFile gz = gzopen(path.c_str(), "wb");
  const std::string text = "meter_id,timestamp,kwh\nG2,2026-07-01T00:00:00Z,2.5\n";
  gzwrite(gz, text.data(), static_cast<unsigned>(text.size()));
  gzclose(gz);
  r = Import({path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Query({"readings", "--meter", "G2", "--from", "2026-07-01", "--to", "2026-07-02"});
  EXPECT_EQ(r.out, "timestamp,kwh,quality\n2026-07-01T00:00:00Z,2.500,actual\n");
  // A truncated gzip file is an error that says so, not a silent short import.
  const std::string whole = gridline::testing::ReadFile(path);
  const std::string cut = File("cut.csv.gz", whole.substr(0, whole.size() - 12));
  r = Import({cut});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.err.find("gzip"), std::string::npos) << r.err;
}

TEST_F(Cli, DuplicatesAndNewVersionsAreCountedAndKept) {
  const std::string a = File("a.csv", "meter_id,timestamp,kwh\nV1,2026-07-01T00:00:00Z,1\n");
  const std::string b = File("b.csv", "meter_id,timestamp,kwh\nV1,2026-07-01T00:00:00Z,2\n");
  ASSERT_EQ(Import({a}).exit_code, 0);
  RunResult r = Import({a});
  EXPECT_NE(r.out.find("0 accepted, 1 duplicates, 0 new versions"), std::string::npos) << r.out;
  r = Import({b});
  EXPECT_NE(r.out.find("0 accepted, 0 duplicates, 1 new versions"), std::string::npos) << r.out;
  r = Import({a});
  EXPECT_NE(r.out.find("1 new versions"), std::string::npos) << r.out;
  r = Query({"readings", "--meter", "V1", "--from", "2026-07-01", "--to", "2026-07-02", "--layer",
             "raw"});
  EXPECT_EQ(r.out, "timestamp,kwh,quality\n2026-07-01T00:00:00Z,1.000,actual\n");
  r = Query({"readings", "--meter", "V1", "--from", "2026-07-01", "--to", "2026-07-02", "--layer",
             "raw", "--versions"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // A, B, A: two superseded versions and the latest, each with when it arrived.
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 4) << r.out;
  EXPECT_NE(r.out.find("2026-07-01T00:00:00Z,1.000,actual,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2026-07-01T00:00:00Z,2.000,actual,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(",latest\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(",superseded\n"), std::string::npos) << r.out;
}

TEST_F(Cli, WideFormatInLocalTimeAcrossSpringForward) {
  // 2026-03-08 in Los Angeles has 23 hours: 92 quarter-hours. The 96 columns are the wall-clock
  // quarter-hours; those of the skipped 02:00 .. 02:45 are empty.
  std::string csv = "meter_id,date";
  for (int i = 0; i < 96; ++i) csv += ",c" + std::to_string(i);
  csv += "\nW1,2026-03-08";
  for (int i = 0; i < 96; ++i) csv += i >= 8 && i < 12 ? "," : i == 12 ? ",0.500" : ",0.100";
  csv += "\nW1,2026-03-09";
  for (int i = 0; i < 96; ++i) csv += ",0.200";
  csv += "\n";
  RunResult r = Import({"--tz", "America/Los_Angeles", File("wide.csv", csv)});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("188 accepted"), std::string::npos) << r.out;
  r = Query({"agg", "--meter", "W1", "--from", "2026-03-08T00:00:00", "--to", "2026-03-10T00:00:00",
             "--tz", "America/Los_Angeles", "--step", "1d", "--fn", "count"});
  EXPECT_EQ(r.out, "timestamp,value\n2026-03-08T08:00:00Z,92\n2026-03-09T07:00:00Z,96\n");
  r = Query({"agg", "--meter", "W1", "--from", "2026-03-08T00:00:00", "--to", "2026-03-10T00:00:00",
             "--tz", "America/Los_Angeles", "--step", "1d", "--fn", "sum"});
  EXPECT_EQ(r.out, "timestamp,value\n2026-03-08T08:00:00Z,9.600\n2026-03-09T07:00:00Z,19.200\n");
  // The `c12` cell is 03:00 PDT (10:00Z), not 04:00.
  r = Query({"readings", "--meter", "W1", "--from", "2026-03-08T10:00:00Z", "--to",
             "2026-03-08T10:15:00Z"});
  EXPECT_EQ(r.out, "timestamp,kwh,quality\n2026-03-08T10:00:00Z,0.500,actual\n");
  // A 96-column row on the fall-back day cannot say which 01:00 it means: exit 3, saying why.
  std::string fall = "meter_id,date";
  for (int i = 0; i < 96; ++i) fall += ",c" + std::to_string(i);
  fall += "\nW1,2026-11-01";
  for (int i = 0; i < 96; ++i) fall += ",0.100";
  const std::string ff = File("fall.csv", fall + "\n");
  r = Import({"--tz", "America/Los_Angeles", ff});
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.err.find(ff + ":2: c4: 2026-11-01 has 100 quarter-hours in America/Los_Angeles"),
            std::string::npos)
      << r.err;
}

// docs/conventions.md: the import summary prints each new series' interval, learned from the
// dominant spacing; a stray read off that grid is a row error naming it (exit 3).
TEST_F(Cli, SummaryPrintsEachNewSeriesIntervalAndStrayReadsAreRowErrors) {
  std::string csv = "meter_id,timestamp,kwh\n";
  for (int i = 0; i < 12; ++i) csv += fmt::format("F,2026-07-01T00:{:02d}:00Z,0.1\n", i * 5);
  csv += "F,2026-07-01T00:07:34Z,0.1\n";
  for (int i = 0; i < 4; ++i) csv += fmt::format("Q,2026-07-01T00:{:02d}:00Z,0.1\n", i * 15);
  const std::string f = File("mixed.csv", csv);
  RunResult r = Import({f});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.out.find(f + ": new series F kwh_delivered: interval 5m\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(f + ": new series Q kwh_delivered: interval 15m\n"), std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find(f + ":14: timestamp: 2026-07-01T00:07:34Z is not on the 5m grid of series "
                           "F kwh_delivered"),
            std::string::npos)
      << r.err;
}

// docs/conventions.md: two different values for one slot in one input are a row error naming the
// earlier line (exit 3); equal values count once, as a duplicate. Before issue 11 the second
// value became a silent new version.
TEST_F(Cli, SameSlotTwiceInOneFile) {
  const std::string diff = File("diff.csv",
                                "meter_id,timestamp,kwh\nD,2026-07-01T00:00:00Z,1\n"
                                "D,2026-07-01T00:15:00Z,2\nD,2026-07-01T00:00:00Z,3\n");
  RunResult r = Import({diff});
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.out.find("2 accepted, 0 duplicates, 0 new versions, 1 rejected"), std::string::npos)
      << r.out;
  EXPECT_NE(r.err.find(diff + ":4: kwh: line 2 already gave D kwh_delivered the value 1.000 for "
                              "2026-07-01T00:00:00Z; this line gives 3.000"),
            std::string::npos)
      << r.err;
  const std::string same = File("same.csv",
                                "meter_id,timestamp,kwh\nE,2026-07-01T00:00:00Z,1\n"
                                "E,2026-07-01T00:15:00Z,2\nE,2026-07-01T00:00:00Z,1.000\n");
  r = Import({same});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2 accepted, 1 duplicates, 0 new versions, 0 rejected"), std::string::npos)
      << r.out;
  // --strict refuses the file with the conflict (exit 1) and stores nothing.
  r = Import({"--strict", diff});
  EXPECT_EQ(r.exit_code, 1) << r.out;
}

// Found in issue 11: 9223372036854775.807 kWh was accepted and wrapped the `_system` roll-up.
TEST_F(Cli, ValueOutsideThePlausibleRangeIsARowErrorNamingTheBound) {
  const std::string f = File("huge.csv",
                             "meter_id,timestamp,kwh\nH,2026-07-01T00:00:00Z,1\n"
                             "H,2026-07-01T00:15:00Z,9223372036854775.807\n");
  RunResult r = Import({"--interval", "15m", f});
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.err.find(f + ":3: kwh: 9223372036854775.807 kWh is outside the plausible range of "
                           "kwh_delivered for a 15m interval: -250000000.000 .. 250000000.000 kWh"),
            std::string::npos)
      << r.err;
}

// Found in issue 11: hour-ending files (PJM) lost 2 hours a year with --label end in local time.
TEST_F(Cli, HourEndingLocalFileImportsBothDstDaysExactly) {
  std::string csv = "meter_id,timestamp,kwh\n";
  for (int he = 1; he <= 24; ++he) {
    if (he != 3) csv += fmt::format("P,2026-03-08 {:02d}:00:00,1\n", he);
  }
  for (int he = 1; he <= 24; ++he) {
    csv += fmt::format("P,2026-11-01 {:02d}:00:00,1\n", he);
    if (he == 2) csv += "P,2026-11-01 02:00:00,1\n";
  }
  RunResult r = Import({"--tz", "America/New_York", "--label", "end", File("pjm.csv", csv)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("48 accepted, 0 duplicates"), std::string::npos) << r.out;
  for (const char* day : {"2026-03-08", "2026-11-01"}) {
    const std::string next = std::string(day) == "2026-03-08" ? "2026-03-09" : "2026-11-02";
    r = Query({"agg", "--meter", "P", "--from", std::string(day) + "T00:00:00", "--to",
               next + "T00:00:00", "--tz", "America/New_York", "--step", "1d", "--fn", "count"});
    EXPECT_NE(r.out.find(std::string(day) == "2026-03-08" ? ",23\n" : ",25\n"), std::string::npos)
        << day << r.out;
  }
}

TEST_F(Cli, ValueColumnWithChannelAndIntervalEndLabels) {
  const std::string f = File("v.csv",
                             "meter_id,timestamp,value\nP1,2026-07-01T00:05:00Z,241.5\n"
                             "P1,2026-07-01T00:10:00Z,239.25\n");
  RunResult r = Import({"--channel", "voltage", "--label", "end", f});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Query({"readings", "--meter", "P1", "--channel", "voltage", "--from", "2026-07-01", "--to",
             "2026-07-02"});
  EXPECT_EQ(r.out,
            "timestamp,value,quality\n2026-07-01T00:00:00Z,241.500,actual\n"
            "2026-07-01T00:05:00Z,239.250,actual\n");
}

TEST_F(Cli, CannotRunAndUsageErrorsHaveTheirExitCodes) {
  EXPECT_EQ(Import({dir_.Sub("missing.csv")}).exit_code, 1);
  EXPECT_EQ(Import({File("empty.csv", "")}).exit_code, 1);
  RunResult r = Import({File("header.csv", "id,time,energy\nM1,2026-07-01T00:00:00Z,1\n")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(":1: header:"), std::string::npos) << r.err;
  EXPECT_EQ(Import({"--tz", "Mars/Base", File("x.csv", "meter_id,timestamp,kwh\n")}).exit_code, 2);
  EXPECT_EQ(Import({"--interval", "7m", File("y.csv", "meter_id,timestamp,kwh\n")}).exit_code, 2);
  EXPECT_EQ(Import({"--bogus"}).exit_code, 2);
  EXPECT_EQ(Gridline({"import"}).exit_code, 2);
  EXPECT_EQ(Gridline({"nonsense"}).exit_code, 2);
  EXPECT_EQ(
      Gridline({"query", "readings", "--data", data_, "--from", "2026-07-01", "--to", "2026-07-02"})
          .exit_code,
      2);
  EXPECT_EQ(
      Query({"readings", "--meter", "M1", "--from", "2026-07-02", "--to", "2026-07-01"}).exit_code,
      2);
  EXPECT_EQ(Query({"agg", "--meter", "M1", "--from", "2026-07-01", "--to", "2026-07-02", "--step",
                   "1y", "--fn", "sum"})
                .exit_code,
            2);
  // A query of a store that does not exist says so.
  r = Gridline({"query", "readings", "--data", dir_.Sub("nowhere"), "--meter", "M1", "--from",
                "2026-07-01", "--to", "2026-07-02"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no gridline store"), std::string::npos) << r.err;
}

TEST_F(Cli, DeleteKeepsWhatItDeletesAsVersions) {
  const std::string f = File("d.csv",
                             "meter_id,timestamp,kwh\nD1,2026-07-01T00:00:00Z,1\n"
                             "D1,2026-07-01T00:15:00Z,2\nD1,2026-07-01T00:30:00Z,3\n");
  ASSERT_EQ(Import({f}).exit_code, 0);
  RunResult r = Gridline({"delete", "readings", "--data", data_, "--meter", "D1", "--from",
                          "2026-07-01T00:15:00Z", "--to", "2026-07-01T00:30:00Z"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("deleted 1 readings"), std::string::npos) << r.out;
  r = Query({"readings", "--meter", "D1", "--from", "2026-07-01", "--to", "2026-07-02"});
  EXPECT_EQ(r.out,
            "timestamp,kwh,quality\n2026-07-01T00:00:00Z,1.000,actual\n"
            "2026-07-01T00:30:00Z,3.000,actual\n");
  r = Query(
      {"readings", "--meter", "D1", "--from", "2026-07-01", "--to", "2026-07-02", "--versions"});
  EXPECT_NE(r.out.find("2026-07-01T00:15:00Z,2.000,actual,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(",superseded\n"), std::string::npos) << r.out;
  EXPECT_EQ(Gridline({"delete", "readings", "--data", data_, "--meter", "NOPE", "--from",
                      "2026-07-01", "--to", "2026-07-02"})
                .exit_code,
            1);
}

TEST_F(Cli, DemoLoadsASimulatedUtilityOnceAndShowsQueries) {
  RunResult r = Gridline({"demo", "--data", data_, "--meters", "40", "--days", "2", "--no-serve"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("simulating 40 meters x 2 days"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("store " + data_ + ": 40 meters"), std::string::npos) << r.out;
  // The printed query works.
  r = Query({"agg", "--meter", "M0000000", "--from", "2026-07-01", "--to", "2026-07-03", "--step",
             "1d", "--fn", "count"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, 16), "timestamp,value\n");
  // A second run reuses the store.
  r = Gridline({"demo", "--data", data_, "--meters", "40", "--days", "2", "--no-serve"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("simulating"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace gridline
