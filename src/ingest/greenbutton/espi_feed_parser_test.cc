// Tests of the ESPI (Green Button XML) parser on small handmade feeds: namespaces, joins by href,
// multipliers, flows, registers, costs, quality, the fall-back repair, and refused input (DTDs,
// entities, truncation, bounds).
#include "ingest/greenbutton/espi_feed_parser.h"

#include <string>
#include <vector>

#include "fmt/format.h"
#include "gtest/gtest.h"

namespace gridline::ingest {
namespace {

struct Result {
  absl::Status status;
  std::vector<ParsedRow> rows;      // line: absolute XML line
  std::vector<std::string> meters;  // meter of each row
  std::vector<RowError> errors;     // line: absolute
  uint64_t rejected = 0;
  std::vector<std::string> notes;
};

// Parses `xml` in pieces of `piece` bytes, one output block per piece.
Result ParseFeed(const std::string& xml, const std::string& meter = "", size_t piece = 1 << 20) {
  EspiFeedParser parser(EspiParseOptions{meter});
  Result r;
  uint64_t base = 1;
  for (size_t at = 0; at < xml.size() || at == 0; at += piece) {
    ParsedBlock block;
    parser.StartBlock(&block, base);
    const size_t n = std::min(piece, xml.size() - at);
    const bool last = at + n >= xml.size();
    r.status = parser.Parse(xml.data() + at, n, last);
    for (ParsedRow row : block.rows) {
      r.meters.push_back(block.meters[row.meter]);
      row.line += static_cast<uint32_t>(base);
      r.rows.push_back(row);
    }
    for (RowError e : block.errors) {
      e.line += base;
      r.errors.push_back(e);
    }
    r.rejected += block.rejected_readings;
    if (!r.status.ok() || last) break;
    const uint64_t safe = parser.safe_line();
    EXPECT_GE(safe, base);
    base = safe;
  }
  r.notes = parser.Notes();
  return r;
}

std::string ReadingXml(const std::string& p, int64_t start, int64_t value,
                       const std::string& extra = "") {
  return fmt::format(
      "<{0}IntervalReading>{3}<{0}timePeriod><{0}duration>3600</{0}duration><{0}start>{1}</"
      "{0}start>"
      "</{0}timePeriod><{0}value>{2}</{0}value></{0}IntervalReading>\n",
      p, start, value, extra);
}

// An entry holding `body` (an ESPI object) with self href `self` and the given other links.
std::string Entry(const std::string& self, const std::string& links, const std::string& body) {
  return fmt::format("<entry><link rel=\"self\" href=\"{}\"/>{}<content>{}</content></entry>\n",
                     self, links, body);
}

constexpr char kUp[] = "/espi/UsagePoint/UP7";
constexpr char kMr[] = "/espi/UsagePoint/UP7/MeterReading/1";
constexpr char kRt[] = "/espi/ReadingType/3";

std::string Feed(const std::string& entries) {
  return "<?xml version=\"1.0\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
         "xmlns:espi=\"http://naesb.org/espi\">\n" +
         entries + "</feed>\n";
}

std::string MeterReading() {
  return Entry(kMr,
               fmt::format("<link rel=\"related\" href=\"{}\"/><link rel=\"related\" "
                           "href=\"{}/IntervalBlock\"/>",
                           kRt, kMr),
               "<espi:MeterReading/>");
}
std::string ReadingType(const std::string& fields) {
  return Entry(kRt, "", "<espi:ReadingType>" + fields + "</espi:ReadingType>");
}
std::string Block(const std::string& readings, const std::string& self_id = "1") {
  return Entry(std::string(kMr) + "/IntervalBlock/" + self_id,
               fmt::format("<link rel=\"up\" href=\"{}/IntervalBlock\"/>", kMr),
               "<espi:IntervalBlock>" + readings + "</espi:IntervalBlock>");
}

TEST(EspiFeedParser, PrefixedDefaultAndNoNamespaceAreTheSame) {
  // EVIDENCE-OF: docs/import.md "Green Button": prefixes vary: match namespace URI and local name.
  const std::string prefixed =
      "<a:feed xmlns:a=\"http://www.w3.org/2005/Atom\" xmlns:ns0=\"http://naesb.org/espi\">"
      "<a:entry><a:link rel=\"self\" href=\"/UsagePoint/9/MeterReading/1/IntervalBlock/1\"/>"
      "<a:content><ns0:IntervalBlock>" +
      ReadingXml("ns0:", 1700000000, 5) + "</ns0:IntervalBlock></a:content></a:entry></a:feed>";
  const std::string defaulted =
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>"
      "<link rel=\"self\" href=\"/UsagePoint/9/MeterReading/1/IntervalBlock/1\"/><content>"
      "<IntervalBlock xmlns=\"http://naesb.org/espi\">" +
      ReadingXml("", 1700000000, 5) + "</IntervalBlock></content></entry></feed>";
  const std::string none =
      "<feed><entry><link rel=\"self\" href=\"/UsagePoint/9/MeterReading/1/IntervalBlock/1\"/>"
      "<content><IntervalBlock>" +
      ReadingXml("", 1700000000, 5) + "</IntervalBlock></content></entry></feed>";
  for (const std::string& xml : {prefixed, defaulted, none}) {
    const Result r = ParseFeed(xml);
    ASSERT_TRUE(r.status.ok()) << r.status;
    ASSERT_EQ(r.rows.size(), 1u) << xml;
    EXPECT_EQ(r.rows[0].time, 1700000000);
    EXPECT_EQ(r.rows[0].value, 5);
    EXPECT_EQ(r.rows[0].channel, ChannelKind::kKwhDelivered);
    EXPECT_EQ(r.meters[0], "9");
  }
  // Elements of another namespace are not ESPI's.
  const Result other =
      ParseFeed("<feed><entry><content><x:IntervalBlock xmlns:x=\"urn:other\">" +
                ReadingXml("x:", 1700000000, 5) + "</x:IntervalBlock></content></entry></feed>");
  EXPECT_TRUE(other.rows.empty());
}

TEST(EspiFeedParser, JoinsByHrefNotDocumentOrder) {
  // The block comes first, then its ReadingType (received, kWh), then the MeterReading linking
  // them: the block waits and lands on kwh_received with the multiplier applied.
  const std::string xml =
      Feed(Block(ReadingXml("espi:", 1700000000, 7) + ReadingXml("espi:", 1700003600, 8)) +
           ReadingType("<espi:flowDirection>19</espi:flowDirection><espi:powerOfTenMultiplier>3"
                       "</espi:powerOfTenMultiplier><espi:uom>72</espi:uom>") +
           MeterReading());
  const Result r = ParseFeed(xml);
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].channel, ChannelKind::kKwhReceived);
  EXPECT_EQ(r.rows[0].value, 7000);
  EXPECT_EQ(r.rows[1].value, 8000);
  EXPECT_EQ(r.meters[0], "UP7");
  EXPECT_EQ(r.rows[0].line, 3u);  // the IntervalReading's own line
  EXPECT_TRUE(r.notes.empty());
}

