// `gridline import greenbutton` and `POST /api/v1/ingest/greenbutton` on the real Green Button
// files in test/data/greenbutton/ (SOURCE.md): counts and totals against sums computed here from
// the source text (not through gridline's parsers), the PG&E fall-back repair, costs, overlapping
// blocks, and the same import through the real server.
#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "fmt/format.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "test/integration/server_fixture.h"
#include "test/test_util.h"

namespace gridline {
namespace {

using gridline::testing::ReadFile;
using gridline::testing::RunResult;
using gridline::testing::TempDir;

const std::string kData = std::string(GL_SOURCE_DIR) + "/test/data/greenbutton/";
const std::string kPgeXml = kData + "pge_real_2018-10-04_to_2018-11-10.xml";
const std::string kPgeCsv = kData + "pge_real_2018-10-04_to_2018-11-10.csv";

// Independent reading of an ESPI file: every IntervalReading's start, value and cost, by regex.
struct XmlReading {
  int64_t start = 0;
  int64_t value = 0;
  int64_t cost = 0;
};
std::vector<XmlReading> XmlReadings(const std::string& xml) {
  static const std::regex re(
      "<(?:\\w+:)?IntervalReading>\\s*(?:<(?:\\w+:)?cost>(-?\\d+)</(?:\\w+:)?cost>)?[\\s\\S]*?"
      "<(?:\\w+:)?start>(\\d+)</(?:\\w+:)?start>[\\s\\S]*?<(?:\\w+:)?value>(-?\\d+)<");
  std::vector<XmlReading> out;
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), re); it != std::sregex_iterator();
       ++it) {
    XmlReading r;
    r.cost = (*it)[1].matched ? std::stoll((*it)[1]) : 0;
    r.start = std::stoll((*it)[2]);
    r.value = std::stoll((*it)[3]);
    out.push_back(r);
  }
  return out;
}

// "0.24" -> 240 (thousandths), "$0.05" -> 5000 (hundred-thousandths): by hand, for the check.
int64_t Scaled(std::string text, int scale) {
  bool neg = false;
  if (!text.empty() && text[0] == '-') neg = true, text.erase(0, 1);
  if (!text.empty() && text[0] == '$') text.erase(0, 1);
  const size_t dot = text.find('.');
  std::string frac = dot == std::string::npos ? "" : text.substr(dot + 1);
  const std::string whole = text.substr(0, dot);
  frac.resize(scale, '0');
  const int64_t v =
      std::stoll(whole.empty() ? "0" : whole) * static_cast<int64_t>(std::pow(10, scale)) +
      std::stoll(frac.empty() ? "0" : frac);
  return neg ? -v : v;
}

// Sum and count of the values `gridline query readings` printed (csv: timestamp,value,quality).
struct Printed {
  int64_t count = 0;
  int64_t sum = 0;  // at `scale`
  std::map<std::string, std::string> by_time;
};
Printed ParsePrinted(const std::string& out, int scale) {
  Printed p;
  std::istringstream in(out);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const size_t a = line.find(',');
    const size_t b = line.find(',', a + 1);
    const std::string value = line.substr(a + 1, b - a - 1);
    p.by_time[line.substr(0, a)] = value;
    p.sum += Scaled(value, scale);
    ++p.count;
  }
  return p;
}

class CliGreenButton : public ::testing::Test {
 protected:
  RunResult Gridline(std::vector<std::string> args) {
    args.insert(args.begin(), GL_BINARY);
    return gridline::testing::Run(args);
  }
  RunResult Import(std::vector<std::string> args) {
    args.insert(args.begin(), {"import", "greenbutton", "--data", data_});
    return Gridline(args);
  }
  RunResult Readings(const std::string& meter, const std::string& channel) {
    return ReadingsIn(data_, meter, channel);
  }
  RunResult ReadingsIn(const std::string& data, const std::string& meter,
                       const std::string& channel) {
    return Gridline({"query", "readings", "--data", data, "--meter", meter, "--from",
                     "2010-01-01T00:00:00Z", "--to", "2030-01-01T00:00:00Z", "--channel", channel,
                     "--layer", "raw"});
  }
  TempDir dir_;
  std::string data_ = dir_.Sub("store");
};

