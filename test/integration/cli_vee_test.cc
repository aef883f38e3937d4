// The validated layer through the built binary (docs/vee.md): `query readings` defaults to the
// validated layer (`--layer raw` as received), `vee edit` with user and reason, `query history`,
// `vee exceptions` with filters and `vee accept`, and `query rollup --layer`.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "test/integration/vee_seed.h"
#include "test/test_util.h"

namespace gridline {
namespace {

using gridline::testing::RunResult;
using gridline::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

class CliVee : public ::testing::Test {
 protected:
  void SetUp() override { testing::SeedVeeStore(data_); }
  RunResult Gridline(std::vector<std::string> args) {
    args.insert(args.begin() + 2, {"--data", data_});
    args.insert(args.begin(), GL_BINARY);
    return gridline::testing::Run(args);
  }
  std::string Ok(std::vector<std::string> args) {
    RunResult r = Gridline(std::move(args));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
  TempDir dir_;
  std::string data_ = dir_.Sub("store");
};

TEST_F(CliVee, EditHistoryAndLayers) {
  const std::vector<std::string> readings = {"query",   "readings",
                                             "--meter", "M1",
                                             "--from",  "2026-07-01T00:00:00Z",
                                             "--to",    "2026-07-01T01:15:00Z"};
  EXPECT_EQ(Ok(readings),
            "timestamp,kwh,quality\n"
            "2026-07-01T00:00:00Z,0.100,actual\n"
            "2026-07-01T00:15:00Z,0.100,estimated\n"
            "2026-07-01T00:30:00Z,0.100,actual\n"
            "2026-07-01T00:45:00Z,0.100,actual\n"
            "2026-07-01T01:00:00Z,0.100,estimated\n");
  std::vector<std::string> raw = readings;
  raw.insert(raw.end(), {"--layer", "raw"});
  EXPECT_THAT(Ok(raw), HasSubstr("2026-07-01T01:00:00Z,9.000,actual\n"));
  EXPECT_THAT(Ok(raw), Not(HasSubstr("00:15:00Z")));

  // A range edit: 00:30 and 00:45.
  const std::string out = Ok({"vee", "edit", "--meter", "M1", "--timestamp", "2026-07-01T00:30:00Z",
                              "--to", "2026-07-01T01:00:00Z", "--kwh", "0.250", "--user", "ops1",
                              "--reason", "meter exchange, read 4711"});
  EXPECT_THAT(out, HasSubstr("edited 2 intervals of M1 (2 changed"));
  EXPECT_THAT(Ok(readings), HasSubstr("2026-07-01T00:30:00Z,0.250,edited\n"
                                      "2026-07-01T00:45:00Z,0.250,edited\n"));
  const std::string history =
      Ok({"query", "history", "--meter", "M1", "--timestamp", "2026-07-01T00:45:00Z"});
  EXPECT_THAT(history, HasSubstr("at,layer,event,kwh,quality,origin,user,reason\n"));
  EXPECT_THAT(history, HasSubstr(",raw,received,0.100,actual,"));
  EXPECT_THAT(history, HasSubstr(",validated,edited,0.250,edited,,ops1,"
                                 "\"meter exchange, read 4711\"\n"));

  RunResult bad = Gridline({"vee", "edit", "--meter", "M1", "--timestamp", "2026-07-01T00:30:00Z",
                            "--kwh", "abc", "--user", "u", "--reason", "r"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("kwh: 'abc'"));
  bad = Gridline(
      {"vee", "edit", "--meter", "M1", "--timestamp", "2026-07-01T00:30:00Z", "--kwh", "1"});
  EXPECT_EQ(bad.exit_code, 2);  // --user and --reason are required
}

TEST_F(CliVee, ExceptionsFilterAndAccept) {
  std::string all = Ok({"vee", "exceptions"});
  EXPECT_THAT(all, HasSubstr("id,meter,channel,rule,severity,status,from,to,detail,"));
  EXPECT_THAT(all, HasSubstr(",M1,kwh_delivered,spike,error,estimated,2026-07-01T01:00:00Z,"
                             "2026-07-01T01:15:00Z,9.000 kWh is 90x its neighbours,"));
  EXPECT_THAT(all, HasSubstr(",M2,kwh_delivered,missing_interval,warning,open,"));
  const std::string m2 = Ok({"vee", "exceptions", "--meter", "M2", "--format", "json"});
  EXPECT_THAT(m2, HasSubstr("\"rule\":\"missing_interval\""));
  EXPECT_THAT(m2, Not(HasSubstr("spike")));
  const std::string spikes = Ok({"vee", "exceptions", "--rule", "spike"});
  const size_t line = spikes.find('\n') + 1;
  const std::string id = spikes.substr(line, spikes.find(',', line) - line);
  ASSERT_FALSE(id.empty());
  EXPECT_THAT(Ok({"vee", "accept", "--id", id, "--user", "ops1", "--reason", "known event"}),
              HasSubstr("accepted"));
  const std::string accepted = Ok({"vee", "exceptions", "--status", "accepted"});
  EXPECT_THAT(accepted, HasSubstr(",spike,error,accepted,"));
  EXPECT_THAT(accepted, Not(HasSubstr("missing_interval")));
  EXPECT_EQ(Gridline({"vee", "exceptions", "--rule", "nope"}).exit_code, 2);
  EXPECT_EQ(Gridline({"vee", "accept", "--id", "00", "--user", "u", "--reason", "r"}).exit_code, 1);
}

TEST_F(CliVee, RollupLayers) {
  const std::vector<std::string> q = {"query",  "rollup",     "--asset",  "_system",
                                      "--from", "2026-07-01", "--to",     "2026-07-02",
                                      "--step", "1d",         "--metric", "delivered"};
  EXPECT_THAT(Ok(q), HasSubstr("2026-07-01T00:00:00Z,28.000,"));
  std::vector<std::string> raw = q;
  raw.insert(raw.end(), {"--layer", "raw"});
  EXPECT_THAT(Ok(raw), HasSubstr("2026-07-01T00:00:00Z,36.800,"));
}

}  // namespace
}  // namespace gridline
