// `gridline bill run` / `bill trueup` and the /api/v1/billing routes on imported data: the real
// PG&E "Download My Data" CSV of test/data/greenbutton (an E-TOU-ish household, hourly kWh) billed
// under data/tariffs/pge-e-tou-c.toml, its kWh compared with sums taken here from the file's own
// local DATE and START TIME columns (not through gridline's parsers or time zones); a true-up
// after late reads fill a gap; and the same through the real HTTP server, roles included.
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "test/integration/server_fixture.h"
#include "test/test_util.h"

namespace gridline {
namespace {

using gridline::testing::ReadFile;
using gridline::testing::RunResult;

const std::string kPgeCsv =
    std::string(GL_SOURCE_DIR) + "/test/data/greenbutton/pge_real_2018-10-04_to_2018-11-10.csv";

// Wh of the CSV's rows whose local DATE is in [from, to), all hours and 16:00-20:59 only.
struct FileSums {
  int64_t total_wh = 0, peak_wh = 0, rows = 0;
};
FileSums SumCsv(const std::string& from, const std::string& to) {
  FileSums s;
  std::istringstream in(ReadFile(kPgeCsv));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Electric usage,", 0) != 0) continue;
    std::vector<std::string> f;
    std::stringstream cells(line);
    for (std::string c; std::getline(cells, c, ',');) f.push_back(c);
    const std::string& date = f[1];
    if (date < from || date >= to) continue;
    const int hour = std::stoi(f[2].substr(0, 2));
    const std::string& kwh = f[4];  // "0.24": two decimals in this file
    const size_t dot = kwh.find('.');
    const int64_t wh = std::stoll(kwh.substr(0, dot)) * 1000 + std::stoll(kwh.substr(dot + 1)) * 10;
    s.total_wh += wh;
    if (hour >= 16 && hour < 21) s.peak_wh += wh;
    ++s.rows;
  }
  return s;
}

std::map<std::string, std::string> Rows(const std::string& csv, int column = 1) {
  std::map<std::string, std::string> out;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream cells(line);
    for (std::string c; std::getline(cells, c, ',');) f.push_back(c);
    if (f.size() > static_cast<size_t>(column)) out[f[0]] = f[static_cast<size_t>(column)];
  }
  return out;
}

std::string Kwh(int64_t wh) {
  return std::to_string(wh / 1000) + "." + std::string(3 - std::to_string(wh % 1000).size(), '0') +
         std::to_string(wh % 1000);
}