TEST_F(CliGreenButton, RealPgeXmlTotalsCostsAndFallBackRepair) {
  const std::vector<XmlReading> src = XmlReadings(ReadFile(kPgeXml));
  ASSERT_EQ(src.size(), 913u);
  int64_t wh = 0, cost = 0;
  std::vector<size_t> repeated;  // readings whose start repeats the one before
  for (size_t i = 0; i < src.size(); ++i) {
    wh += src[i].value;
    cost += src[i].cost;
    if (i > 0 && src[i].start == src[i - 1].start) repeated.push_back(i);
  }
  ASSERT_EQ(repeated.size(), 1u);  // the fall-back hour of 2018-11-04

  RunResult r = Import({kPgeXml});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("moved one interval on, the first to 2018-11-04T09:00:00Z"),
            std::string::npos)
      << r.out;
  r = Readings("2443977", "kwh_delivered");  // the UsagePoint id of the self href
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Printed energy = ParsePrinted(r.out, 3);
  EXPECT_EQ(energy.count, 913);
  EXPECT_EQ(energy.sum, wh);
  // Both passes of 01:00 on the fall-back day, in the file's order.
  const XmlReading& first = src[repeated[0] - 1];
  const XmlReading& second = src[repeated[0]];
  EXPECT_EQ(energy.by_time["2018-11-04T08:00:00Z"], fmt::format("{:.3f}", first.value / 1000.0));
  EXPECT_EQ(energy.by_time["2018-11-04T09:00:00Z"], fmt::format("{:.3f}", second.value / 1000.0));
  r = Readings("2443977", "cost");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Printed costs = ParsePrinted(r.out, 5);
  EXPECT_EQ(costs.count, 913);
  EXPECT_EQ(costs.sum, cost);
  // --meter names the one UsagePoint.
  r = Import({"--meter", "HOME", kPgeXml});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ParsePrinted(Readings("HOME", "kwh_delivered").out, 3).sum, wh);
}

TEST_F(CliGreenButton, RealPgeCsvTotalsCostsAndTheTwentyFiveHourDay) {
  int64_t wh = 0, cost = 0, rows = 0;
  std::vector<std::string> fall_back;
  std::istringstream in(ReadFile(kPgeCsv));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Electric usage,", 0) != 0) continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    wh += Scaled(f[4], 3);
    cost += Scaled(f[6], 5);
    ++rows;
    if (f[1] == "2018-11-04" && f[2] == "01:00") fall_back.push_back(f[4]);
  }
  ASSERT_EQ(rows, 913);
  ASSERT_EQ(fall_back.size(), 2u);

  RunResult r = Import({kPgeCsv});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("local time in America/Los_Angeles"), std::string::npos) << r.out;
  r = Readings("0000000000", "kwh_delivered");  // the (redacted) Service id
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Printed energy = ParsePrinted(r.out, 3);
  EXPECT_EQ(energy.count, 913);
  EXPECT_EQ(energy.sum, wh);
  EXPECT_EQ(energy.by_time["2018-11-04T08:00:00Z"], fall_back[0] + "0");  // 01:00 PDT
  EXPECT_EQ(energy.by_time["2018-11-04T09:00:00Z"], fall_back[1] + "0");  // 01:00 PST
  const Printed costs = ParsePrinted(Readings("0000000000", "cost").out, 5);
  EXPECT_EQ(costs.count, 913);
  EXPECT_EQ(costs.sum, cost);
  // --tz moves every reading: New York's midnight is three hours before Los Angeles'.
  r = Import({"--tz", "America/New_York", "--meter", "NY", kPgeCsv});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("local time in America/New_York"), std::string::npos) << r.out;
  const Printed ny = ParsePrinted(Readings("NY", "kwh_delivered").out, 3);
  EXPECT_EQ(ny.by_time.begin()->first, "2018-10-04T04:00:00Z");
  EXPECT_EQ(energy.by_time.begin()->first, "2018-10-04T07:00:00Z");
}