TEST(EspiFeedParser, ReadsTheSameInAnyPieces) {
  const std::string xml =
      Feed(MeterReading() + Block(ReadingXml("espi:", 1700000000, 7)) +
           ReadingType("<espi:powerOfTenMultiplier>-1</espi:powerOfTenMultiplier>") +
           Block(ReadingXml("espi:", 1700003600, 30), "2"));
  const Result whole = ParseFeed(xml);
  ASSERT_TRUE(whole.status.ok()) << whole.status;
  for (size_t piece : {1, 7, 64}) {
    const Result r = ParseFeed(xml, "", piece);
    ASSERT_TRUE(r.status.ok()) << r.status;
    ASSERT_EQ(r.rows.size(), whole.rows.size());
    for (size_t i = 0; i < r.rows.size(); ++i) {
      EXPECT_EQ(r.rows[i].time, whole.rows[i].time);
      EXPECT_EQ(r.rows[i].value, whole.rows[i].value);
      EXPECT_EQ(r.rows[i].line, whole.rows[i].line);
    }
    EXPECT_EQ(r.errors.size(), whole.errors.size());
  }
  // powerOfTenMultiplier -1: 30 x 10^-1 Wh is 3 Wh, 7 x 10^-1 Wh is not a whole Wh.
  ASSERT_EQ(whole.rows.size(), 1u);
  EXPECT_EQ(whole.rows[0].value, 3);
  ASSERT_EQ(whole.errors.size(), 1u);
  EXPECT_EQ(whole.errors[0].field, "value");
  EXPECT_NE(whole.errors[0].reason.find("7 x 10^-1"), std::string::npos) << whole.errors[0].reason;
}

