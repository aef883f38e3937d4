// `gridline import cmep` and `gridline import nem12` as a user runs them, on the real CMEP sample
// (test/data/cmep/cmep.dat) and the public NEM12 examples (test/data/nem12/): what is stored
// equals an independent reading of the source file.
#include <string>

#include "gtest/gtest.h"
#include "test/integration/import_cmep_nem12_util.h"
#include "test/test_util.h"

namespace gridline {
namespace {

using gridline::testing::RunResult;
using gridline::testing::SumColumn;

class CliCmepNem12 : public ::testing::Test {
 protected:
  RunResult Gridline(std::vector<std::string> args) {
    args.insert(args.begin(), GL_BINARY);
    return gridline::testing::Run(args);
  }
  RunResult Import(const std::string& format, std::vector<std::string> args) {
    args.insert(args.begin(), {"import", format, "--data", data_});
    return Gridline(args);
  }
  std::string Readings(const std::string& meter, const std::string& channel,
                       const std::string& from, const std::string& to) {
    RunResult r = Gridline({"query", "readings", "--data", data_, "--meter", meter, "--channel",
                            channel, "--from", from, "--to", to});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
  static std::string Data(const std::string& name) {
    return std::string(GL_SOURCE_DIR) + "/test/data/" + name;
  }
  gridline::testing::TempDir dir_;
  std::string data_ = dir_.Sub("store");
};

TEST_F(CliCmepNem12, RealCmepSampleRegistersAndTheirDifferences) {
  const std::string path = Data("cmep/cmep.dat");
  const auto electric = gridline::testing::CmepElectricReads(gridline::testing::ReadFile(path));
  ASSERT_EQ(electric.size(), 1u);
  const auto& [meter, reads] = electric[0];
  ASSERT_EQ(meter, "E36525F12SD");
  int64_t register_sum = 0;
  for (size_t i = 0; i < reads.size(); ++i) {
    register_sum += reads[i];
    if (i > 0) {
      ASSERT_GE(reads[i], reads[i - 1]);  // so the differences sum to last - first
    }
  }
  RunResult r = Import("cmep", {"--register-tolerance", "5m", "--register-to-interval", path});
  // The four water records are row errors naming why; the electric one is stored.
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("cmep.dat:1: commodity: 'W'"), std::string::npos) << r.err;
  const size_t differences = reads.size() - 1;
  EXPECT_NE(r.out.find(std::to_string(reads.size() + differences) + " accepted"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("100 rejected"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("4 register reads moved onto the interval boundary"), std::string::npos)
      << r.out;
  const std::string regs = Readings(meter, "kwh_register", "2011-09-20", "2011-09-22");
  EXPECT_EQ(SumColumn(regs, 1), std::make_pair(register_sum, static_cast<int64_t>(reads.size())));
  // A register read is the dial at its stamp: 201109200600 is stored at 06:00, 201109202059 at
  // 21:00 (moved within the tolerance).
  EXPECT_NE(regs.find("2011-09-20T06:00:00Z,698.000,actual"), std::string::npos) << regs;
  EXPECT_NE(regs.find("2011-09-20T21:00:00Z,719.000"), std::string::npos) << regs;
  const std::string intervals = Readings(meter, "kwh_delivered", "2011-09-20", "2011-09-22");
  EXPECT_EQ(SumColumn(intervals, 1),
            std::make_pair(reads.back() - reads.front(), static_cast<int64_t>(differences)));
  // The first interval runs from the first read to the second.
  EXPECT_NE(intervals.find("2011-09-20T06:00:00Z,2.000"), std::string::npos) << intervals;
}

TEST_F(CliCmepNem12, RealCmepSampleWithoutToleranceRejectsOffGridReads) {
  RunResult r = Import("cmep", {Data("cmep/cmep.dat")});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("2011-09-20T20:59:00Z is not on the 1h grid"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("21 accepted"), std::string::npos) << r.out;
}

TEST_F(CliCmepNem12, Nem12QualitiesFromThe400Ranges) {
  const std::string path = Data("nem12/Example_NEM12_multiple_quality.csv");
  const auto sums = gridline::testing::Nem12Sums(gridline::testing::ReadFile(path));
  const auto& s = sums.at({"CCCC123456", "E1"});
  ASSERT_EQ(s.uom, "kWh");
  RunResult r = Import("nem12", {path});
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("48 accepted"), std::string::npos) << r.out;
  // 2004-04-17 in NEM time (UTC+10) starts at 2004-04-16T14:00Z.
  const std::string day =
      Readings("CCCC123456", "kwh_delivered", "2004-04-16T14:00:00Z", "2004-04-17T14:00:00Z");
  EXPECT_EQ(SumColumn(day, 1), std::make_pair(s.sum_milli, s.values));
  EXPECT_NE(day.find("2004-04-16T14:00:00Z,18.023,edited"), std::string::npos) << day;     // F14
  EXPECT_NE(day.find("2004-04-16T23:30:00Z,19.327,edited"), std::string::npos) << day;     // 20
  EXPECT_NE(day.find("2004-04-17T00:00:00Z,21.424,actual"), std::string::npos) << day;     // A
  EXPECT_NE(day.find("2004-04-17T01:30:00Z,18.416,actual"), std::string::npos) << day;     // 24
  EXPECT_NE(day.find("2004-04-17T02:00:00Z,16.666,estimated"), std::string::npos) << day;  // 25
  EXPECT_NE(day.find("2004-04-17T13:30:00Z,14.733,estimated"), std::string::npos) << day;  // S14
}

TEST_F(CliCmepNem12, Nem12StreamsBySuffixWithUnitsConverted) {
  const std::string path = Data("nem12/Example_NEM12_multiple_meters.csv");
  const auto sums = gridline::testing::Nem12Sums(gridline::testing::ReadFile(path));
  RunResult r = Import("nem12", {path});
  // K2 (exported reactive energy) has no channel: its 200 and 300 records are row errors.
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("NMISuffix: 'K2'"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("192 rejected"), std::string::npos) << r.out;
  struct Want {
    std::string nmi, suffix, meter, channel;
  } wants[] = {{"NCDE001111", "E1", "NCDE001111", "kwh_delivered"},
               {"NCDE001111", "B1", "NCDE001111", "kwh_received"},
               {"NCDE001111", "Q1", "NCDE001111", "kvarh"},
               {"NCDE001111", "E2", "NCDE001111-2", "kwh_delivered"},
               {"NDDD001888", "B1", "NDDD001888", "kwh_received"}};
  for (const Want& w : wants) {
    const auto& s = sums.at({w.nmi, w.suffix});
    ASSERT_TRUE(s.uom == "Wh" || s.uom == "VArh") << s.uom;
    // Wh and VArh are thousandths of the channel's kWh and kVArh: file units x 1000 = stored.
    const std::string out = Readings(w.meter, w.channel, "2003-12-03", "2003-12-06");
    EXPECT_EQ(SumColumn(out, 1), std::make_pair(s.sum_milli / 1000, s.values))
        << w.meter << " " << w.channel;
  }
}

TEST_F(CliCmepNem12, MeterDoesNotApply) {
  // Both formats name their meters; --meter would silently be ignored, so it is refused.
  RunResult r = Import("cmep", {"--meter", "X", Data("cmep/cmep.dat")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--meter does not apply"), std::string::npos) << r.err;
  r = Import("nem12", {"--meter", "X", Data("nem12/Example_NEM12_multiple_quality.csv")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--meter does not apply"), std::string::npos) << r.err;
}

TEST_F(CliCmepNem12, Nem12RefusesTz) {
  // NEM time is UTC+10 all year by the market's rule: a zone could only be ignored, so --tz is a
  // usage error and nothing is stored.
  const std::string path = Data("nem12/Example_NEM12_multiple_quality.csv");
  RunResult r = Import("nem12", {"--tz", "Australia/Sydney", path});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("(--tz, ?tz=) does not apply: NEM12 times are NEM time, UTC+10"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(Import("nem12", {path}).exit_code, 0);
}

}  // namespace
}  // namespace gridline