TEST_F(CliGreenButton, OverlappingBlocksAreStoredOnce) {
  // EVIDENCE-OF: docs/import.md (Green Button): the PG&E IntervalBlock sample's blocks overlap:
  // deduplicate.
  const std::vector<XmlReading> src = XmlReadings(ReadFile(kData + "pge_overlapping_blocks.xml"));
  ASSERT_EQ(src.size(), 10u);
  std::map<int64_t, int64_t> distinct;
  for (const XmlReading& x : src) distinct[x.start] = x.value;
  RunResult r = Import({kData + "pge_overlapping_blocks.xml"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find(fmt::format("{} accepted, {} duplicates", distinct.size(),
                                   src.size() - distinct.size())),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("ESPI's default"), std::string::npos) << r.out;
  const Printed p = ParsePrinted(Readings("1", "kwh_delivered").out, 3);
  EXPECT_EQ(p.count, static_cast<int64_t>(distinct.size()));
}

TEST_F(CliGreenButton, GridiumFifteenMinuteSample) {
  const std::vector<XmlReading> src = XmlReadings(ReadFile(kData + "gridium_pge_15min_sample.xml"));
  ASSERT_EQ(src.size(), 95u);
  int64_t wh = 0;
  for (const XmlReading& x : src) wh += x.value;
  RunResult r = Import({"--meter", "GRIDIUM", kData + "gridium_pge_15min_sample.xml"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("interval 15m"), std::string::npos) << r.out;
  const Printed p = ParsePrinted(Readings("GRIDIUM", "kwh_delivered").out, 3);
  EXPECT_EQ(p.count, 95);
  EXPECT_EQ(p.sum, wh);
}

TEST_F(CliGreenButton, HostileXmlIsRefusedWithAClearError) {
  const std::string bomb = dir_.Sub("bomb.xml");
  gridline::testing::WriteFile(
      bomb,
      "<?xml version=\"1.0\"?>\n<!DOCTYPE feed [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
      "\"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\n<feed>&b;</feed>\n");
  RunResult r = Import({bomb});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.err.find("DOCTYPE refused"), std::string::npos) << r.err;
}

// The structure rules an export is checked against (espi.xsd's sequences, as the NIST and PG&E
// feeds follow them; the schema itself is not vendored): every ESPI object is the content of an
// Atom entry with a self link; ReadingType children in schema order; IntervalReading children in
// the order cost, ReadingQuality, timePeriod, value; a MeterReading links its ReadingType.
void ExpectEspiStructure(const std::string& xml) {
  EXPECT_EQ(xml.rfind("<?xml", 0), 0u);
  const std::vector<std::string> rt_order = {
      "accumulationBehaviour", "commodity",      "currency", "dataQualifier",
      "flowDirection",         "intervalLength", "kind",     "phase",
      "powerOfTenMultiplier",  "timeAttribute",  "uom"};
  size_t at = 0;
  int types = 0;
  while ((at = xml.find("<espi:ReadingType>", at)) != std::string::npos) {
    const size_t end = xml.find("</espi:ReadingType>", at);
    size_t last = at;
    for (const std::string& el : rt_order) {
      const size_t p = xml.find("<espi:" + el + ">", at);
      ASSERT_LT(p, end) << el;
      EXPECT_GT(p, last) << el << " out of order";
      last = p;
    }
    ++types;
    at = end;
  }
  EXPECT_GT(types, 0);
  static const std::regex reading(
      "<espi:IntervalReading>(<espi:cost>-?\\d+</espi:cost>)?(<espi:ReadingQuality><espi:quality>"
      "\\d+</espi:quality></espi:ReadingQuality>)*<espi:timePeriod><espi:duration>\\d+"
      "</espi:duration><espi:start>\\d+</espi:start></espi:timePeriod><espi:value>-?\\d+"
      "</espi:value></espi:IntervalReading>");
  size_t readings = 0, matched = 0;
  for (size_t p = xml.find("<espi:IntervalReading>"); p != std::string::npos;
       p = xml.find("<espi:IntervalReading>", p + 1)) {
    ++readings;
    const std::string one = xml.substr(p, xml.find("</espi:IntervalReading>", p) - p +
                                              std::string("</espi:IntervalReading>").size());
    matched += std::regex_match(one, reading);
  }
  EXPECT_GT(readings, 0u);
  EXPECT_EQ(matched, readings);
  // Every object sits in an entry's content, after its self link.
  for (const char* obj : {"<espi:UsagePoint>", "<espi:MeterReading/>", "<espi:ReadingType>",
                          "<espi:IntervalBlock>", "<espi:LocalTimeParameters>"}) {
    for (size_t p = xml.find(obj); p != std::string::npos; p = xml.find(obj, p + 1)) {
      const size_t entry = xml.rfind("<entry>", p);
      ASSERT_NE(entry, std::string::npos) << obj;
      EXPECT_LT(xml.find("<link rel=\"self\"", entry), p) << obj;
      EXPECT_LT(xml.find("<content>", entry), p) << obj;
    }
  }
  // xmllint (libxml2-utils) agrees that it is well formed.
  TempDir dir;
  gridline::testing::WriteFile(dir.Sub("feed.xml"), xml);
  const RunResult lint =
      gridline::testing::Run({"/usr/bin/xmllint", "--noout", dir.Sub("feed.xml")});
  EXPECT_EQ(lint.exit_code, 0) << lint.err;
}

TEST_F(CliGreenButton, ExportRoundTripsToIdenticalReadings) {
  ASSERT_EQ(Import({kPgeXml}).exit_code, 0);
  const std::string feed = dir_.Sub("export.xml");
  RunResult r = Gridline({"export", "greenbutton", "--data", data_, "--meter", "2443977", "--from",
                          "2018-10-01T00:00:00Z", "--to", "2018-12-01T00:00:00Z", "--out", feed});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string xml = ReadFile(feed);
  ExpectEspiStructure(xml);
  // Read back into a fresh store: the same readings, costs and qualities, byte for byte.
  const std::string first_store = data_;
  data_ = dir_.Sub("store2");
  r = Import({feed});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* channel : {"kwh_delivered", "cost"}) {
    const std::string back = Readings("2443977", channel).out;
    const std::string original = ReadingsIn(first_store, "2443977", channel).out;
    EXPECT_EQ(back, original) << channel;
    EXPECT_GT(std::count(back.begin(), back.end(), '\n'), 900) << channel;
  }
  // An unknown meter is an error, not an empty feed.
  r = Gridline({"export", "greenbutton", "--data", data_, "--meter", "NOPE", "--from",
                "2018-10-01T00:00:00Z", "--to", "2018-12-01T00:00:00Z"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("NOPE"), std::string::npos) << r.err;
}

TEST_F(CliGreenButton, ExportKeepsChannelsAndQuality) {
  // A long CSV with received energy, a register and an estimated reading goes out and back.
  const std::string csv = dir_.Sub("m.csv");
  gridline::testing::WriteFile(csv,
                               "meter_id,timestamp,channel,kwh,quality\n"
                               "PV,2026-07-01T00:00:00Z,kwh_delivered,0.5,actual\n"
                               "PV,2026-07-01T00:15:00Z,kwh_delivered,0.25,estimated\n"
                               "PV,2026-07-01T00:00:00Z,kwh_received,1.5,actual\n"
                               "PV,2026-07-01T00:15:00Z,kwh_received,2,edited\n"
                               "PV,2026-07-01T00:00:00Z,kwh_register,1000.5,actual\n"
                               "PV,2026-07-01T00:15:00Z,kwh_register,1000.75,actual\n");
  RunResult r = Gridline({"import", "csv", "--data", data_, csv});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const std::string feed = dir_.Sub("pv.xml");
  r = Gridline({"export", "greenbutton", "--data", data_, "--meter", "PV", "--from",
                "2026-07-01T00:00:00Z", "--to", "2026-07-02T00:00:00Z", "--out", feed});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectEspiStructure(ReadFile(feed));
  std::map<std::string, std::string> before;
  for (const char* ch : {"kwh_delivered", "kwh_received", "kwh_register"}) {
    before[ch] = Readings("PV", ch).out;
  }
  data_ = dir_.Sub("store2");
  r = Import({feed});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const char* ch : {"kwh_delivered", "kwh_received", "kwh_register"}) {
    EXPECT_EQ(Readings("PV", ch).out, before[ch]) << ch;
  }
  EXPECT_NE(before["kwh_delivered"].find("estimated"), std::string::npos);
}