TEST(EspiFeedParser, FlowsRegistersAndUnitsMapToChannels) {
  struct Case {
    std::string fields;
    ChannelKind channel;
    int64_t stored;  // of a value of 2
  } cases[] = {
      {"<espi:flowDirection>1</espi:flowDirection>", ChannelKind::kKwhDelivered, 2},
      {"<espi:flowDirection>4</espi:flowDirection>", ChannelKind::kKwhNet, 2},
      {"<espi:accumulationBehaviour>1</espi:accumulationBehaviour>", ChannelKind::kKwhRegister, 2},
      {"<espi:accumulationBehaviour>3</espi:accumulationBehaviour><espi:powerOfTenMultiplier>3"
       "</espi:powerOfTenMultiplier>",
       ChannelKind::kKwhRegister, 2000},
      {"<espi:uom>73</espi:uom>", ChannelKind::kKvarh, 2},
      {"<espi:uom>38</espi:uom><espi:kind>8</espi:kind>", ChannelKind::kKwDemand, 2},
      {"<espi:uom>29</espi:uom>", ChannelKind::kVoltage, 2000},
  };
  for (const Case& c : cases) {
    const Result r = ParseFeed(
        Feed(MeterReading() + ReadingType(c.fields) + Block(ReadingXml("espi:", 1700000000, 2))));
    ASSERT_TRUE(r.status.ok()) << r.status;
    ASSERT_EQ(r.rows.size(), 1u) << c.fields;
    EXPECT_EQ(r.rows[0].channel, c.channel) << c.fields;
    EXPECT_EQ(r.rows[0].value, c.stored) << c.fields;
  }
  // Gas (therms) and reverse reactive energy have no channel: the block's readings are refused
  // with one error that says why.
  for (const std::string& fields : {std::string("<espi:uom>169</espi:uom>"),
                                    std::string("<espi:uom>73</espi:uom><espi:flowDirection>19"
                                                "</espi:flowDirection>")}) {
    const Result r = ParseFeed(
        Feed(MeterReading() + ReadingType(fields) +
             Block(ReadingXml("espi:", 1700000000, 2) + ReadingXml("espi:", 1700003600, 2))));
    ASSERT_TRUE(r.status.ok()) << r.status;
    EXPECT_TRUE(r.rows.empty());
    EXPECT_EQ(r.rejected, 2u);
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].field, "ReadingType");
    EXPECT_NE(r.errors[0].reason.find("2 readings refused"), std::string::npos);
  }
}

TEST(EspiFeedParser, CostIsKeptAsItsOwnSeries) {
  const Result r =
      ParseFeed(Feed(MeterReading() + ReadingType("<espi:uom>72</espi:uom>") +
                     Block(ReadingXml("espi:", 1700000000, 243, "<espi:cost>5238</espi:cost>") +
                           ReadingXml("espi:", 1700003600, 100))));
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0].channel, ChannelKind::kKwhDelivered);
  EXPECT_EQ(r.rows[1].channel, ChannelKind::kCost);
  EXPECT_EQ(r.rows[1].value, 5238);  // $0.05238 at scale 5
  EXPECT_EQ(r.rows[1].time, 1700000000);
  EXPECT_EQ(r.rows[2].channel, ChannelKind::kKwhDelivered);
}

