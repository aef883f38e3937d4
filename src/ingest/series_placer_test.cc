#include "ingest/series_placer.h"

#include <algorithm>

#include "common/time.h"
#include "fmt/format.h"
#include "gtest/gtest.h"
#include "ingest/csv/csv_test_util.h"

namespace gridline::ingest {
namespace {

struct Recorder : PlacerSink {
  struct Accepted {
    storage::Reading reading;
    uint64_t line;
  };
  std::vector<Accepted> accepted;
  std::vector<std::string> rejected;
  void Accept(const storage::Reading& r, uint64_t line) override { accepted.push_back({r, line}); }
  void Reject(uint64_t line, std::string field, std::string reason) override {
    rejected.push_back(std::to_string(line) + ": " + field + ": " + reason);
  }
  void Duplicate(uint64_t line) override { duplicates.push_back(line); }
  std::vector<uint64_t> duplicates;
};

int64_t T(std::string_view iso) {
  ParsedTime t;
  EXPECT_EQ(ParseTimestamp(iso, &t), nullptr);
  return t.seconds;
}

ParsedRow Row(int64_t time, int64_t value, int32_t ambiguous_s = 0) {
  ParsedRow r;
  r.time = time;
  r.value = value;
  r.ambiguous_s = ambiguous_s;
  return r;
}

TEST(SeriesPlacer, LearnedIntervalRoundsToDivisorsOfADay) {
  EXPECT_EQ(LearnInterval({}), 900);
  EXPECT_EQ(LearnInterval({5}), 900);
  EXPECT_EQ(LearnInterval({5, 5}), 900);  // repeats are no spacing
  EXPECT_EQ(LearnInterval({0, 900}), 900);
  EXPECT_EQ(LearnInterval({0, 1800}), 1800);
  EXPECT_EQ(LearnInterval({0, 7}), 1);
  EXPECT_EQ(LearnInterval({0, 86400 * 3}), 86400);
  EXPECT_EQ(LearnInterval({0, 3600 * 7}), 3600);  // 7 h does not divide a day: the grid is 1 h
}

// Found in issue 11: one stray `00:07:34` among 5-minute reads made the interval 2 s (the GCD of
// all spacings), and the result depended on row order. The dominant spacing wins in any order.
TEST(SeriesPlacer, StrayReadDoesNotShrinkTheLearnedInterval) {
  std::vector<int64_t> times;
  for (int i = 0; i < 12; ++i) times.push_back(i * 300);
  times.push_back(7 * 60 + 34);
  EXPECT_EQ(LearnInterval(times), 300);
  std::reverse(times.begin(), times.end());
  EXPECT_EQ(LearnInterval(times), 300);
  std::swap(times[3], times[9]);
  EXPECT_EQ(LearnInterval(times), 300);
}

TEST(SeriesPlacer, LearnedIntervalTiesGoToTheLarger) {
  // Gaps 15m, 15m, 30m, 30m: a tie.
  EXPECT_EQ(LearnInterval({0, 900, 1800, 3600, 5400}), 1800);
  // Gaps 15m x3, 30m x2: the dominant 15m.
  EXPECT_EQ(LearnInterval({0, 900, 1800, 2700, 4500, 6300}), 900);
}

// The stray read, first or last in the file, is a row error naming the 5m interval; the others
// land on the 5-minute grid.
TEST(SeriesPlacer, StrayReadIsARowErrorInEitherRowOrder) {
  for (const bool stray_first : {true, false}) {
    storage::Catalog catalog;
    SeriesPlacer placer(&catalog, {});
    Recorder sink;
    const uint32_t m = placer.MeterHandle("M1");
    const int64_t t0 = T("2026-07-01T00:00:00Z");
    uint64_t line = 2;
    if (stray_first) placer.Place(m, Row(t0 + 454, 7), line++, &sink);
    for (int i = 0; i < 12; ++i) placer.Place(m, Row(t0 + i * 300, i), line++, &sink);
    if (!stray_first) placer.Place(m, Row(t0 + 454, 7), line++, &sink);
    placer.FixAll(&sink);
    EXPECT_EQ(sink.accepted.size(), 12u) << stray_first;
    ASSERT_EQ(sink.rejected.size(), 1u) << stray_first;
    EXPECT_EQ(sink.rejected[0],
              std::to_string(stray_first ? 2 : 14) +
                  ": timestamp: 2026-07-01T00:07:34Z is not on the 5m grid of series M1 "
                  "kwh_delivered");
    EXPECT_EQ(catalog.GetSeries(sink.accepted[0].reading.series).interval_s, 300);
    ASSERT_EQ(placer.new_series().size(), 1u);
    EXPECT_EQ(placer.new_series()[0].interval_s, 300);
    EXPECT_EQ(placer.new_series_intervals().at(300), 1u);
  }
}

// Found in issue 11: 9223372036854775.807 kWh was accepted and wrapped the `_system` roll-up.
TEST(SeriesPlacer, ValueOutsideThePlausibleRangeIsARowErrorNamingTheBound) {
  storage::Catalog catalog;
  PlacerOptions o;
  o.interval_s = 900;
  o.field_names = {"meter_id", "timestamp", "kwh"};
  SeriesPlacer placer(&catalog, o);
  Recorder sink;
  const uint32_t m = placer.MeterHandle("M1");
  ParsedRow huge = Row(900, INT64_MAX);
  huge.column = 2;
  placer.Place(m, huge, 2, &sink);
  ParsedRow at_bound = Row(1800, 250'000'000'000);  // 1 TW for 15 minutes: 250 GWh
  placer.Place(m, at_bound, 3, &sink);
  ParsedRow over = Row(2700, -250'000'000'001);
  over.column = 2;
  placer.Place(m, over, 4, &sink);
  ASSERT_EQ(sink.accepted.size(), 1u);
  EXPECT_EQ(sink.accepted[0].line, 3u);
  ASSERT_EQ(sink.rejected.size(), 2u);
  EXPECT_EQ(sink.rejected[0],
            "2: kwh: 9223372036854775.807 kWh is outside the plausible range of kwh_delivered "
            "for a 15m interval: -250000000.000 .. 250000000.000 kWh (1000000000.000 kWh per hour)");
  EXPECT_EQ(sink.rejected[1].substr(0, 39), "4: kwh: -250000000.001 kWh is outside t");
}

// docs/conventions.md: two different values for one slot in one input are a row error naming the
// earlier line; equal values count once, as a duplicate (so A, B, A is one value, one error,
// one duplicate).
TEST(SeriesPlacer, SecondValueForASlotInOneInputIsARowErrorNamingTheEarlierLine) {
  storage::Catalog catalog;
  PlacerOptions o;
  o.interval_s = 900;
  SeriesPlacer placer(&catalog, o);
  Recorder sink;
  const uint32_t m = placer.MeterHandle("M1");
  const int64_t t0 = T("2026-07-01T00:00:00Z");
  for (int i = 0; i < 10; ++i) placer.Place(m, Row(t0 + i * 900, 100 + i), 2 + i, &sink);
  placer.Place(m, Row(t0 + 3 * 900, 999), 20, &sink);   // B for line 5's slot
  placer.Place(m, Row(t0 + 3 * 900, 103), 21, &sink);   // A again
  placer.Place(m, Row(t0 + 10 * 900, 110), 22, &sink);  // a new slot after all that
  EXPECT_EQ(sink.accepted.size(), 11u);
  ASSERT_EQ(sink.rejected.size(), 1u);
  EXPECT_EQ(sink.rejected[0],
            "20: value: line 5 already gave M1 kwh_delivered the value 0.103 for "
            "2026-07-01T00:45:00Z; this line gives 0.999 (two different values for one slot in "
            "one input)");
  EXPECT_EQ(sink.duplicates, std::vector<uint64_t>{21});
}

TEST(SeriesPlacer, LearnsIntervalOfANewSeries) {
  storage::Catalog catalog;
  SeriesPlacer placer(&catalog, {});
  Recorder sink;
  const uint32_t m = placer.MeterHandle("M1");
  const int64_t t0 = T("2013-01-01T00:00:00Z");
  for (int i = 0; i < 100; ++i) placer.Place(m, Row(t0 + i * 1800, i), 10 + i, &sink);
  placer.FixAll(&sink);
  ASSERT_EQ(sink.accepted.size(), 100u);
  const storage::SeriesInfo info = catalog.GetSeries(sink.accepted[0].reading.series);
  EXPECT_EQ(info.interval_s, 1800);
  EXPECT_EQ(sink.accepted[0].reading.slot, t0 / 1800);
  EXPECT_EQ(sink.accepted[99].reading.slot, t0 / 1800 + 99);
  EXPECT_EQ(placer.series_created(), 1u);
}

TEST(SeriesPlacer, ReadingsWaitUntilTheIntervalIsKnown) {
  storage::Catalog catalog;
  SeriesPlacer placer(&catalog, {});
  Recorder sink;
  const uint32_t m = placer.MeterHandle("M1");
  placer.Place(m, Row(900 * 1000, 1), 5, &sink);
  placer.Place(m, Row(900 * 1002, 1), 6, &sink);
  EXPECT_TRUE(sink.accepted.empty());
  EXPECT_EQ(placer.first_waiting_line(), 5u);
  placer.FixAll(&sink);
  EXPECT_EQ(placer.first_waiting_line(), UINT64_MAX);
  ASSERT_EQ(sink.accepted.size(), 2u);
  // Spacing of 30 min: the learned interval is 30 min.
  EXPECT_EQ(catalog.GetSeries(sink.accepted[0].reading.series).interval_s, 1800);
}

TEST(SeriesPlacer, SingleReadGetsFifteenMinutes) {
  storage::Catalog catalog;
  SeriesPlacer placer(&catalog, {});
  Recorder sink;
  placer.Place(placer.MeterHandle("M1"), Row(900 * 7, 1), 2, &sink);
  placer.FixAll(&sink);
  ASSERT_EQ(sink.accepted.size(), 1u);
  EXPECT_EQ(catalog.GetSeries(sink.accepted[0].reading.series).interval_s, 900);
}

TEST(SeriesPlacer, ReadOffTheGridIsARowErrorNamingTheInterval) {
  storage::Catalog catalog;
  SeriesPlacer placer(&catalog, {});
  Recorder sink;
  const uint32_t m = placer.MeterHandle("M1");
  for (int i = 0; i < 70; ++i) placer.Place(m, Row(900 * i, i), 2 + i, &sink);
  placer.Place(m, Row(900 * 80 + 60, 1), 100, &sink);
  ASSERT_EQ(sink.rejected.size(), 1u);
  EXPECT_NE(sink.rejected[0].find("not on the 15m grid of series M1 kwh_delivered"),
            std::string::npos)
      << sink.rejected[0];
  EXPECT_EQ(sink.rejected[0].substr(0, 4), "100:");
}

TEST(SeriesPlacer, IntervalFlagOverridesAndMustMatchExistingSeries) {
  storage::Catalog catalog;
  const storage::AssetId a = catalog.FindOrAddAsset("OLD", storage::AssetKind::kMeter);
  ASSERT_TRUE(catalog.AddSeries(a, ChannelKind::kKwhDelivered, 900).ok());
  PlacerOptions o;
  o.interval_s = 300;
  SeriesPlacer placer(&catalog, o);
  Recorder sink;
  placer.Place(placer.MeterHandle("NEW"), Row(3600, 1), 2, &sink);
  ASSERT_EQ(sink.accepted.size(), 1u);  // fixed at once: no learning needed
  EXPECT_EQ(catalog.GetSeries(sink.accepted[0].reading.series).interval_s, 300);
  placer.Place(placer.MeterHandle("OLD"), Row(3600, 1), 3, &sink);
  ASSERT_EQ(sink.rejected.size(), 1u);
  EXPECT_NE(sink.rejected[0].find("has a 15m interval; --interval 5m does not match"),
            std::string::npos);
}

TEST(SeriesPlacer, LabelEndMovesBackOneInterval) {
  storage::Catalog catalog;
  PlacerOptions o;
  o.label_end = true;
  o.interval_s = 900;
  SeriesPlacer placer(&catalog, o);
  Recorder sink;
  placer.Place(placer.MeterHandle("M1"), Row(T("2026-07-01T00:15:00Z"), 5), 2, &sink);
  ASSERT_EQ(sink.accepted.size(), 1u);
  EXPECT_EQ(sink.accepted[0].reading.slot * 900, T("2026-07-01T00:00:00Z"));
}

// A file in America/Los_Angeles local time lists 01:00..01:45 twice on 2026-11-01: the parser
// gives the first pass with ambiguous_s = 3600; the placer takes the second pass for the repeat.
TEST(SeriesPlacer, RepeatedDstHourTakesTheSecondPassWhenTheSeriesWentPastIt) {
  storage::Catalog catalog;
  PlacerOptions o;
  o.interval_s = 900;
  SeriesPlacer placer(&catalog, o);
  Recorder sink;
  const uint32_t m = placer.MeterHandle("M1");
  const int64_t pdt_0100 = T("2026-11-01T08:00:00Z");
  uint64_t line = 2;
  placer.Place(m, Row(pdt_0100 - 900, 0), line++, &sink);  // 00:45 PDT
  for (int pass = 0; pass < 2; ++pass) {
    for (int q = 0; q < 4; ++q) placer.Place(m, Row(pdt_0100 + q * 900, pass, 3600), line++, &sink);
  }
  placer.Place(m, Row(T("2026-11-01T10:00:00Z"), 9), line++, &sink);  // 02:00 PST
  ASSERT_EQ(sink.accepted.size(), 10u);
  for (size_t i = 1; i < sink.accepted.size(); ++i) {
    EXPECT_EQ(sink.accepted[i].reading.slot, sink.accepted[i - 1].reading.slot + 1) << i;
  }
}

// Parses a long CSV file in `zone` with --label end and places its rows; returns the UTC start of
// each accepted reading.
std::vector<int64_t> PlaceLabelEndFile(std::string_view csv, std::string_view zone,
                                       Recorder* sink) {
  CsvOptions c = InZone(zone);
  c.label_end = true;
  const ParsedBlock b = ParseCsvText(csv, c);
  for (const RowError& e : b.errors) ADD_FAILURE() << FormatRowError(e);
  storage::Catalog catalog;
  PlacerOptions o;
  o.label_end = true;
  o.zone = c.zone;
  SeriesPlacer placer(&catalog, o);
  std::vector<uint32_t> handles;
  for (const std::string& id : b.meters) handles.push_back(placer.MeterHandle(id));
  for (const ParsedRow& r : b.rows) placer.Place(handles[r.meter], r, r.line + 2, sink);
  placer.FixAll(sink);
  std::vector<int64_t> starts;
  for (const Recorder::Accepted& a : sink->accepted) {
    starts.push_back(a.reading.slot * catalog.GetSeries(a.reading.series).interval_s);
  }
  return starts;
}

// An hour-ending day file as PJM writes it in prevailing local time: HE1 is `01:00`, HE24 is
// `24:00`; `skip` is left out, `repeat` written twice.
std::string HourEndingDay(std::string_view date, int skip, int repeat) {
  std::string csv = "meter_id,timestamp,kwh\n";
  int value = 1;
  for (int he = 1; he <= 24; ++he) {
    if (he == skip) continue;
    for (int k = 0; k < (he == repeat ? 2 : 1); ++k) {
      csv += fmt::format("P,{} {:02d}:00:00,{}\n", date, he, value++);
    }
  }
  return csv;
}

// Found in issue 11: `--label end` resolved the zone before subtracting the interval, so the
// spring day's `2:00` (ending 01:00-02:00 EST) was refused as nonexistent and the fall day's two
// `2:00` rows fell on one slot: 2 hours a year lost. Subtracting on the wall clock first, then
// resolving (repeated labels by order), imports both days exactly.
TEST(SeriesPlacer, HourEndingPjmFileImportsBothDstDaysExactly) {
  {
    Recorder sink;
    const std::vector<int64_t> starts =
        PlaceLabelEndFile(HourEndingDay("2026-03-08", 3, 0), "America/New_York", &sink);
    EXPECT_TRUE(sink.rejected.empty()) << sink.rejected[0];
    ASSERT_EQ(starts.size(), 23u);
    EXPECT_EQ(starts.front(), T("2026-03-08T05:00:00Z"));  // 00:00 EST
    EXPECT_EQ(starts[1], T("2026-03-08T06:00:00Z"));       // `2:00` ends 01:00-02:00 EST
    EXPECT_EQ(starts[2], T("2026-03-08T07:00:00Z"));       // `4:00` ends 03:00-04:00 EDT
    for (size_t i = 1; i < starts.size(); ++i) EXPECT_EQ(starts[i] - starts[i - 1], 3600) << i;
  }
  {
    Recorder sink;
    const std::vector<int64_t> starts =
        PlaceLabelEndFile(HourEndingDay("2026-11-01", 0, 2), "America/New_York", &sink);
    EXPECT_TRUE(sink.rejected.empty()) << sink.rejected[0];
    EXPECT_TRUE(sink.duplicates.empty());
    ASSERT_EQ(starts.size(), 25u);
    EXPECT_EQ(starts[0], T("2026-11-01T04:00:00Z"));  // 00:00 EDT
    EXPECT_EQ(starts[1], T("2026-11-01T05:00:00Z"));  // first `2:00`: 01:00-02:00 EDT
    EXPECT_EQ(starts[2], T("2026-11-01T06:00:00Z"));  // second `2:00`: 01:00-02:00 EST
    EXPECT_EQ(starts[3], T("2026-11-01T07:00:00Z"));  // `3:00`: 02:00-03:00 EST
    for (size_t i = 1; i < starts.size(); ++i) EXPECT_EQ(starts[i] - starts[i - 1], 3600) << i;
    EXPECT_EQ(starts.back(), T("2026-11-02T04:00:00Z"));  // `24:00`: 23:00-24:00 EST
  }
}

// An end label whose interval would start in the skipped hour is refused, naming it.
TEST(SeriesPlacer, LabelEndIntervalStartingInTheSkippedHourIsARowError) {
  Recorder sink;
  PlaceLabelEndFile(
      "meter_id,timestamp,kwh\nP,2026-03-08 01:00:00,1\nP,2026-03-08 02:00:00,2\n"
      "P,2026-03-08 03:00:00,3\nP,2026-03-08 04:00:00,4\n",
      "America/New_York", &sink);
  EXPECT_EQ(sink.accepted.size(), 3u);
  ASSERT_EQ(sink.rejected.size(), 1u);
  EXPECT_EQ(sink.rejected[0],
            "4: timestamp: 2026-03-08T03:00:00 ends a 1h interval starting at "
            "2026-03-08T02:00:00 local time, which does not exist in America/New_York (the clocks "
            "skip that hour when DST starts)");
}

TEST(SeriesPlacer, DryRunCreatesNothing) {
  storage::Catalog catalog;
  PlacerOptions o;
  o.dry_run = true;
  SeriesPlacer placer(&catalog, o);
  Recorder sink;
  const uint32_t m = placer.MeterHandle("M1");
  for (int i = 0; i < 100; ++i) placer.Place(m, Row(900 * i, i), 2 + i, &sink);
  placer.Place(m, Row(900 * 200 + 1, 1), 300, &sink);
  placer.FixAll(&sink);
  EXPECT_EQ(sink.accepted.size(), 100u);
  EXPECT_EQ(sink.rejected.size(), 1u);
  EXPECT_EQ(catalog.asset_count(), 0u);
  EXPECT_EQ(catalog.series_count(), 0u);
}

TEST(SeriesPlacer, RejectsTimesBefore1970) {
  storage::Catalog catalog;
  PlacerOptions o;
  o.interval_s = 900;
  o.label_end = true;
  SeriesPlacer placer(&catalog, o);
  Recorder sink;
  placer.Place(placer.MeterHandle("M1"), Row(0, 1), 2, &sink);  // end of an interval before 1970
  EXPECT_EQ(sink.rejected.size(), 1u);
}

}  // namespace
}  // namespace gridline::ingest
