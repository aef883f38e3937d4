// Tests of the CSV parser's parts: the field splitter, the fast paths against the reference
// parsers they shortcut (docs/contributing.md, Tests, differential), message rendering, and random
// input.
#include <random>

#include "common/decimal.h"
#include "common/time.h"
#include "gtest/gtest.h"
#include "ingest/csv/csv_fields.h"
#include "ingest/csv/csv_parser.h"
#include "ingest/csv/csv_test_util.h"
#include "ingest/csv/csv_text.h"
#include "ingest/csv/meter_table.h"
#include "ingest/csv/simple_decimal.h"
#include "ingest/csv/timestamp_reader.h"

namespace gridline::ingest {
namespace {

std::vector<std::string> Split(std::string_view line, char delim = ',') {
  CsvFieldSplitter s(delim);
  EXPECT_EQ(s.Split(line), SplitStatus::kOk) << line;
  return std::vector<std::string>(s.fields().begin(), s.fields().end());
}

// A plain reference for one line (no newline, CR removed): RFC 4180 fields with the trimming
// rules of csv_fields.h, read character by character.
SplitStatus ReferenceSplit(std::string_view line, char delim, std::vector<std::string>* out) {
  out->clear();
  const bool tabs = delim != '\t';
  auto space = [&](char c) { return c == ' ' || (tabs && c == '\t'); };
  size_t i = 0;
  for (;;) {
    size_t j = i;
    while (j < line.size() && space(line[j])) ++j;
    if (j < line.size() && line[j] == '"') {
      std::string f;
      size_t k = j + 1;
      for (;;) {
        if (k >= line.size()) return SplitStatus::kUnterminatedQuote;
        if (line[k] == '"') {
          if (k + 1 < line.size() && line[k + 1] == '"') {
            f += '"';
            k += 2;
            continue;
          }
          break;
        }
        f += line[k++];
      }
      out->push_back(f);
      ++k;
      while (k < line.size() && space(line[k])) ++k;
      if (k == line.size()) return SplitStatus::kOk;
      if (line[k] != delim) return SplitStatus::kTextAfterQuote;
      i = k + 1;
      continue;
    }
    size_t k = i;
    while (k < line.size() && line[k] != delim) ++k;
    size_t b = i, e = k;
    while (b < e && space(line[b])) ++b;
    while (e > b && space(line[e - 1])) --e;
    out->emplace_back(line.substr(b, e - b));
    if (k == line.size()) return SplitStatus::kOk;
    i = k + 1;
  }
}

using V = std::vector<std::string>;

TEST(CsvFieldSplitter, PlainFields) {
  EXPECT_EQ(Split("a,b,c"), (V{"a", "b", "c"}));
  EXPECT_EQ(Split(" a , b\t,c "), (V{"a", "b", "c"}));
  EXPECT_EQ(Split(""), (V{""}));
  EXPECT_EQ(Split(",,"), (V{"", "", ""}));
  EXPECT_EQ(Split("a;b", ';'), (V{"a", "b"}));
  EXPECT_EQ(Split(" a \t b ", '\t'), (V{"a", "b"}));
  EXPECT_EQ(Split("a\t\tb", '\t'), (V{"a", "", "b"}));
}

TEST(CsvFieldSplitter, QuotedFields) {
  EXPECT_EQ(Split("\"a,b\",c"), (V{"a,b", "c"}));
  EXPECT_EQ(Split("\"say \"\"hi\"\"\",\"\"\"\""), (V{"say \"hi\"", "\""}));
  EXPECT_EQ(Split("  \" keep \"  ,x"), (V{" keep ", "x"}));
  EXPECT_EQ(Split("\"\",\"\""), (V{"", ""}));
  EXPECT_EQ(Split("a\"b,c"), (V{"a\"b", "c"}));
  EXPECT_EQ(Split("\"a\tb\"\tc", '\t'), (V{"a\tb", "c"}));
  CsvFieldSplitter s(',');
  EXPECT_EQ(s.Split("\"abc"), SplitStatus::kUnterminatedQuote);
  EXPECT_EQ(s.Split("\"abc\"\""), SplitStatus::kUnterminatedQuote);
  EXPECT_EQ(s.Split("\"abc\" d,e"), SplitStatus::kTextAfterQuote);
}

TEST(CsvFieldSplitter, LinesOfABlock) {
  CsvFieldSplitter s(',');
  const std::string text = "a,b\r\n\"x\"\r\n\"open,\n\"q\"z,1\nlast";
  const char* p = text.data();
  const char* end = p + text.size();
  SplitStatus st;
  p = s.SplitLine(p, end, &st);
  EXPECT_EQ(st, SplitStatus::kOk);
  EXPECT_EQ(s.fields(), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_EQ(*p, '\n');
  p = s.SplitLine(p + 1, end, &st);
  EXPECT_EQ(st, SplitStatus::kOk);
  EXPECT_EQ(s.fields(), (std::vector<std::string_view>{"x"}));
  // An open quote ends at its own line, not at the next quote in the block.
  p = s.SplitLine(p + 1, end, &st);
  EXPECT_EQ(st, SplitStatus::kUnterminatedQuote);
  EXPECT_EQ(std::string_view(p, 5), "\n\"q\"z");
  p = s.SplitLine(p + 1, end, &st);
  EXPECT_EQ(st, SplitStatus::kTextAfterQuote);
  EXPECT_EQ(std::string_view(p, 5), "\nlast");
  p = s.SplitLine(p + 1, end, &st);
  EXPECT_EQ(st, SplitStatus::kOk);
  EXPECT_EQ(p, end);
  EXPECT_EQ(s.fields(), (std::vector<std::string_view>{"last"}));
}

TEST(CsvFieldSplitter, ManyEscapedFieldsSurviveScratchGrowth) {
  std::string line;
  std::vector<std::string> want;
  for (int i = 0; i < 200; ++i) {
    const std::string inner =
        std::string(static_cast<size_t>(i % 37), static_cast<char>('a' + i % 26)) + "\"" +
        std::to_string(i);
    want.push_back(inner);
    if (i > 0) line += ',';
    line += '"';
    for (char c : inner) line += c == '"' ? std::string("\"\"") : std::string(1, c);
    line += '"';
  }
  EXPECT_EQ(Split(line), want);
}

TEST(CsvFieldSplitter, AgreesWithReference) {
  std::mt19937_64 rng(5);
  const std::string pieces[] = {"a",
                                "bc",
                                ",",
                                ";",
                                "\t",
                                " ",
                                "\"",
                                "\"\"",
                                "x y",
                                "0.5",
                                "\r",
                                "M0012345",
                                "2026-07-01T00:15:00Z",
                                "\xC3\xA4"};
  for (const char delim : {',', ';', '\t'}) {
    CsvFieldSplitter s(delim);
    for (int round = 0; round < 20000; ++round) {
      std::string line;
      const int n = static_cast<int>(rng() % 24);
      for (int i = 0; i < n; ++i) line += pieces[rng() % std::size(pieces)];
      // As the block parser sees it: the newline ends the line, a CR before it is dropped.
      std::string_view ref_line = line;
      if (!ref_line.empty() && ref_line.back() == '\r') ref_line.remove_suffix(1);
      std::vector<std::string> want;
      const SplitStatus want_status = ReferenceSplit(ref_line, delim, &want);
      const std::string text = line + "\nM,1\n";
      SplitStatus status;
      const char* nl = s.SplitLine(text.data(), text.data() + text.size(), &status);
      ASSERT_EQ(nl, text.data() + line.size()) << line;
      ASSERT_EQ(status, want_status) << line;
      if (status == SplitStatus::kOk) {
        ASSERT_EQ(std::vector<std::string>(s.fields().begin(), s.fields().end()), want) << line;
      }
    }
  }
}

TEST(SimpleDecimal, AgreesWithParseScaledDecimal) {
  std::mt19937_64 rng(42);
  const char kAlphabet[] = "0123456789.-+e ";
  int answered = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string text;
    const int len = static_cast<int>(rng() % 24);
    for (int j = 0; j < len; ++j) text += kAlphabet[rng() % (j % 3 == 0 ? 15 : 11)];
    const int scale = static_cast<int>(rng() % 6);
    int64_t fast = 0;
    if (!ParseSimpleDecimal(text, scale, &fast)) continue;
    ++answered;
    int64_t ref = 0;
    bool rounded = false;
    ASSERT_EQ(ParseScaledDecimal(text, scale, false, &ref, &rounded), DecimalStatus::kOk) << text;
    ASSERT_EQ(fast, ref) << text << " at scale " << scale;
  }
  EXPECT_GT(answered, 1000);
  int64_t v;
  EXPECT_TRUE(ParseSimpleDecimal("0.219", 3, &v));
  EXPECT_EQ(v, 219);
  EXPECT_TRUE(ParseSimpleDecimal("-12.5", 3, &v));
  EXPECT_EQ(v, -12500);
  EXPECT_TRUE(ParseSimpleDecimal(".5", 1, &v));
  EXPECT_EQ(v, 5);
  EXPECT_TRUE(ParseSimpleDecimal("999999999999999", 3, &v));
  EXPECT_EQ(v, 999999999999999000);
  EXPECT_FALSE(ParseSimpleDecimal("9999999999999999", 3, &v));  // left to the exact parser
  EXPECT_FALSE(ParseSimpleDecimal("0.2191", 3, &v));
  EXPECT_FALSE(ParseSimpleDecimal("-", 3, &v));
  EXPECT_FALSE(ParseSimpleDecimal(".", 3, &v));
  EXPECT_FALSE(ParseSimpleDecimal("", 3, &v));
  EXPECT_FALSE(ParseSimpleDecimal("1e3", 3, &v));
}

TEST(TimestampReader, AgreesWithParseTimestamp) {
  std::mt19937_64 rng(7);
  TimestampReader reader;
  const std::string base[] = {"2026-07-01T00:15:00Z", "2026-07-01 23:59:59", "2024-02-29T12:00:00Z",
                              "1999-12-31T24:00:00"};
  for (int i = 0; i < 100000; ++i) {
    std::string text = base[rng() % 4];
    // Mutate a digit or a separator now and then; keep the date often equal to the cached one.
    if (rng() % 2) text[rng() % text.size()] = "0123456789:-TZ 9"[rng() % 16];
    ParsedTime fast, ref;
    const char* fast_reason = reader.Read(text, &fast);
    const char* ref_reason = ParseTimestamp(text, &ref);
    ASSERT_EQ(fast_reason == nullptr, ref_reason == nullptr) << text;
    if (fast_reason != nullptr) {
      EXPECT_STREQ(fast_reason, ref_reason);
      continue;
    }
    ASSERT_EQ(fast.seconds, ref.seconds) << text;
    ASSERT_EQ(fast.has_offset, ref.has_offset) << text;
  }
}

TEST(ParseCsvDate, BothForms) {
  int64_t d = 0;
  EXPECT_EQ(ParseCsvDate("2026-07-01", &d), nullptr);
  EXPECT_EQ(d, DaysFromCivil(2026, 7, 1));
  EXPECT_EQ(ParseCsvDate("20240229", &d), nullptr);
  EXPECT_EQ(d, DaysFromCivil(2024, 2, 29));
  EXPECT_STREQ(ParseCsvDate("20230229", &d), "day out of range");
  EXPECT_STREQ(ParseCsvDate("2023-00-01", &d), "month out of range");
  EXPECT_STREQ(ParseCsvDate("2023-1-01", &d), "not a date (expected YYYY-MM-DD or YYYYMMDD)");
  EXPECT_STREQ(ParseCsvDate("", &d), "empty date");
}

TEST(CsvText, ShownEscapesAndTruncates) {
  EXPECT_EQ(Shown("abc"), "'abc'");
  EXPECT_EQ(Shown(std::string_view("a\0b", 3)), "'a\\x00b'");
  EXPECT_EQ(Shown("Z\xC3\xA4hler\xff"), "'Z\xC3\xA4hler\\xFF'");
  EXPECT_EQ(Shown(std::string(100, 'x')), "'" + std::string(64, 'x') + "...'");
  // A cut never splits a character.
  std::string s = std::string(63, 'x') + "\xE2\x82\xAC" + "tail";
  EXPECT_EQ(Shown(s), "'" + std::string(63, 'x') + "\xE2\x82\xAC...'");
}

TEST(MeterIdProblem, Limits) {
  EXPECT_EQ(MeterIdProblem("M0001"), "");
  EXPECT_EQ(MeterIdProblem(std::string(128, 'm')), "");
  EXPECT_NE(MeterIdProblem(std::string(129, 'm')), "");
  EXPECT_NE(MeterIdProblem("a\x7f"), "");
  EXPECT_NE(MeterIdProblem("\xED\xA0\x80"), "");  // a UTF-16 surrogate
  EXPECT_NE(MeterIdProblem("\xC0\xAF"), "");      // overlong '/'
  EXPECT_EQ(MeterIdProblem("\xF0\x9F\x94\x8C"), "");
}

// Random lines, many of them nearly valid: the parser must account for every non-blank line with
// readings or errors and never crash (the ASan build runs this too).
TEST(CsvBlockParser, RandomInputIsAccountedFor) {
  std::mt19937_64 rng(1234);
  const std::string pieces[] = {"M1",    ",",       "2026-07-01T00:15:00Z",
                                "0.219", "\"",      "\"\"",
                                ";",     "\t",      " ",
                                "\r",    "\n",      std::string(1, '\0'),
                                "\xff",  "x",       "2026-11-01 01:30:00",
                                "-",     "1e5",     "kwh",
                                "E",     "20260308"};
  for (const char* header : {"meter_id,timestamp,kwh,quality,channel",
                             "meter_id,date,h0,h1,h2,h3,h4,h5,h6,h7,h8,h9,h10,h11,h12,h13,h14,h15,"
                             "h16,h17,h18,h19,h20,h21,h22"}) {
    const CsvOptions o = InZone("America/Los_Angeles");
    auto layout = ParseCsvHeader(header, o);
    ASSERT_TRUE(layout.ok());
    CsvBlockParser parser(*layout, o);
    for (int round = 0; round < 300; ++round) {
      std::string text;
      const int n = static_cast<int>(rng() % 200);
      for (int i = 0; i < n; ++i) text += pieces[rng() % std::size(pieces)];
      ParsedBlock b;
      parser.Parse(text, &b);
      for (const ParsedRow& r : b.rows) {
        ASSERT_LT(r.meter, b.meters.size());
        ASSERT_LT(r.line, b.line_count);
      }
      for (const RowError& e : b.errors) {
        ASSERT_LT(e.line, b.line_count);
        ASSERT_FALSE(e.reason.empty());
        ASSERT_FALSE(e.field.empty());
      }
    }
  }
}

// A block with a NUL byte checks each line for one; the other lines must read as before.
TEST(CsvBlockParser, ANulLineLeavesTheOthersAlone) {
  std::mt19937_64 rng(99);
  const std::string pieces[] = {
      "M1", ",", "2026-07-01T00:15:00Z", "0.219", ";",   "\t", " ",          "\r", "\n",
      "\n", "x", "2026-11-01 01:30:00",  "-",     "1e5", "E",  "2026-07-01", "M2", ",,",
      "0.5"};
  for (const char* header : {"meter_id,timestamp,kwh,quality", "meter_id\ttimestamp\tkwh",
                             "meter_id,date,h0,h1,h2,h3,h4,h5,h6,h7,h8,h9,h10,h11,h12,h13,h14,h15,"
                             "h16,h17,h18,h19,h20,h21,h22,h23"}) {
    const CsvOptions o = InZone("America/Los_Angeles");
    auto layout = ParseCsvHeader(header, o);
    ASSERT_TRUE(layout.ok());
    CsvBlockParser parser(*layout, o);
    size_t rows = 0, errors = 0;
    for (int round = 0; round < 300; ++round) {
      // Lines of plausible fields (so that many rows are accepted), some of random pieces.
      const std::string cells[] = {"M1",
                                   " M2 ",
                                   "2026-07-01T00:15:00Z",
                                   "2026-11-01 01:30:00",
                                   "2026-03-08 02:30:00",
                                   "0.219",
                                   "7",
                                   "E",
                                   "",
                                   "2026-07-01",
                                   "20261101",
                                   "x",
                                   "0.2191",
                                   " 1.5 ",
                                   "2026-07-01T00:15:00+01:00"};
      const std::string dates[] = {"2026-07-01", "20261101", "2026-03-08", "2026-02-30"};
      const char delim = layout->delimiter;
      std::string text;
      const int lines = static_cast<int>(rng() % 40);
      for (int l = 0; l < lines; ++l) {
        if (rng() % 4 == 0) {
          const int n = static_cast<int>(rng() % 30);
          for (int i = 0; i < n; ++i) text += pieces[rng() % std::size(pieces)];
        } else {
          const int fields = layout->column_count - 1 + static_cast<int>(rng() % 3) / 2;
          for (int i = 0; i < fields; ++i) {
            if (i > 0) text += delim;
            // Mostly the right kind of cell for the column: meter, time or date, then values.
            if (i == 0) {
              text += rng() % 8 ? "M1" : cells[rng() % std::size(cells)];
            } else if (i == 1) {
              const bool wide = layout->shape == CsvShape::kWide;
              text += rng() % 4 == 0 ? cells[rng() % std::size(cells)]
                      : wide         ? dates[rng() % std::size(dates)]
                                     : cells[2 + rng() % 3];
            } else {
              text += cells[rng() % 3 ? 5 + rng() % 4 : rng() % std::size(cells)];
            }
          }
          if (rng() % 5 == 0) text += '\r';
        }
        text += '\n';
      }
      if (!text.empty() && text.back() != '\n') text += '\n';
      ParsedBlock fast, general;
      parser.Parse(text, &fast);
      parser.Parse(text + std::string("\0\n", 2), &general);
      ASSERT_EQ(general.line_count, fast.line_count + 1);
      ASSERT_EQ(general.errors.size(), fast.errors.size() + 1) << text;
      ASSERT_EQ(general.rows.size(), fast.rows.size()) << text;
      EXPECT_EQ(general.meters, fast.meters);
      rows += fast.rows.size();
      errors += fast.errors.size();
      for (size_t i = 0; i < fast.rows.size(); ++i) {
        ASSERT_EQ(fast.rows[i].time, general.rows[i].time);
        ASSERT_EQ(fast.rows[i].value, general.rows[i].value);
        ASSERT_EQ(fast.rows[i].line, general.rows[i].line);
        ASSERT_EQ(fast.rows[i].meter, general.rows[i].meter);
      }
      for (size_t i = 0; i < fast.errors.size(); ++i) {
        ASSERT_EQ(fast.errors[i].line, general.errors[i].line);
        ASSERT_EQ(fast.errors[i].reason, general.errors[i].reason);
      }
    }
    // Both kinds of outcome were exercised.
    EXPECT_GT(rows, 100u) << header;
    EXPECT_GT(errors, 100u) << header;
  }
}

}  // namespace
}  // namespace gridline::ingest