class HttpGreenButton : public testing::ServerTest {};

TEST_F(HttpGreenButton, IngestRouteImportsXmlAndCsv) {
  StartServer();
  const std::string ingest = Token("ingest");
  const std::string analyst = Token("analyst");
  const std::vector<XmlReading> src = XmlReadings(ReadFile(kPgeXml));
  int64_t wh = 0;
  for (const XmlReading& x : src) wh += x.value;
  httplib::Result w =
      Post("/api/v1/ingest/greenbutton", ReadFile(kPgeXml), "application/atom+xml", ingest);
  ASSERT_TRUE(w);
  ASSERT_EQ(w->status, 200) << w->body;
  rapidjson::Document d;
  d.Parse(w->body.c_str());
  EXPECT_EQ(d["readings"].GetUint64(), 2 * src.size());  // energy and cost
  EXPECT_EQ(d["rejected"].GetUint64(), 0u);
  ASSERT_TRUE(d.HasMember("notes")) << w->body;
  EXPECT_NE(std::string(d["notes"][0].GetString()).find("2018-11-04T09:00:00Z"), std::string::npos);
  httplib::Result q =
      Get("/api/v1/meters/2443977/readings?from=2018-10-01T00:00:00Z&to=2018-12-01T00:00:00Z"
          "&format=csv&layer=raw",
          analyst);
  ASSERT_EQ(q->status, 200) << q->body;
  const Printed p = ParsePrinted(q->body, 3);
  EXPECT_EQ(p.count, 913);
  EXPECT_EQ(p.sum, wh);
  // The CSV through the same route, its meter named by ?meter= and its zone by ?tz=.
  w = Post("/api/v1/ingest/greenbutton?meter=CSV1&tz=America/Los_Angeles", ReadFile(kPgeCsv),
           "text/csv", ingest);
  ASSERT_EQ(w->status, 200) << w->body;
  d.Parse(w->body.c_str());
  EXPECT_EQ(d["readings"].GetUint64(), 2 * 913u);
  EXPECT_EQ(d["rejected"].GetUint64(), 0u);
  // A DTD is a 400 that says why.
  w = Post("/api/v1/ingest/greenbutton", "<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>",
           "application/xml", ingest);
  EXPECT_EQ(w->status, 400) << w->body;
  EXPECT_NE(w->body.find("DOCTYPE refused"), std::string::npos) << w->body;
}