TEST(EspiFeedParser, ReadingQualityBecomesQuality) {
  struct Case {
    std::string extra;
    Quality quality;
  } cases[] = {
      {"", Quality::kActual},
      {"<espi:ReadingQuality><espi:quality>17</espi:quality></espi:ReadingQuality>",
       Quality::kActual},
      {"<espi:ReadingQuality><espi:quality>8</espi:quality></espi:ReadingQuality>",
       Quality::kEstimated},
      {"<espi:ReadingQuality><espi:quality>7</espi:quality></espi:ReadingQuality>",
       Quality::kEdited},
      // Several codes: the most doubtful.
      {"<espi:ReadingQuality><espi:quality>17</espi:quality></espi:ReadingQuality>"
       "<espi:ReadingQuality><espi:quality>10</espi:quality></espi:ReadingQuality>",
       Quality::kSuspect},
  };
  for (const Case& c : cases) {
    const Result r = ParseFeed(Feed(MeterReading() + ReadingType("") +
                                    Block(ReadingXml("espi:", 1700000000, 1, c.extra))));
    ASSERT_EQ(r.rows.size(), 1u) << c.extra;
    EXPECT_EQ(r.rows[0].quality, c.quality) << c.extra;
  }
  const Result bad = ParseFeed(
      Feed(MeterReading() + ReadingType("") +
           Block(ReadingXml(
               "espi:", 1700000000, 1,
               "<espi:ReadingQuality><espi:quality>99</espi:quality></espi:ReadingQuality>"))));
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_EQ(bad.errors[0].field, "quality");
}

TEST(EspiFeedParser, RepeatedFallBackStartIsRepairedByOrder) {
  // EVIDENCE-OF: the PG&E feed stamps both 01:00 hours of 2018-11-04 with 1541318400 and goes on
  // at 1541325600: the second is 1541322000.
  const Result r = ParseFeed(
      Feed(MeterReading() + ReadingType("") +
           Block(ReadingXml("espi:", 1541314800, 1) + ReadingXml("espi:", 1541318400, 90) +
                 ReadingXml("espi:", 1541318400, 30) + ReadingXml("espi:", 1541325600, 80))));
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(r.rows[1].time, 1541318400);
  EXPECT_EQ(r.rows[1].value, 90);
  EXPECT_EQ(r.rows[2].time, 1541322000);
  EXPECT_EQ(r.rows[2].value, 30);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("2018-11-04T09:00:00Z"), std::string::npos) << r.notes[0];
  // A plain repeat (no hole after it) is left for the importer's duplicate rule.
  const Result dup = ParseFeed(
      Feed(MeterReading() + ReadingType("") +
           Block(ReadingXml("espi:", 1541318400, 90) + ReadingXml("espi:", 1541318400, 90) +
                 ReadingXml("espi:", 1541322000, 80))));
  ASSERT_EQ(dup.rows.size(), 3u);
  EXPECT_EQ(dup.rows[1].time, 1541318400);
  EXPECT_TRUE(dup.notes.empty());
}

TEST(EspiFeedParser, MeterFlagNeedsOneUsagePoint) {
  const std::string one =
      Feed(MeterReading() + ReadingType("") + Block(ReadingXml("espi:", 1700000000, 1)));
  const Result r = ParseFeed(one, "MY-METER");
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.meters.size(), 1u);
  EXPECT_EQ(r.meters[0], "MY-METER");
  const std::string two = Feed(Entry("/espi/UsagePoint/A", "", "<espi:UsagePoint/>") +
                               Entry("/espi/UsagePoint/B", "", "<espi:UsagePoint/>"));
  const Result bad = ParseFeed(two, "MY-METER");
  EXPECT_FALSE(bad.status.ok());
  EXPECT_NE(bad.status.message().find("UsagePoint/B"), std::string::npos) << bad.status;
  EXPECT_TRUE(ParseFeed(two).status.ok());
}

