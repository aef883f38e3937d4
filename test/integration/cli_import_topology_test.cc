// The contract command `gridline import topology`, run as a user runs it: the built binary, real
// files, exit codes and output text; all or nothing; adopting meters that `import csv` created;
// and the simulator's topology importing cleanly.
#include <zlib.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test/test_util.h"

namespace gridline {
namespace {

using gridline::testing::RunResult;
using gridline::testing::TempDir;
using gridline::testing::WriteFile;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kGrid[] =
    "asset_id,kind,parent_id,lat,lon,rating_kva,customer_class,pv,ev,pricing_node\n"
    "S1,substation,,37.0,-122.0,20000,,,,DLAP_PGAE-APND\n"
    "F1,feeder,S1,37.0,-122.0,8000,,,,\n"
    "T1,transformer,F1,37.01,-122.01,50,,,,\n"
    "M1,meter,T1,37.011,-122.011,,residential,true,false,\n"
    "M2,meter,T1,37.012,-122.012,,commercial,false,false,\n";

class CliTopology : public ::testing::Test {
 protected:
  RunResult Gridline(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), GL_BINARY);
    return gridline::testing::Run(args, input);
  }
  RunResult Topology(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), {"import", "topology", "--data", data_});
    return Gridline(args, input);
  }
  std::string File(const std::string& name, const std::string& content) {
    const std::string path = dir_.Sub(name);
    WriteFile(path, content);
    return path;
  }
  TempDir dir_;
  std::string data_ = dir_.Sub("store");
};

TEST_F(CliTopology, ImportsAndReimportsAsANoOp) {
  const std::string f = File("grid.csv", kGrid);
  RunResult r = Topology({f});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, f + ": 5 assets: 5 added, 0 updated, 0 moved, 0 unchanged; 0 routes\n");
  EXPECT_EQ(r.err, "");
  r = Topology({f});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, f + ": 5 assets: 0 added, 0 updated, 0 moved, 5 unchanged; 0 routes\n");
  // A move keeps the history; the same move again is unchanged.
  const std::string move = File("move.csv",
                                "asset_id,kind,parent_id,lat,lon,valid_from\n"
                                "F2,feeder,S1,,,\n"
                                "T1,transformer,F2,,,2026-03-01T00:00:00Z\n");
  r = Topology({move});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("1 added, 0 updated, 1 moved, 0 unchanged"));
  r = Topology({move});
  EXPECT_THAT(r.out, HasSubstr("0 added, 0 updated, 0 moved, 2 unchanged"));
}

TEST_F(CliTopology, CheckValidatesWithoutApplying) {
  const std::string f = File("grid.csv", kGrid);
  RunResult r = Topology({"--check", f});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, f + ": 5 assets (checked, not applied): 5 added, 0 updated, 0 moved, "
                       "0 unchanged; 0 routes\n");
  r = Topology({f});
  EXPECT_THAT(r.out, HasSubstr("5 added"));
}

TEST_F(CliTopology, AnyErrorAppliesNothing) {
  const std::string bad = File("bad.csv", std::string(kGrid) +
                                              "T2,transformer,F9,37.0,-122.0,50,,,,\n"
                                              "M3,meter,T1,95,-122.0,,,,,\n");
  const std::string errors = dir_.Sub("errors.txt");
  RunResult r = Topology({"--errors", errors, bad});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const std::string listed = bad +
                             ":7: parent_id: unknown parent 'F9' (not in this file nor in "
                             "the topology)\n" +
                             bad + ":8: lat: 95 is not a latitude (-90 to 90)\n";
  EXPECT_EQ(r.err, listed);
  EXPECT_EQ(r.out, bad + ": refused: 2 errors, nothing was applied\n");
  EXPECT_EQ(gridline::testing::ReadFile(errors), listed);
  // Row by row right, but M3 would hang under a feeder: refused as a whole.
  const std::string bad2 = File("bad2.csv", std::string(kGrid) + "M3,meter,F1,37.0,-122.0,,,,,\n");
  r = Topology({bad2});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, bad2 +
                       ":7: parent_id: a meter cannot hang under feeder 'F1' from the "
                       "beginning of time; a meter hangs under transformer or service_point\n");
  // Nothing of either file is there: F1 is still unknown.
  const std::string child =
      File("child.csv", "asset_id,kind,parent_id,lat,lon\nT3,transformer,F1,,\n");
  r = Topology({child});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("unknown parent 'F1'"));
}