TEST_F(HttpGreenButton, ExportRouteServesTheFeedToReadersOnly) {
  StartServer();
  const std::string ingest = Token("ingest");
  const std::string analyst = Token("analyst");
  ASSERT_EQ(
      Post("/api/v1/ingest/greenbutton", ReadFile(kPgeXml), "application/atom+xml", ingest)->status,
      200);
  const std::string path =
      "/api/v1/meters/2443977/greenbutton?from=2018-10-01T00:00:00Z&to=2018-12-01T00:00:00Z";
  httplib::Result g = Get(path, analyst);
  ASSERT_TRUE(g);
  ASSERT_EQ(g->status, 200) << g->body;
  EXPECT_EQ(g->get_header_value("Content-Type").rfind("application/atom+xml", 0), 0u);
  // The same bytes as the command line's export.
  StopServer();
  const std::string feed = dir_.Sub("cli.xml");
  RunResult r = Gridline({"export", "greenbutton", "--data", data_, "--meter", "2443977", "--from",
                          "2018-10-01T00:00:00Z", "--to", "2018-12-01T00:00:00Z", "--out", feed});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(g->body, ReadFile(feed));
  StartServer();
  // Read back through the ingest route as another meter... the feed names its UsagePoint, so
  // ?meter= renames it: identical readings.
  httplib::Result w =
      Post("/api/v1/ingest/greenbutton?meter=COPY", g->body, "application/atom+xml", ingest);
  ASSERT_EQ(w->status, 200) << w->body;
  const std::string q = "/readings?from=2018-10-01T00:00:00Z&to=2018-12-01T00:00:00Z&format=csv";
  EXPECT_EQ(Get("/api/v1/meters/COPY" + q, analyst)->body,
            Get("/api/v1/meters/2443977" + q, analyst)->body);
  // Public and ingest tokens cannot read a customer's feed; an unknown meter is a 404.
  EXPECT_EQ(Get(path, Token("public"))->status, 403);
  EXPECT_EQ(Get(path, ingest)->status, 403);
  EXPECT_EQ(Get(path, "")->status, 401);
  EXPECT_EQ(Get("/api/v1/meters/NOPE/greenbutton?from=2018-10-01T00:00:00Z&to=2018-12-01T00:00:00Z",
                analyst)
                ->status,
            404);
}

}  // namespace
}  // namespace gridline