class CliBilling : public testing::ServerTest {
 protected:
  RunResult Bill(std::vector<std::string> args) {
    args.insert(args.begin(), {"bill"});
    args.insert(args.end(), {"--data", data_});
    return Gridline(args);
  }
  void ImportPge() {
    RunResult r = Gridline({"import", "greenbutton", "--data", data_, "--meter", "HOME", "--tz",
                            "America/Los_Angeles", kPgeCsv});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
};

// The fall-back day 2018-11-04 is inside the period: its two 01:00 hours are both off-peak.
TEST_F(CliBilling, RealPgeHouseholdKwhMatchTheFile) {
  ImportPge();
  const FileSums file = SumCsv("2018-10-05", "2018-11-05");
  ASSERT_EQ(file.rows, 31 * 24 + 1);
  RunResult r = Bill({"run", "--meter", "HOME", "--from", "2018-10-05", "--to", "2018-11-05",
                      "--tariff", "pge-e-tou-c"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(r.out.rfind("determinant,value\n", 0), 0u) << r.out;
  auto rows = Rows(r.out);
  EXPECT_EQ(rows["kwh_total"], Kwh(file.total_wh));
  EXPECT_EQ(rows["kwh_peak"], Kwh(file.peak_wh));
  EXPECT_EQ(rows["kwh_off_peak"], Kwh(file.total_wh - file.peak_wh));
  EXPECT_EQ(rows["intervals"], std::to_string(31 * 24 + 1));
  EXPECT_EQ(rows["intervals_missing"], "0");
  EXPECT_EQ(rows["estimated_intervals"], "0");
  EXPECT_EQ(rows["days"], "31");
  EXPECT_EQ(rows["days_winter"], "31");
  for (const char* name : {"kw_max", "amount"}) EXPECT_TRUE(rows.contains(name)) << name;
  // A second run of a billed period is refused (the bill is kept, never overwritten).
  r = Bill({"run", "--meter", "HOME", "--from", "2018-10-05", "--to", "2018-11-05", "--tariff",
            "pge-e-tou-c"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("already billed"), std::string::npos) << r.err;
  // Nothing changed since: the true-up's differences are all zero.
  r = Bill({"trueup", "--meter", "HOME", "--from", "2018-10-05", "--to", "2018-11-05"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(r.out.rfind("determinant,billed,actual,difference\n", 0), 0u) << r.out;
  for (const auto& [name, diff] : Rows(r.out, 3)) {
    EXPECT_TRUE(diff == "0" || diff == "0.000" || diff == "0.00") << name << " " << diff;
  }
  // A commercial tariff does not serve a residential meter.
  r = Bill({"run", "--meter", "HOME", "--from", "2018-10-06", "--to", "2018-10-07", "--tariff",
            "pge-b-19"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("serves commercial"), std::string::npos) << r.err;
}

// Hourly reads of 2024-07-01 (LA) with 17:00-18:59 missing; billed; the late reads arrive; the
// true-up shows exactly what they add: 2 x 2.000 kWh, all on-peak, and two fewer missing.
TEST_F(CliBilling, TrueupAfterLateReads) {
  std::string first = "meter_id,timestamp,kwh\n", late = "meter_id,timestamp,kwh\n";
  for (int h = 0; h < 24; ++h) {
    char ts[64];
    std::snprintf(ts, sizeof ts, "2024-07-01T%02d:00:00-07:00", h);
    ((h == 17 || h == 18) ? late : first) += std::string("T1,") + ts + ",2.000\n";
  }
  const std::string a = dir_.Sub("a.csv"), b = dir_.Sub("b.csv");
  gridline::testing::WriteFile(a, first);
  gridline::testing::WriteFile(b, late);
  ASSERT_EQ(Gridline({"import", "csv", "--data", data_, "--interval", "1h", a}).exit_code, 0);
  RunResult r = Bill({"run", "--meter", "T1", "--from", "2024-07-01", "--to", "2024-07-02",
                      "--tariff", "pge-e-tou-c", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"name\":\"kwh_total\",\"value\":44.000"), std::string::npos) << r.out;
  ASSERT_EQ(Gridline({"import", "csv", "--data", data_, b}).exit_code, 0);
  r = Bill({"trueup", "--meter", "T1", "--from", "2024-07-01", "--to", "2024-07-02"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto billed = Rows(r.out, 1), actual = Rows(r.out, 2), diff = Rows(r.out, 3);
  EXPECT_EQ(billed["kwh_total"], "44.000");
  EXPECT_EQ(actual["kwh_total"], "48.000");
  EXPECT_EQ(diff["kwh_total"], "4.000");
  EXPECT_EQ(diff["kwh_peak"], "4.000");
  EXPECT_EQ(diff["kwh_off_peak"], "0.000");
  EXPECT_EQ(diff["intervals_missing"], "-2");
  // 4 kWh at the summer peak price 0.61, all above the 9.8 kWh baseline: +$2.44.
  EXPECT_EQ(diff["amount"], "2.44");
  // The true-up is kept: a second one is numbered after it, and the bill is unchanged.
  r = Bill({"trueup", "--meter", "T1", "--from", "2024-07-01", "--to", "2024-07-02", "--format",
            "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"sequence\":2"), std::string::npos) << r.out;
  r = Bill({"trueup", "--meter", "T1", "--from", "2024-07-02", "--to", "2024-07-03"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no stored bill"), std::string::npos) << r.err;
}

// Bills read the validated layer: a manual edit of one read (2.000 -> 5.000 kWh at 18:00 local,
// on-peak) shows in the true-up as +3.000 kWh on-peak and one more edited interval, while the
// raw read stays as received.
TEST_F(CliBilling, BillsReadTheValidatedLayer) {
  std::string csv = "meter_id,timestamp,kwh\n";
  for (int h = 0; h < 24; ++h) {
    char ts[64];
    std::snprintf(ts, sizeof ts, "2024-07-01T%02d:00:00-07:00", h);
    csv += std::string("T2,") + ts + ",2.000\n";
  }
  const std::string a = dir_.Sub("v.csv");
  gridline::testing::WriteFile(a, csv);
  ASSERT_EQ(Gridline({"import", "csv", "--data", data_, "--interval", "1h", a}).exit_code, 0);
  RunResult r = Bill({"run", "--meter", "T2", "--from", "2024-07-01", "--to", "2024-07-02",
                      "--tariff", "pge-e-tou-c"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Rows(r.out)["kwh_total"], "48.000");
  r = Gridline({"vee", "edit", "--data", data_, "--meter", "T2", "--timestamp",
                "2024-07-02T01:00:00Z", "--kwh", "5.000", "--user", "ops1", "--reason",
                "field read"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Bill({"trueup", "--meter", "T2", "--from", "2024-07-01", "--to", "2024-07-02"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto actual = Rows(r.out, 2), diff = Rows(r.out, 3);
  EXPECT_EQ(actual["kwh_total"], "51.000") << r.out;
  EXPECT_EQ(diff["kwh_peak"], "3.000") << r.out;
  EXPECT_EQ(diff["kwh_off_peak"], "0.000") << r.out;
  r = Gridline({"query", "readings", "--data", data_, "--meter", "T2", "--layer", "raw", "--from",
                "2024-07-02T01:00:00Z", "--to", "2024-07-02T02:00:00Z"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("2024-07-02T01:00:00Z,2.000,actual"), std::string::npos) << r.out;
}

// A bill pins the tariff text it was priced with: editing the file afterwards changes nothing the
// true-up compares against (DOMAIN practice: "a bill pins its versions").
TEST_F(CliBilling, TrueupUsesTheTariffTheBillWasPricedWith) {
  ImportPge();
  const std::string tariff = dir_.Sub("mine.toml");
  std::string text = ReadFile(std::string(GL_SOURCE_DIR) + "/data/tariffs/pge-e-tou-c.toml");
  gridline::testing::WriteFile(tariff, text);
  RunResult r = Bill(
      {"run", "--meter", "HOME", "--from", "2018-10-05", "--to", "2018-10-06", "--tariff", tariff});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string amount = Rows(r.out)["amount"];
  text.replace(text.find("peak = \"0.49\""), 14, "peak = \"9.49\"");
  gridline::testing::WriteFile(tariff, text);
  r = Bill({"trueup", "--meter", "HOME", "--from", "2018-10-05", "--to", "2018-10-06"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Rows(r.out, 2)["amount"], amount);
  EXPECT_EQ(Rows(r.out, 3)["amount"], "0.00");
}

// Suites named Http* start the real server (ctest runs them apart).
class HttpBilling : public CliBilling {};

TEST_F(HttpBilling, RunTrueupAndListWithRoles) {
  ImportPge();
  StartServer();
  const std::string q = "meter=HOME&from=2018-10-05&to=2018-11-05";
  httplib::Result pub =
      Post("/api/v1/billing/run?" + q + "&tariff=pge-e-tou-c", "", "text/plain", Token("public"));
  ASSERT_TRUE(pub);
  EXPECT_EQ(pub->status, 403) << pub->body;
  // Analysts read bills but write nothing: running one keeps a record.
  httplib::Result analyst =
      Post("/api/v1/billing/run?" + q + "&tariff=pge-e-tou-c", "", "text/plain", Token("analyst"));
  ASSERT_TRUE(analyst);
  EXPECT_EQ(analyst->status, 403) << analyst->body;
  httplib::Result path =
      Post("/api/v1/billing/run?" + q + "&tariff=../x", "", "text/plain", Token("admin"));
  ASSERT_TRUE(path);
  EXPECT_EQ(path->status, 400) << path->body;
  httplib::Result run = Post("/api/v1/billing/run?" + q + "&tariff=pge-e-tou-c&format=csv", "",
                             "text/plain", Token("admin"));
  ASSERT_TRUE(run);
  ASSERT_EQ(run->status, 200) << run->body;
  const FileSums file = SumCsv("2018-10-05", "2018-11-05");
  EXPECT_EQ(Rows(run->body)["kwh_total"], Kwh(file.total_wh));
  httplib::Result again =
      Post("/api/v1/billing/run?" + q + "&tariff=pge-e-tou-c", "", "text/plain", Token("admin"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409) << again->body;
  EXPECT_NE(again->body.find("\"error\":\"failed_precondition\""), std::string::npos);
  httplib::Result list = Get("/api/v1/billing/bills?meter=HOME", Token("analyst"));
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  EXPECT_NE(list->body.find("\"tariff\":\"pge-e-tou-c\""), std::string::npos) << list->body;
  EXPECT_EQ(list->body.find("tariff_text"), std::string::npos);
  httplib::Result hidden = Get("/api/v1/billing/bills?meter=HOME", Token("public"));
  ASSERT_TRUE(hidden);
  EXPECT_EQ(hidden->status, 403);
  httplib::Result t =
      Post("/api/v1/billing/trueup?" + q + "&format=csv", "", "text/plain", Token("admin"));
  ASSERT_TRUE(t);
  ASSERT_EQ(t->status, 200) << t->body;
  EXPECT_EQ(Rows(t->body, 3)["kwh_total"], "0.000");
  httplib::Result none = Post("/api/v1/billing/trueup?meter=NOPE&from=2018-10-05&to=2018-11-05", "",
                              "text/plain", Token("admin"));
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 404) << none->body;
}

}  // namespace
}  // namespace gridline
