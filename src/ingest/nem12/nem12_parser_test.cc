// Tests of the NEM12 rules (AEMO "Meter Data File Format Specification NEM12 & NEM13",
// docs/import.md "NEM12"), one per rule.
#include "ingest/nem12/nem12_parser.h"

#include <string>

#include "common/time.h"
#include "fmt/format.h"
#include "gtest/gtest.h"

namespace gridline::ingest::nem12 {
namespace {

// UTC of NEM-time (UTC+10) wall clock.
int64_t Nem(int y, unsigned m, unsigned d, int h, int mi) {
  return DaysFromCivil(y, m, d) * kSecondsPerDay + h * 3600 + mi * 60 - 10 * 3600;
}

std::string Values(int n, const std::string& v) {
  std::string s;
  for (int i = 0; i < n; ++i) s += (i ? "," : "") + v;
  return s;
}

std::string Header(const std::string& suffix = "E1", const std::string& uom = "kWh",
                   int interval = 30, const std::string& nmi = "NMI0000001") {
  return fmt::format("100,NEM12,200506081149,UNITEDDP,NEMMCO\n200,{},E1B1,1,{},N1,METSER,{},{},\n",
                     nmi, suffix, uom, interval);
}

std::string Day(const std::string& date, const std::string& values, const std::string& method) {
  return fmt::format("300,{},{},{},,,20050310121004,20050310182204\n", date, values, method);
}

struct Result {
  ParsedBlock block;
  std::vector<std::string> notes;
};

Result Parse(const std::string& text, Nem12Options options = {}) {
  Nem12Parser parser(options);
  Result r;
  EXPECT_EQ(parser.Parse(text, true, &r.block), text.size());
  r.notes = parser.Notes();
  return r;
}

TEST(Nem12, ThirtyMinuteDayInNemTime) {
  // EVIDENCE-OF: interval 1 is the first interval of the IntervalDate, 00:00-00:30 NEM time.
  Result r = Parse(Header() + Day("20050301", Values(48, "1.5"), "A") + "900\n");
  ASSERT_TRUE(r.block.errors.empty()) << r.block.errors[0].reason;
  ASSERT_EQ(r.block.rows.size(), 48u);
  EXPECT_EQ(r.block.rows[0].time, Nem(2005, 3, 1, 0, 0));  // 2005-02-28T14:00Z
  EXPECT_EQ(r.block.rows[47].time, Nem(2005, 3, 1, 23, 30));
  EXPECT_EQ(r.block.rows[0].value, 1500);
  EXPECT_EQ(r.block.rows[0].channel, ChannelKind::kKwhDelivered);
  EXPECT_EQ(r.block.rows[0].line, 2u);
  EXPECT_EQ(r.block.meters, std::vector<std::string>{"NMI0000001"});
  EXPECT_EQ(r.block.line_count, 4u);
}

TEST(Nem12, FiveAndFifteenMinuteDays) {
  for (int interval : {5, 15}) {
    const int n = 1440 / interval;
    Result r = Parse(Header("E1", "kWh", interval) + Day("20240101", Values(n, "0.1"), "A"));
    ASSERT_TRUE(r.block.errors.empty()) << interval;
    ASSERT_EQ(r.block.rows.size(), static_cast<size_t>(n));
    EXPECT_EQ(r.block.rows[1].time - r.block.rows[0].time, interval * 60);
  }
}

TEST(Nem12, WrongValueCountIsARowErrorSayingSo) {
  Result r = Parse(Header() + Day("20050301", Values(47, "1"), "A"));
  EXPECT_TRUE(r.block.rows.empty());
  ASSERT_EQ(r.block.errors.size(), 1u);
  EXPECT_NE(r.block.errors[0].reason.find("47 interval values"), std::string::npos);
  EXPECT_NE(r.block.errors[0].reason.find("exactly 48"), std::string::npos);
  EXPECT_EQ(r.block.rejected_readings, 48u);
}

TEST(Nem12, QualityFlagsMap) {
  EXPECT_EQ(QualityFromMethod("A"), Quality::kActual);
  EXPECT_EQ(QualityFromMethod("E52"), Quality::kEstimated);
  EXPECT_EQ(QualityFromMethod("S14"), Quality::kEstimated);
  EXPECT_EQ(QualityFromMethod("F52"), Quality::kEdited);
  EXPECT_EQ(QualityFromMethod("N"), Quality::kMissing);
  EXPECT_FALSE(QualityFromMethod("V").has_value());
  EXPECT_FALSE(QualityFromMethod("X").has_value());
  Result r = Parse(Header() + Day("20050301", Values(48, "0"), "N"));
  ASSERT_EQ(r.block.rows.size(), 48u);
  EXPECT_EQ(r.block.rows[0].quality, Quality::kMissing);
}

TEST(Nem12, FourHundredRangesGiveEachIntervalItsQuality) {
  Result r = Parse(Header() + Day("20050301", Values(48, "1"), "V") + "400,1,20,A,,\n" +
                   "400,21,30,S53,,\n400,31,48,E52,,\n900\n");
  ASSERT_TRUE(r.block.errors.empty()) << r.block.errors[0].reason;
  ASSERT_EQ(r.block.rows.size(), 48u);
  EXPECT_EQ(r.block.rows[19].quality, Quality::kActual);
  EXPECT_EQ(r.block.rows[20].quality, Quality::kEstimated);
  EXPECT_EQ(r.block.rows[47].quality, Quality::kEstimated);
}

TEST(Nem12, FourHundredRangesMustCoverTheDay) {
  Result r = Parse(Header() + Day("20050301", Values(48, "1"), "V") + "400,1,20,A,,\n" +
                   "400,25,48,A,,\n");
  // 25-48 skips 21-24: an error there, and 21-48 have no quality.
  ASSERT_EQ(r.block.errors.size(), 2u);
  EXPECT_EQ(r.block.errors[0].line, 4u);
  EXPECT_EQ(r.block.errors[1].line, 2u);
  EXPECT_EQ(r.block.rows.size(), 20u);
  EXPECT_EQ(r.block.rejected_readings, 28u);
  Result stray = Parse(Header() + Day("20050301", Values(48, "1"), "A") + "400,1,48,A,,\n");
  ASSERT_EQ(stray.block.errors.size(), 1u);
  EXPECT_NE(stray.block.errors[0].reason.find("not V"), std::string::npos);
  EXPECT_EQ(stray.block.rows.size(), 48u);
}

TEST(Nem12, FourHundredRecordsInTheNextBlockStillCount) {
  // A day whose 400 records come in the next block is handed back and read again with them.
  Nem12Parser parser({});
  const std::string first = Header() + Day("20050301", Values(48, "1"), "V");
  const std::string rest = "400,1,48,E52,,\n900\n";
  ParsedBlock a;
  const size_t used = parser.Parse(first, false, &a);
  EXPECT_EQ(used, first.size() - Day("20050301", Values(48, "1"), "V").size());
  EXPECT_EQ(a.line_count, 2u);
  EXPECT_TRUE(a.rows.empty());
  ParsedBlock b;
  const std::string again = first.substr(used) + rest;
  EXPECT_EQ(parser.Parse(again, true, &b), again.size());
  ASSERT_EQ(b.rows.size(), 48u);
  EXPECT_EQ(b.rows[0].quality, Quality::kEstimated);
  EXPECT_EQ(b.rows[0].line, 0u);
}

TEST(Nem12, ADayEndedByTheHandedBackDayStaysInItsBlock) {
  // Two days back to back; the block ends after the second, which is handed back: the first
  // day's readings are in the first block, once.
  Nem12Parser parser({});
  const std::string second = Day("20050302", Values(48, "2"), "A");
  const std::string first = Header() + Day("20050301", Values(48, "1"), "A") + second;
  ParsedBlock a;
  const size_t used = parser.Parse(first, false, &a);
  EXPECT_EQ(used, first.size() - second.size());
  ASSERT_EQ(a.rows.size(), 48u);
  EXPECT_EQ(a.rows[0].value, 1000);
  ParsedBlock b;
  parser.Parse(first.substr(used) + "900\n", true, &b);
  ASSERT_EQ(b.rows.size(), 48u);
  EXPECT_EQ(b.rows[0].value, 2000);
}

TEST(Nem12, SuffixNamesChannelAndMeter) {
  Result e = Parse(Header("E1") + Day("20050301", Values(48, "1"), "A"));
  EXPECT_EQ(e.block.rows[0].channel, ChannelKind::kKwhDelivered);
  Result b = Parse(Header("B1") + Day("20050301", Values(48, "1"), "A"));
  EXPECT_EQ(b.block.rows[0].channel, ChannelKind::kKwhReceived);
  EXPECT_EQ(b.block.meters, std::vector<std::string>{"NMI0000001"});
  Result e2 = Parse(Header("E2") + Day("20050301", Values(48, "1"), "A"));
  EXPECT_EQ(e2.block.meters, std::vector<std::string>{"NMI0000001-2"});
  Result q = Parse(Header("Q1", "kVArh") + Day("20050301", Values(48, "1"), "A"));
  EXPECT_EQ(q.block.rows[0].channel, ChannelKind::kKvarh);
  Result x = Parse(Header("X1") + Day("20050301", Values(48, "1"), "A"));
  ASSERT_GE(x.block.errors.size(), 2u);  // the 200, then its 300
  EXPECT_EQ(x.block.errors[0].field, "NMISuffix");
  EXPECT_TRUE(x.block.rows.empty());
}

TEST(Nem12, UomConvertsExactly) {
  struct Case {
    const char* uom;
    const char* value;
    ChannelKind channel;
    int64_t stored;
  } cases[] = {{"kWh", "1.234", ChannelKind::kKwhDelivered, 1234},
               {"Wh", "1234", ChannelKind::kKwhDelivered, 1234},
               {"MWH", "0.001234", ChannelKind::kKwhDelivered, 1234},
               {"kW", "2.5", ChannelKind::kKwDemand, 2500},
               {"W", "2500", ChannelKind::kKwDemand, 2500},
               {"kVArh", "0.5", ChannelKind::kKvarh, 500},
               {"V", "240.1", ChannelKind::kVoltage, 240100},
               {"kV", "11", ChannelKind::kVoltage, 11000000}};
  for (const Case& c : cases) {
    Result r = Parse(Header("E1", c.uom) + Day("20050301", Values(48, c.value), "A"));
    ASSERT_EQ(r.block.rows.size(), 48u) << c.uom;
    EXPECT_EQ(r.block.rows[0].channel, c.channel) << c.uom;
    EXPECT_EQ(r.block.rows[0].value, c.stored) << c.uom;
  }
  Result fine = Parse(Header("E1", "Wh") + Day("20050301", Values(48, "0.5"), "A"));
  EXPECT_EQ(fine.block.errors.size(), 48u);  // 0.5 Wh is finer than kWh at 3 decimals
  Result rounded =
      Parse(Header("E1", "Wh") + Day("20050301", Values(48, "0.5"), "A"), {.round = true});
  EXPECT_EQ(rounded.block.rows[0].value, 0);  // half to even
  EXPECT_EQ(rounded.block.rounded, 48u);
  Result kva = Parse(Header("E1", "kVA") + Day("20050301", Values(48, "1"), "A"));
  EXPECT_EQ(kva.block.errors.at(0).field, "UOM");
}

TEST(Nem12, EachRecordKind) {
  Result r = Parse(Header() + Day("20050301", Values(48, "1"), "A") +
                   "500,O,S01009,20050310121004,\n" + "900\n" + "300,x\n");
  EXPECT_EQ(r.block.rows.size(), 48u);
  ASSERT_EQ(r.block.errors.size(), 1u);  // the 300 after the 900
  EXPECT_NE(r.block.errors[0].reason.find("900"), std::string::npos);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("1 500"), std::string::npos);
  Result nem13 = Parse("100,NEM13,200506081149,A,B\n");
  EXPECT_EQ(nem13.block.errors.at(0).field, "version");
  Result bad = Parse("250,1,2\n");
  EXPECT_EQ(bad.block.errors.at(0).field, "record indicator");
  Result orphan = Parse("300,20050301," + Values(48, "1") + ",A,,,,\n");
  EXPECT_NE(orphan.block.errors.at(0).reason.find("before any 200"), std::string::npos);
  Result bad_interval = Parse(Header("E1", "kWh", 60));
  EXPECT_EQ(bad_interval.block.errors.at(0).field, "IntervalLength");
}

TEST(Nem12, BadValuesAndDates) {
  std::string values = Values(47, "1") + ",abc";
  Result r = Parse(Header() + Day("20050301", values, "A"));
  ASSERT_EQ(r.block.errors.size(), 1u);
  EXPECT_EQ(r.block.errors[0].field, "IntervalValue48");
  EXPECT_EQ(r.block.rows.size(), 47u);
  Result d = Parse(Header() + Day("20050230", Values(48, "1"), "A"));
  EXPECT_EQ(d.block.errors.at(0).field, "IntervalDate");
}

}  // namespace
}  // namespace gridline::ingest::nem12
