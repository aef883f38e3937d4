// Each real file of test/data imports with the one command docs/import.md "Real-world files"
// gives, and its stored total and reading count equal an independent sum of the source text:
// the values are summed here as exact decimals (their digits, not gridline's parser), converted
// by the unit arithmetic written out in each test, and compared with what `gridline query
// readings` prints back.
#include <fstream>
#include <map>
#include <sstream>

#include "gtest/gtest.h"
#include "test/test_util.h"

namespace gridline {
namespace {

using gridline::testing::RunResult;
using gridline::testing::TempDir;

std::string Data(const std::string& rel) {
  std::string p = GL_SOURCE_DIR;
  p.append("/test/data/").append(rel);
  return p;
}

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::vector<std::string> lines;
  std::string l;
  while (std::getline(in, l)) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
    if (!l.empty()) lines.push_back(l);
  }
  return lines;
}

// Comma-separated fields with their double quotes and surrounding spaces removed (the files
// here quote no commas).
std::vector<std::string> Fields(const std::string& line) {
  std::vector<std::string> f;
  std::stringstream ss(line);
  std::string x;
  while (std::getline(ss, x, ',')) {
    std::string y;
    for (char c : x) {
      if (c != '"') y += c;
    }
    const size_t a = y.find_first_not_of(' ');
    const size_t b = y.find_last_not_of(' ');
    f.push_back(a == std::string::npos ? std::string() : y.substr(a, b - a + 1));
  }
  if (!line.empty() && line.back() == ',') f.emplace_back();
  return f;
}

// An exact rational: `num / 10^den_pow10`.
struct Decimal {
  __int128 num = 0;
  int decimals = 0;
};

// `[-]digits[.digits]` exactly; fails the test on anything else.
Decimal ParseExact(const std::string& t) {
  Decimal d;
  bool neg = false, point = false, any = false;
  for (size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (i == 0 && c == '-') {
      neg = true;
    } else if (c == '.' && !point) {
      point = true;
    } else if (c >= '0' && c <= '9') {
      d.num = d.num * 10 + (c - '0');
      d.decimals += point;
      any = true;
    } else {
      ADD_FAILURE() << "not a plain decimal: " << t;
      return {};
    }
  }
  EXPECT_TRUE(any) << t;
  if (neg) d.num = -d.num;
  return d;
}

