// `gridline vee run` on imported reads (docs/vee.md "Running VEE"): values a rule proves wrong
// (a spike, a negative delivered read) and missing intervals become `estimated` with their
// method while the raw layer keeps what arrived; a flagging rule (zero consumption) keeps the
// value `actual` with an open exception; a second run changes nothing; a changed rules file is
// reported per meter and rule by a dry run before it is committed, and committing it clears what
// is no longer wrong; a run killed with SIGKILL resumes from its checkpoint and ends in the same
// state as an uninterrupted run.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <string>
#include <thread>

#include "common/time.h"
#include "fmt/format.h"
#include "gtest/gtest.h"
#include "test/integration/server_fixture.h"
#include "test/test_util.h"

namespace gridline {
namespace {

using gridline::testing::RunResult;

class CliVeeRun : public testing::ServerTest {
 protected:
  RunResult Vee(std::vector<std::string> args) {
    args.insert(args.begin(), "vee");
    args.insert(args.end(), {"--data", data_});
    return Gridline(args);
  }
  RunResult Readings(const std::string& meter, const std::string& from, const std::string& to,
                     const std::string& layer = "validated") {
    return Gridline({"query", "readings", "--data", data_, "--meter", meter, "--from", from, "--to",
                     to, "--layer", layer});
  }
  // Three days of meter A at 15 min: 0.200-0.260 kWh, one spike of 90 kWh, a -1 kWh read, two
  // missing intervals; meter Z reads 0 for the whole second day (a solar premise at midday, say).
  void ImportDays() {
    std::string csv = "meter_id,timestamp,kwh\n";
    for (int i = 0; i < 3 * 96; ++i) {
      const int64_t t = 1719792000 + int64_t{i} * 900;  // 2024-07-01T00:00:00Z
      std::string ts;
      AppendIsoUtc(t, &ts);
      if (i == 150 || i == 151) {
        // missing
      } else if (i == 120) {
        csv += "A," + ts + ",90.000\n";
      } else if (i == 200) {
        csv += "A," + ts + ",-1.000\n";
      } else {
        csv += "A," + ts + fmt::format(",0.{}\n", 200 + (i % 7) * 10);
      }
      csv += "Z," + ts + (i >= 96 && i < 192 ? ",0.000\n" : fmt::format(",0.{}\n", 300 + i % 5));
    }
    const std::string path = dir_.Sub("reads.csv");
    gridline::testing::WriteFile(path, csv);
    RunResult r = Gridline({"import", "csv", "--data", data_, path});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
};

TEST_F(CliVeeRun, ReplacesProvenWrongValuesFillsGapsAndIsIdempotent) {
  ImportDays();
  RunResult r = Vee({"run", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("judged 2 series"), std::string::npos) << r.out;
  r = Readings("A", "2024-07-01T00:00:00Z", "2024-07-04T00:00:00Z");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 2024-07-01T00:00Z + 120 * 15 min = 07-02T06:00Z, + 150 = 13:30, + 200 = 07-03T02:00.
  for (const char* ts : {"2024-07-02T06:00:00Z", "2024-07-02T13:30:00Z", "2024-07-02T13:45:00Z",
                         "2024-07-03T02:00:00Z"}) {
    const size_t at = r.out.find(ts);
    ASSERT_NE(at, std::string::npos) << ts;
    const std::string line = r.out.substr(at, r.out.find('\n', at) - at);
    EXPECT_TRUE(line.ends_with(",estimated")) << line;
  }
  EXPECT_EQ(r.out.find("90.000"), std::string::npos);
  EXPECT_EQ(r.out.find("-1.000"), std::string::npos);
  r = Readings("A", "2024-07-02T06:00:00Z", "2024-07-02T06:15:00Z", "raw");
  EXPECT_NE(r.out.find("2024-07-02T06:00:00Z,90.000,actual"), std::string::npos) << r.out;
  // The flagging rule keeps the zeros actual, with an open exception.
  r = Readings("Z", "2024-07-02T00:00:00Z", "2024-07-03T00:00:00Z");
  EXPECT_NE(r.out.find("2024-07-02T12:00:00Z,0.000,actual"), std::string::npos) << r.out;
  r = Vee({"exceptions", "--meter", "Z", "--rule", "zero_consumption"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(",zero_consumption,"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(",open,"), std::string::npos) << r.out;
  r = Vee({"exceptions", "--meter", "A"});
  for (const char* rule : {",negative_delivered,", ",missing_interval,"}) {
    EXPECT_NE(r.out.find(rule), std::string::npos) << rule << "\n" << r.out;
  }
  // 90 kWh against ~0.23 either side: proved wrong as a spike or a unit/multiplier error.
  EXPECT_TRUE(r.out.find(",spike,") != std::string::npos ||
              r.out.find(",unit_multiplier,") != std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find(",open,"), std::string::npos) << r.out;  // all estimated
  // History names the method.
  r = Gridline(
      {"query", "history", "--data", data_, "--meter", "A", "--timestamp", "2024-07-02T06:00:00Z"});
  EXPECT_NE(r.out.find("estimated"), std::string::npos) << r.out;
  // A second run changes nothing.
  r = Vee({"run", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("; 0 values changed; "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" 0 created or updated, 0 superseded"), std::string::npos) << r.out;
}

TEST_F(CliVeeRun, DryRunReportsARulesChangeBeforeItIsCommitted) {
  ImportDays();
  ASSERT_EQ(Vee({"run", "--quiet"}).exit_code, 0);
  // The rules that prove a high value wrong switched off: the 90 kWh read would be actual again.
  const std::string rules = dir_.Sub("rules.toml");
  gridline::testing::WriteFile(rules,
                               "[defaults.spike]\nenabled = false\n"
                               "[defaults.unit_multiplier]\nenabled = false\n"
                               "[defaults.high_usage]\nenabled = false\n");
  RunResult before = Vee({"exceptions", "--meter", "A"});
  const bool unit = before.out.find(",unit_multiplier,") != std::string::npos;
  const std::string rule = unit ? "unit_multiplier" : "spike";
  RunResult r = Vee({"run", "--quiet", "--dry-run", "--rules", rules, "--report", "-"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("A,kwh_delivered," + rule + ",1,0,0,,,,"), std::string::npos) << r.out;
  // One slot of A changes, by 90 kWh less its estimate.
  const size_t all = r.out.find("A,kwh_delivered,*,");
  ASSERT_NE(all, std::string::npos) << r.out;
  const std::string row = r.out.substr(all, r.out.find('\n', all) - all);
  EXPECT_NE(row.find(",1,"), std::string::npos) << row;
  EXPECT_NE(row.find(",89.7"), std::string::npos) << row;
  // Nothing was committed.
  r = Readings("A", "2024-07-02T06:00:00Z", "2024-07-02T06:15:00Z");
  EXPECT_NE(r.out.find(",estimated"), std::string::npos) << r.out;
  // Committed, the value shows through again and the spike's exception goes.
  r = Vee({"run", "--quiet", "--rules", rules});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 superseded"), std::string::npos) << r.out;
  r = Readings("A", "2024-07-02T06:00:00Z", "2024-07-02T06:15:00Z");
  EXPECT_NE(r.out.find("2024-07-02T06:00:00Z,90.000,actual"), std::string::npos) << r.out;
  r = Vee({"exceptions", "--meter", "A", "--rule", rule});
  EXPECT_EQ(r.out.find("," + rule + ","), std::string::npos) << r.out;
}

TEST_F(CliVeeRun, RejectsBadInputWithAClearError) {
  ImportDays();
  RunResult r = Vee({"run", "--meters", "NOPE"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("NOPE"), std::string::npos) << r.err;
  r = Vee({"run", "--tz", "Mars/Olympus"});
  EXPECT_NE(r.exit_code, 0);
  const std::string rules = dir_.Sub("bad.toml");
  gridline::testing::WriteFile(rules, "[defaults.spike]\npercent = -5\n");
  r = Vee({"run", "--rules", rules});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("percent"), std::string::npos) << r.err;
}

// Kill -9 at random moments, resume, and compare with an uninterrupted run on a copy.
TEST_F(CliVeeRun, ResumesAfterAKillAndEndsInTheSameState) {
  const std::string reads = dir_.Sub("fleet.csv");
  ASSERT_EQ(Gridline({"sim", "--meters", "1500", "--days", "20", "--start", "2024-07-01", "--out",
                      reads, "--quiet"})
                .exit_code,
            0);
  const std::string reference = dir_.Sub("ref");
  for (const std::string& d : {data_, reference}) {
    RunResult r = Gridline({"import", "csv", "--data", d, reads});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const std::vector<std::string> run = {"vee",     "run",   "--threads",           "1",
                                        "--quiet", "--now", "2025-01-01T00:00:00Z"};
  auto with = [&](const std::string& d) {
    std::vector<std::string> a = run;
    a.insert(a.end(), {"--data", d});
    return a;
  };
  RunResult ref = Gridline(with(reference));
  ASSERT_EQ(ref.exit_code, 0) << ref.err;
  std::mt19937 rng(7);
  int resumed = 0;
  for (int trial = 0; trial < 4; ++trial) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      std::vector<std::string> a = with(data_);
      std::vector<char*> argv = {const_cast<char*>(GL_BINARY)};
      for (std::string& s : a) argv.push_back(s.data());
      argv.push_back(nullptr);
      ::freopen("/dev/null", "w", stdout);
      ::execv(GL_BINARY, argv.data());
      ::_exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + rng() % 400));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    RunResult r = Gridline(with(data_));  // to the end
    ASSERT_EQ(r.exit_code, 0) << r.err;
    if (r.out.find(" series (0 resumed") == std::string::npos) ++resumed;
  }
  EXPECT_GT(resumed, 0) << "no kill landed after a checkpoint";
  for (const char* meter : {"M0000000", "M0000777", "M0001499"}) {
    std::vector<std::string> q = {"query",  "readings",   "--meter", meter,
                                  "--from", "2024-07-01", "--to",    "2024-07-21"};
    std::vector<std::string> a = q, b = q;
    a.insert(a.end(), {"--data", data_});
    b.insert(b.end(), {"--data", reference});
    RunResult ra = Gridline(a), rb = Gridline(b);
    ASSERT_EQ(ra.exit_code, 0) << ra.err;
    EXPECT_EQ(ra.out, rb.out) << meter;
  }
  RunResult ea = Gridline({"vee", "exceptions", "--data", data_, "--limit", "100000"});
  RunResult eb = Gridline({"vee", "exceptions", "--data", reference, "--limit", "100000"});
  // Compare without the last five columns (created_at, created_by, updated_at, updated_by,
  // note: when it happened differs).
  auto strip = [](const std::string& csv) {
    std::string out;
    size_t pos = 0;
    while (pos < csv.size()) {
      size_t nl = csv.find('\n', pos);
      if (nl == std::string::npos) nl = csv.size();
      std::string line = csv.substr(pos, nl - pos);
      size_t cut = line.size();
      for (int k = 0; k < 5 && cut != std::string::npos && cut > 0; ++k) {
        cut = line.rfind(',', cut - 1);
      }
      out += line.substr(0, cut == std::string::npos ? line.size() : cut) + "\n";
      pos = nl + 1;
    }
    return out;
  };
  EXPECT_EQ(strip(ea.out), strip(eb.out));
  EXPECT_GT(eb.out.size(), 1000u);
}

// `serve` runs VEE continuously: a read proved wrong in the trailing window is estimated by a
// pass of the server itself, with no `vee run`, and the raw read stays.
TEST_F(CliVeeRun, ServeRunsVeeContinuouslyOnNewData) {
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const int64_t start = (now / 86400 - 3) * 86400;
  std::string csv = "meter_id,timestamp,kwh\n";
  std::string spike_ts;
  for (int i = 0; i < 2 * 96; ++i) {
    std::string ts;
    AppendIsoUtc(start + int64_t{i} * 900, &ts);
    if (i == 100) spike_ts = ts;
    csv += "S," + ts + (i == 100 ? ",-1.000\n" : fmt::format(",0.{}\n", 200 + (i % 7) * 10));
  }
  const std::string path = dir_.Sub("recent.csv");
  gridline::testing::WriteFile(path, csv);
  ASSERT_EQ(Gridline({"import", "csv", "--data", data_, path}).exit_code, 0);
  StartServer({"--vee-every", "1"});
  const std::string token = Token("analyst");
  std::string from, to;
  AppendIsoUtc(start + 100 * 900, &from);
  AppendIsoUtc(start + 101 * 900, &to);
  std::string body;
  for (int attempt = 0; attempt < 100; ++attempt) {
    httplib::Result r = Get("/api/v1/meters/S/readings?from=" + from + "&to=" + to, token);
    ASSERT_TRUE(r);
    body = r->body;
    if (body.find("\"quality\":\"estimated\"") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_NE(body.find("{\"timestamp\":\"" + spike_ts + "\""), std::string::npos) << body;
  EXPECT_NE(body.find("\"quality\":\"estimated\""), std::string::npos) << body;
  httplib::Result raw =
      Get("/api/v1/meters/S/readings?layer=raw&from=" + from + "&to=" + to, token);
  ASSERT_TRUE(raw);
  EXPECT_NE(raw->body.find("\"kwh\":-1.000,\"quality\":\"actual\""), std::string::npos)
      << raw->body;
}

}  // namespace
}  // namespace gridline
