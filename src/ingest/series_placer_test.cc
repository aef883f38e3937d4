#include "ingest/series_placer.h"

#include "common/time.h"
#include "gtest/gtest.h"

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

TEST(SeriesPlacer, IntervalFromGcdRoundsToDivisorsOfADay) {
  EXPECT_EQ(IntervalFromGcd(0), 900);
  EXPECT_EQ(IntervalFromGcd(900), 900);
  EXPECT_EQ(IntervalFromGcd(1800), 1800);
  EXPECT_EQ(IntervalFromGcd(7), 1);
  EXPECT_EQ(IntervalFromGcd(86400 * 3), 86400);
  EXPECT_EQ(IntervalFromGcd(3600 * 7), 3600);  // 7 h does not divide a day: the grid is 1 h
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