__int128 Pow10(int n) {
  __int128 p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// d x mul / div, rounded half to even (what --round does); *inexact counts the values that were
// not whole.
__int128 Scaled(const Decimal& d, __int128 mul, __int128 div, uint64_t* inexact = nullptr) {
  const __int128 num = d.num * mul;
  const __int128 den = div * Pow10(d.decimals);
  __int128 q = num / den;
  const __int128 r = num % den;
  if (r != 0) {
    if (inexact != nullptr) ++*inexact;
    const __int128 twice = (r < 0 ? -r : r) * 2;
    if (twice > den || (twice == den && q % 2 != 0)) q += r < 0 ? -1 : 1;
  }
  return q;
}

struct Total {
  __int128 sum = 0;  // in the channel's stored integer (Wh, mW, W)
  uint64_t count = 0;
};

// 6496 as the summary prints it: "6,496".
std::string Thousands(uint64_t v) {
  std::string s = std::to_string(v);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

std::string Str(__int128 v) {
  if (v == 0) return "0";
  std::string s;
  const bool neg = v < 0;
  if (neg) v = -v;
  while (v > 0) {
    s.insert(s.begin(), static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  }
  return neg ? "-" + s : s;
}

class RealFiles : public ::testing::Test {
 protected:
  RunResult Gridline(std::vector<std::string> args) {
    args.insert(args.begin(), GL_BINARY);
    return gridline::testing::Run(args, "");
  }
  RunResult Import(std::vector<std::string> args) {
    args.insert(args.begin(), {"import", "csv", "--data", data_});
    return Gridline(args);
  }
  // The stored readings of one series over all time, summed from `query readings` (the value
  // printed with `scale` decimals, read back exactly).
  Total Stored(const std::string& meter, const std::string& channel, int scale) {
    RunResult r =
        Gridline({"query", "readings", "--data", data_, "--meter", meter, "--channel", channel,
                  "--from", "1970-01-01T00:00:00Z", "--to", "2100-01-01T00:00:00Z"});
    EXPECT_EQ(r.exit_code, 0) << meter << ": " << r.err;
    Total t;
    std::stringstream ss(r.out);
    std::string line;
    std::getline(ss, line);  // header
    while (std::getline(ss, line)) {
      const std::vector<std::string> f = Fields(line);
      if (f.size() < 2 || f[1].empty()) continue;
      const Decimal d = ParseExact(f[1]);
      EXPECT_EQ(d.decimals, scale) << line;
      t.sum += d.num;
      ++t.count;
    }
    return t;
  }
  TempDir dir_;
  std::string data_ = dir_.Sub("store");
};

// Low Carbon London: the header is learned; 80 values carry float noise (`1.0779999`), so
// --round (half to even, to Wh) and the summary says how many it changed.
TEST_F(RealFiles, LclHalfHourlyKwhWithTheLearnedHeader) {
  const std::string file = Data("lcl/MAC000002.csv");
  RunResult r = Import({"--round", file});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  Total want;
  uint64_t inexact = 0;
  const std::vector<std::string> lines = Lines(file);
  for (size_t i = 1; i < lines.size(); ++i) {
    want.sum += Scaled(ParseExact(Fields(lines[i])[2]), 1000, 1, &inexact);
    ++want.count;
  }
  EXPECT_NE(r.out.find("--round changed " + Thousands(inexact) + " values"), std::string::npos)
      << r.out;
  const Total got = Stored("MAC000002", "kwh_delivered", 3);
  EXPECT_EQ(got.count, want.count);
  EXPECT_EQ(Str(got.sum), Str(want.sum));
  EXPECT_EQ(want.count, 17520u);
}

// Ausgrid: `,GC,GG`, average kW per half hour, Sydney standard time, pandas float noise.
TEST_F(RealFiles, AusgridAverageKwIntoKwhExactlyOrRoundedHalfToEven) {
  const std::string file = Data("ausgrid-solar-home/customer12_2011-07_2012-06.csv");
  RunResult r =
      Import({"--meter", "customer12", "--columns", "timestamp=#1,kwh_delivered=GC,kwh_received=GG",
              "--unit", "kw", "--tz", "Etc/GMT-10", "--round", file});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  Total gc, gg;
  uint64_t inexact = 0;
  const std::vector<std::string> lines = Lines(file);
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> f = Fields(lines[i]);
    // kW x 0.5 h = kWh; x 1000 = Wh: kW x 500.
    gc.sum += Scaled(ParseExact(f[1]), 500, 1, &inexact);
    gg.sum += Scaled(ParseExact(f[2]), 500, 1, &inexact);
    ++gc.count;
    ++gg.count;
  }
  EXPECT_NE(r.out.find("--round changed " + Thousands(inexact) + " values"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("new series customer12 kwh_delivered: interval 30m"), std::string::npos)
      << r.out;
  const Total got_gc = Stored("customer12", "kwh_delivered", 3);
  const Total got_gg = Stored("customer12", "kwh_received", 3);
  EXPECT_EQ(got_gc.count, 17568u);
  EXPECT_EQ(got_gg.count, gg.count);
  EXPECT_EQ(Str(got_gc.sum), Str(gc.sum));
  EXPECT_EQ(Str(got_gg.sum), Str(gg.sum));
  // Without --round the float noise is a row error that says to use it.
  TempDir other;
  r = Gridline({"import", "csv", "--data", other.Sub("s"), "--meter", "c", "--columns",
                "timestamp=#1,kwh_delivered=GC,kwh_received=GG", "--unit", "kw", "--tz",
                "Etc/GMT-10", file});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("kW over a 30m interval is not a whole number of 0.001 kWh (the "
                       "resolution of kwh_delivered); use --round"),
            std::string::npos)
      << r.err;
}

// Emporia Vue: one meter per circuit, `No CT` cells missing, kW kept as average power (the
// watts channel in mW, exact at 1 s), the zone from the header.
class Emporia : public RealFiles {
 protected:
  void Check(const std::string& rel, std::vector<std::string> flags, const std::string& interval,
             size_t rows) {
    const std::string file = Data("emporia-vue-circuits/" + rel);
    flags.push_back(file);
    RunResult r = Import(flags);
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("read in America/New_York, the zone the header names"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("new series Barn-Mains_A watts: interval " + interval + "\n"),
              std::string::npos)
        << r.out;
    const std::vector<std::string> lines = Lines(file);
    EXPECT_EQ(lines.size(), rows + 1);
    const std::vector<std::string> header = Fields(lines[0]);
    for (size_t c = 1; c < header.size(); ++c) {
      Total want;
      for (size_t i = 1; i < lines.size(); ++i) {
        const std::string cell = Fields(lines[i])[c];
        if (cell == "No CT") continue;
        // kW (or kWh over one hour) to mW: x 10^6.
        want.sum += Scaled(ParseExact(cell), 1'000'000, 1);
        ++want.count;
      }
      std::string meter = header[c].substr(0, header[c].rfind('('));
      while (!meter.empty() && meter.back() == ' ') meter.pop_back();
      std::string collapsed;
      for (char ch : meter) {
        if (ch == ' ' && !collapsed.empty() && collapsed.back() == ' ') continue;
        collapsed += ch;
      }
      if (header[c].find("Mains_C") != std::string::npos) {
        EXPECT_EQ(want.count, 0u);  // `No CT` in every row: no series
        continue;
      }
      const Total got = Stored(collapsed, "watts", 3);
      EXPECT_EQ(got.count, want.count) << collapsed;
      EXPECT_EQ(Str(got.sum), Str(want.sum)) << collapsed;
    }
  }
};

TEST_F(Emporia, OneSecondCircuits) { Check("8C9E94-Barn-1SEC.csv", {}, "1s", 10797); }
TEST_F(Emporia, OneMinuteCircuitsAcrossSpringForward) {
  Check("8C9E94-Barn-1MIN-2026-03-07_08.csv", {}, "1m", 2820);
}
TEST_F(Emporia, FifteenMinuteCircuits) { Check("8C9E94-Barn-15MIN.csv", {}, "15m", 3710); }
// The hourly export is kWh with 4 decimals (0.1 Wh): kept exactly as average power.
TEST_F(Emporia, HourlyKwhKeptExactlyAsAveragePower) {
  Check("8C9E94-Barn-1H.csv", {"--channel", "watts"}, "1h", 928);
}

// PJM AEP: `Datetime,AEP_MW`, M/D/YYYY H:MM hour-ending Eastern time, the zone's average MW
// over each hour, kept as demand (kw_demand): 26 GW is no meter's energy (common/channel.cc), and
// the hour's MWh is the same number.
TEST_F(RealFiles, PjmHourEndingMwAsDemandOnBothDstDays) {
  const std::string file = Data("pjm-aep-hourly/AEP_hourly_2014.csv");
  RunResult r = Import({"--meter", "AEP", "--columns", "timestamp=Datetime,kw_demand=AEP_MW", "--unit",
                        "mw", "--time-format", "%m/%d/%Y %H:%M", "--tz", "America/New_York",
                        "--label", "end", file});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  Total want;
  const std::vector<std::string> lines = Lines(file);
  for (size_t i = 1; i < lines.size(); ++i) {
    // MW x 10^6 = W, kw_demand's stored unit (and over one hour, MWh x 10^6 = Wh).
    want.sum += Scaled(ParseExact(Fields(lines[i])[1]), 1'000'000, 1);
    ++want.count;
  }
  const Total got = Stored("AEP", "kw_demand", 3);
  EXPECT_EQ(got.count, want.count);
  EXPECT_EQ(Str(got.sum), Str(want.sum));
  // The two `11/2/2014 2:00` rows are 01:00 EDT and 01:00 EST.
  r = Gridline({"query", "readings", "--data", data_, "--meter", "AEP", "--channel", "kw_demand",
                "--from", "2014-11-02T05:00:00Z", "--to", "2014-11-02T07:00:00Z"});
  EXPECT_EQ(r.out,
            "timestamp,value,quality\n2014-11-02T05:00:00Z,12994000.000,actual\n"
            "2014-11-02T06:00:00Z,13190000.000,actual\n");
}

// NYISO: quoted fields, `Time Zone` EST/EDT per row, 11 zones, MW kept as average kW
// (kw_demand: 1/12 of a MW-hour is rarely a whole Wh). Two stamps off the 5-minute grid
// (00:07:34, 00:09:40) are row errors for each zone.
TEST_F(RealFiles, NyisoFiveMinuteZonalLoadWithItsZoneColumn) {
  const std::string file = Data("nyiso-zonal/20171122pal.csv");
  RunResult r = Import({"--columns",
                        "timestamp=Time Stamp,zone=Time Zone,meter=Name,"
                        "kw_demand=Load",
                        "--unit", "mw", "--time-format", "%m/%d/%Y %H:%M:%S", file});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("2017-11-22T05:07:34Z is not on the 5m grid"), std::string::npos) << r.err;
  std::map<std::string, Total> want;
  uint64_t off_grid = 0;
  const std::vector<std::string> lines = Lines(file);
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> f = Fields(lines[i]);
    ASSERT_EQ(f[1], "EST");
    const std::string clock = f[0].substr(f[0].find(' ') + 1);  // HH:MM:SS
    if (clock.substr(6) != "00" || std::stoi(clock.substr(3, 2)) % 5 != 0) {
      ++off_grid;
      continue;
    }
    want[f[2]].sum += Scaled(ParseExact(f[4]), 1'000'000, 1);  // MW -> W (kW at scale 3)
    ++want[f[2]].count;
  }
  EXPECT_EQ(off_grid, 22u);
  EXPECT_NE(r.out.find("22 rejected"), std::string::npos) << r.out;
  ASSERT_EQ(want.size(), 11u);
  for (const auto& [zone, w] : want) {
    const Total got = Stored(zone, "kw_demand", 3);
    EXPECT_EQ(got.count, w.count) << zone;
    EXPECT_EQ(got.count, 288u) << zone;
    EXPECT_EQ(Str(got.sum), Str(w.sum)) << zone;
  }
}

}  // namespace
}  // namespace gridline