TEST_F(CliTopology, ListsTheFirstTwentyErrors) {
  std::string csv = "asset_id,kind,parent_id,lat,lon\n";
  for (int i = 0; i < 30; ++i) csv += "M" + std::to_string(i) + ",meter,,,\n";
  const std::string errors = dir_.Sub("errors.txt");
  RunResult r = Topology({"--errors", errors, File("many.csv", csv)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 20);
  const std::string all = gridline::testing::ReadFile(errors);
  EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), 30);
  EXPECT_THAT(r.out, HasSubstr("refused: 30 errors"));
}

TEST_F(CliTopology, UsageAndUnreadableFiles) {
  EXPECT_EQ(Gridline({"import", "topology"}).exit_code, 2);
  EXPECT_EQ(Topology({"--bogus", "x.csv"}).exit_code, 2);
  EXPECT_EQ(Topology({File("a.csv", kGrid), File("b.csv", kGrid)}).exit_code, 2);
  RunResult r = Topology({dir_.Sub("missing.csv")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("missing.csv"));
  r = Gridline({"import", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("topology"));
}

TEST_F(CliTopology, ReadsGeoJsonFromStandardInputAndGzip) {
  const std::string json = R"({"type":"FeatureCollection","features":[
    {"type":"Feature","geometry":{"type":"Point","coordinates":[-122.0,37.0]},
     "properties":{"asset_id":"S1","kind":"substation"}},
    {"type":"Feature","geometry":{"type":"LineString","coordinates":[[-122.0,37.0],[-122.1,37.1]]},
     "properties":{"asset_id":"F1","kind":"feeder","parent_id":"S1"}}]})";
  RunResult r = Topology({"-"}, json);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "-: 2 assets: 2 added, 0 updated, 0 moved, 0 unchanged; 1 routes\n");
  r = Topology({"-"}, R"({"type":"FeatureCollection","features":[
    {"type":"Feature","geometry":{"type":"Point","coordinates":[-122.0,37.0]},
     "properties":{"asset_id":"F2","kind":"feeder","parent_id":"S1","rating_kva":"big"}}]})");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "-:feature 0: rating_kva: not a number: 'big'\n");

  const std::string gz = dir_.Sub("grid.csv.gz");
  gzFile f = gzopen(gz.c_str(), "wb");
  const std::string text = "asset_id,kind,parent_id,lat,lon\nF3,feeder,S1,,\n";
  gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
  gzclose(f);
  r = Topology({gz});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("1 added"));
}

TEST_F(CliTopology, AdoptsMetersThatReadsCreated) {
  const std::string reads = File("reads.csv",
                                 "meter_id,timestamp,kwh\n"
                                 "M1,2026-07-01T00:00:00Z,0.5\n"
                                 "M2,2026-07-01T00:00:00Z,0.25\n");
  RunResult r = Gridline({"import", "csv", "--data", data_, reads});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Topology({File("grid.csv", kGrid)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("5 added"));
  // The meters keep their reads (same ids), and new reads still land on them.
  r = Gridline({"query", "readings", "--data", data_, "--meter", "M1", "--from", "2026-07-01",
                "--to", "2026-07-02"});
  EXPECT_EQ(r.out, "timestamp,kwh,quality\n2026-07-01T00:00:00Z,0.500,actual\n");
  r = Gridline({"import", "csv", "--data", data_,
                File("more.csv", "meter_id,timestamp,kwh\nM1,2026-07-01T00:15:00Z,0.75\n")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Topology({File("grid2.csv", kGrid)});
  EXPECT_THAT(r.out, HasSubstr("5 unchanged"));
}

TEST_F(CliTopology, TheSimulatorsTopologyImportsCleanly) {
  const std::string reads = dir_.Sub("X.csv");
  const std::string topo = dir_.Sub("T.csv");
  RunResult r = Gridline({"sim", "--meters", "200", "--days", "1", "--start", "2026-01-01",
                          "--seed", "1", "--out", reads, "--topology", topo});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = gridline::testing::ReadFile(topo);
  const long rows = std::count(text.begin(), text.end(), '\n') - 1;
  ASSERT_GT(rows, 200);
  r = Topology({topo});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(std::to_string(rows) + " added, 0 updated"));
  // Reads after the topology land on the same meters.
  r = Gridline({"import", "csv", "--data", data_, reads});
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 3) << r.err;  // the simulator adds defects
  r = Topology({topo});
  EXPECT_THAT(r.out, HasSubstr(std::to_string(rows) + " unchanged"));
  EXPECT_THAT(r.err, Not(HasSubstr("error")));
}

}  // namespace
}  // namespace gridline