TEST(EspiFeedParser, DtdsAndEntitiesAreRefused) {
  // EVIDENCE-OF: issue 12 item 9: external entities and entity expansion refused.
  const std::string laughs =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
      "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\n"
      "<feed><entry><content>&lol2;</content></entry></feed>";
  const std::string external =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE feed [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
      "<feed>&x;</feed>";
  const std::string bare = "<!DOCTYPE feed SYSTEM \"http://example.com/feed.dtd\"><feed/>";
  for (const std::string& xml : {laughs, external, bare}) {
    const Result r = ParseFeed(xml);
    EXPECT_FALSE(r.status.ok()) << xml;
    EXPECT_NE(r.status.message().find("DOCTYPE refused"), std::string::npos) << r.status;
    EXPECT_TRUE(r.rows.empty());
  }
  // An undeclared entity is an XML error, not an expansion.
  EXPECT_FALSE(ParseFeed("<feed>&undeclared;</feed>").status.ok());
}

TEST(EspiFeedParser, TruncatedAndMalformedXmlSayWhere) {
  const std::string xml =
      Feed(MeterReading() + ReadingType("") + Block(ReadingXml("espi:", 1700000000, 1)));
  const Result r = ParseFeed(xml.substr(0, xml.size() - 30));
  ASSERT_FALSE(r.status.ok());
  EXPECT_NE(r.status.message().find("line "), std::string::npos) << r.status;
  EXPECT_NE(r.status.message().find("not well-formed XML"), std::string::npos) << r.status;
  const Result mismatched = ParseFeed("<feed>\n<entry></feed>");
  ASSERT_FALSE(mismatched.status.ok());
  EXPECT_NE(mismatched.status.message().find("line 2"), std::string::npos) << mismatched.status;
}

TEST(EspiFeedParser, HugeNumbersAreRowErrors) {
  const Result r = ParseFeed(Feed(
      MeterReading() + ReadingType("<espi:powerOfTenMultiplier>18</espi:powerOfTenMultiplier>") +
      Block("<espi:IntervalReading><espi:timePeriod><espi:start>1700000000</espi:start>"
            "</espi:timePeriod><espi:value>99999999999999999999999</espi:value>"
            "</espi:IntervalReading>\n" +
            ReadingXml("espi:", 1700003600, 1000) + ReadingXml("espi:", 99999999999, 1))));
  ASSERT_TRUE(r.status.ok()) << r.status;
  EXPECT_TRUE(r.rows.empty());
  ASSERT_EQ(r.errors.size(), 3u);
  EXPECT_EQ(r.errors[0].field, "value");  // not in int64
  EXPECT_EQ(r.errors[1].field, "value");  // 1000 x 10^18 does not fit
  EXPECT_EQ(r.errors[2].field, "start");  // past 2200
  const Result bad_multiplier =
      ParseFeed(Feed(ReadingType("<espi:powerOfTenMultiplier>400</espi:powerOfTenMultiplier>")));
  EXPECT_FALSE(bad_multiplier.status.ok());
}

TEST(EspiFeedParser, DepthAndLengthAreBounded) {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<a>";
  const Result d = ParseFeed(deep);
  ASSERT_FALSE(d.status.ok());
  EXPECT_NE(d.status.message().find("deeper than 64"), std::string::npos) << d.status;
  const Result longtext =
      ParseFeed(Feed(MeterReading() + ReadingType("") +
                     Block("<espi:IntervalReading><espi:value>" + std::string(5000, '1') +
                           "</espi:value></espi:IntervalReading>")));
  ASSERT_FALSE(longtext.status.ok());
  EXPECT_NE(longtext.status.message().find("longer than 4096"), std::string::npos);
}

TEST(EspiFeedParser, BlockWithoutReadingTypeTakesTheDefaultAndSaysSo) {
  const Result r = ParseFeed(Feed(Block(ReadingXml("espi:", 1700000000, 4))));
  ASSERT_TRUE(r.status.ok()) << r.status;
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].channel, ChannelKind::kKwhDelivered);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("ESPI's default"), std::string::npos);
}

}  // namespace
}  // namespace gridline::ingest
