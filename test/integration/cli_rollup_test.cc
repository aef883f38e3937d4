// `gridline query rollup` through the built binary: roll-ups along the imported topology equal
// the sums of the meters' own readings (query agg), whether the topology comes before or after
// the reads, and a transformer moved to another feeder from an instant keeps history on both
// sides of that instant.
#include <string>

#include "gtest/gtest.h"
#include "test/test_util.h"

namespace gridline {
namespace {

using gridline::testing::RunResult;
using gridline::testing::TempDir;
using gridline::testing::WriteFile;

class CliRollup : public ::testing::Test {
 public:
  RunResult Gridline(std::vector<std::string> args) {
    args.insert(args.begin(), GL_BINARY);
    return gridline::testing::Run(args);
  }
  RunResult ImportCsv(const std::string& content) {
    const std::string path = dir_.Sub("reads" + std::to_string(files_++) + ".csv");
    WriteFile(path, content);
    return Gridline({"import", "csv", "--data", data_, "--progress", "none", "--interval", "15m", path});
  }
  RunResult ImportTopology(const std::string& content) {
    const std::string path = dir_.Sub("topology" + std::to_string(files_++) + ".csv");
    WriteFile(path, content);
    return Gridline({"import", "topology", "--data", data_, path});
  }
  std::string Rollup(const std::string& asset, const std::string& step,
                     const std::string& metric, const std::string& from = "2026-07-01T00:00:00Z",
                     const std::string& to = "2026-07-01T02:00:00Z") {
    RunResult r = Gridline({"query", "rollup", "--data", data_, "--asset", asset, "--from", from,
                            "--to", to, "--step", step, "--metric", metric});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
  TempDir dir_;
  std::string data_ = dir_.Sub("store");
  int files_ = 0;
};

constexpr char kTopology[] =
    "asset_id,kind,parent_id,lat,lon,rating_kva\n"
    "S1,substation,,38.5,-121.5,30000\n"
    "F1,feeder,S1,38.5,-121.5,8000\n"
    "F2,feeder,S1,38.5,-121.5,8000\n"
    "T1,transformer,F1,38.51,-121.49,50\n"
    "T2,transformer,F2,38.52,-121.48,50\n"
    "M1,meter,T1,38.511,-121.491,\n"
    "M2,meter,T1,38.512,-121.492,\n"
    "M3,meter,T2,38.521,-121.481,\n";

constexpr char kReads[] =
    "meter_id,timestamp,channel,kwh\n"
    "M1,2026-07-01T00:00:00Z,kwh_delivered,1.000\n"
    "M1,2026-07-01T00:15:00Z,kwh_delivered,2.000\n"
    "M1,2026-07-01T01:00:00Z,kwh_delivered,0.500\n"
    "M2,2026-07-01T00:00:00Z,kwh_delivered,0.250\n"
    "M2,2026-07-01T00:00:00Z,kwh_received,0.750\n"
    "M2,2026-07-01T01:15:00Z,kwh_delivered,0.125\n"
    "M3,2026-07-01T00:30:00Z,kwh_delivered,4.000\n"
    "M3,2026-07-01T01:30:00Z,kwh_delivered,8.000\n";

void ExpectRollupsOfTheTown(CliRollup& t) {
  EXPECT_EQ(t.Rollup("T1", "1h", "delivered"),
            "timestamp,kwh,meters\n"
            "2026-07-01T00:00:00Z,3.250,2\n"
            "2026-07-01T01:00:00Z,0.625,1\n");
  EXPECT_EQ(t.Rollup("T1", "1h", "net"),
            "timestamp,kwh,meters\n"
            "2026-07-01T00:00:00Z,2.500,2\n"
            "2026-07-01T01:00:00Z,0.625,1\n");
  EXPECT_EQ(t.Rollup("T1", "1h", "received"),
            "timestamp,kwh,meters\n"
            "2026-07-01T00:00:00Z,0.750,2\n"
            "2026-07-01T01:00:00Z,0.000,1\n");
  EXPECT_EQ(t.Rollup("F2", "15m", "delivered", "2026-07-01T00:00:00Z", "2026-07-01T01:00:00Z"),
            "timestamp,kwh,meters\n"
            "2026-07-01T00:00:00Z,,0\n"
            "2026-07-01T00:15:00Z,,0\n"
            "2026-07-01T00:30:00Z,4.000,1\n"
            "2026-07-01T00:45:00Z,,0\n");
  EXPECT_EQ(t.Rollup("S1", "1d", "delivered", "2026-07-01", "2026-07-02"),
            "timestamp,kwh,meters\n2026-07-01T00:00:00Z,15.875,2\n");
  EXPECT_EQ(t.Rollup("_system", "1d", "net", "2026-07-01", "2026-07-02"),
            "timestamp,kwh,meters\n2026-07-01T00:00:00Z,15.125,2\n");
}

TEST_F(CliRollup, TopologyBeforeReads) {
  ASSERT_EQ(ImportTopology(kTopology).exit_code, 0);
  RunResult r = ImportCsv(kReads);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectRollupsOfTheTown(*this);
}

TEST_F(CliRollup, ReadsBeforeTopologyAreMovedIntoPlace) {
  RunResult r = ImportCsv(kReads);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Unplaced meters roll into the system only.
  EXPECT_EQ(Rollup("_system", "1d", "delivered", "2026-07-01", "2026-07-02"),
            "timestamp,kwh,meters\n2026-07-01T00:00:00Z,15.875,2\n");
  ASSERT_EQ(ImportTopology(kTopology).exit_code, 0);
  ExpectRollupsOfTheTown(*this);
}

TEST_F(CliRollup, LateDataAndNewVersionsKeepRollupsExact) {
  ASSERT_EQ(ImportTopology(kTopology).exit_code, 0);
  ASSERT_EQ(ImportCsv(kReads).exit_code, 0);
  // A new version of M1 00:15 (2.000 -> 3.000), a duplicate, and a late read of M2.
  RunResult r = ImportCsv(
      "meter_id,timestamp,kwh\n"
      "M1,2026-07-01T00:15:00Z,3.000\n"
      "M1,2026-07-01T00:00:00Z,1.000\n"
      "M2,2026-07-01T00:45:00Z,0.010\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Rollup("T1", "1h", "delivered"),
            "timestamp,kwh,meters\n"
            "2026-07-01T00:00:00Z,4.260,2\n"
            "2026-07-01T01:00:00Z,0.625,1\n");
  r = Gridline({"delete", "readings", "--data", data_, "--meter", "M1", "--from",
                "2026-07-01T00:00:00Z", "--to", "2026-07-01T00:30:00Z"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Rollup("F1", "1h", "delivered"),
            "timestamp,kwh,meters\n"
            "2026-07-01T00:00:00Z,0.260,1\n"
            "2026-07-01T01:00:00Z,0.625,1\n");
}

TEST_F(CliRollup, TransformerMovedToAnotherFeederKeepsHistoryOnBothSides) {
  ASSERT_EQ(ImportTopology(kTopology).exit_code, 0);
  ASSERT_EQ(ImportCsv(kReads).exit_code, 0);
  // T1 hangs under F2 from 01:00 on.
  RunResult r = ImportTopology(
      "asset_id,kind,parent_id,lat,lon,valid_from\n"
      "T1,transformer,F2,,,2026-07-01T01:00:00Z\n");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(Rollup("F1", "1h", "delivered"),
            "timestamp,kwh,meters\n"
            "2026-07-01T00:00:00Z,3.250,2\n"
            "2026-07-01T01:00:00Z,,0\n");
  EXPECT_EQ(Rollup("F2", "1h", "delivered"),
            "timestamp,kwh,meters\n"
            "2026-07-01T00:00:00Z,4.000,1\n"
            "2026-07-01T01:00:00Z,8.625,1\n");
  // The substation above both feeders did not change.
  EXPECT_EQ(Rollup("S1", "1d", "delivered", "2026-07-01", "2026-07-02"),
            "timestamp,kwh,meters\n2026-07-01T00:00:00Z,15.875,2\n");
  // Reads arriving after the move follow the topology at their own time.
  ASSERT_EQ(ImportCsv("meter_id,timestamp,kwh\n"
                      "M1,2026-07-01T00:30:00Z,1.000\n"
                      "M1,2026-07-01T01:45:00Z,1.000\n")
                .exit_code,
            0);
  EXPECT_EQ(Rollup("F1", "1h", "delivered"),
            "timestamp,kwh,meters\n"
            "2026-07-01T00:00:00Z,4.250,2\n"
            "2026-07-01T01:00:00Z,,0\n");
  EXPECT_EQ(Rollup("F2", "1h", "delivered"),
            "timestamp,kwh,meters\n"
            "2026-07-01T00:00:00Z,4.000,1\n"
            "2026-07-01T01:00:00Z,9.625,1\n");
}

TEST_F(CliRollup, UnknownAssetAndBadFlags) {
  ASSERT_EQ(ImportCsv(kReads).exit_code, 0);
  RunResult r = Gridline({"query", "rollup", "--data", data_, "--asset", "NOPE", "--from",
                          "2026-07-01", "--to", "2026-07-02", "--step", "1h", "--metric", "net"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown asset 'NOPE'"), std::string::npos) << r.err;
  r = Gridline({"query", "rollup", "--data", data_, "--asset", "_system", "--from", "2026-07-02",
                "--to", "2026-07-01", "--step", "1h", "--metric", "net"});
  EXPECT_EQ(r.exit_code, 2);
  r = Gridline({"query", "rollup", "--data", data_, "--asset", "_system", "--from", "2026-07-01",
                "--to", "2026-07-02", "--step", "1h", "--metric", "gross"});
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace gridline
