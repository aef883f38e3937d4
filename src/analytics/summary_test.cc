// Tests of Summarize: every figure of one asset in one struct (hand-computed), the loading fields
// present only with a rating, hourly loading only where whole hours form, and no NaN or inf on the
// edge cases (empty, all missing, single interval, zero load, export).
#include "analytics/summary.h"

#include <cmath>

#include "analytics/test_series.h"
#include "gtest/gtest.h"

namespace gridline::analytics {
namespace {

// Every double of a summary, for the finite check.
std::vector<double> AllDoubles(const LoadSummary& s) {
  std::vector<double> out = {s.hours_with_data};
  for (const std::optional<double>& v : {s.average_kw, s.peak_kw, s.min_kw, s.load_factor}) {
    if (v.has_value()) out.push_back(*v);
  }
  for (const LdcPoint& p : s.load_duration_curve) {
    out.push_back(p.percent_of_time);
    out.push_back(p.kw);
  }
  for (const std::optional<LoadingSummary>& l : {s.loading, s.hourly_loading}) {
    if (!l.has_value()) continue;
    out.insert(out.end(), {l->rating_kva, l->power_factor, l->hours_with_data, l->hours_over_80,
                           l->hours_over_100, l->longest_over_100_hours});
    if (l->peak_loading_pct.has_value()) out.push_back(*l->peak_loading_pct);
  }
  return out;
}

void ExpectFinite(const LoadSummary& s) {
  for (double v : AllDoubles(s)) EXPECT_TRUE(std::isfinite(v)) << v;
}

TEST(AnalyticsSummary, OneTransformerDay) {
  // Two hours of quarter hours, a 10 kVA transformer, PF 1 (kW = Wh / 250, % = 10 x kW):
  //   Wh  1000 2000 3000 2000 | 500 500 500 -
  //   kW     4    8   12    8 |   2   2   2 -
  //   %     40   80  120   80 |  20  20  20 -
  // E = 9500 Wh over 7 intervals = 1.75 h: average 9.5 / 1.75 = 5.428571 kW.
  // Peak 12 kW at 00:30, minimum 2 kW at 01:00. LF = 9500 / (3000 x 7) = 0.452381.
  // Over 80 %: 120 only -> 0.25 h; over 100 %: the same 0.25 h, one run from 00:30.
  // Hourly: 8000 Wh = 8 kW = 80 % (not over) in hour 1; hour 2 lacks 01:45 -> missing.
  const LoadSeries series = MakeSeries({1000, 2000, 3000, 2000, 500, 500, 500, kMissing});
  SummaryOptions options;
  options.rating_kva = 10.0;
  options.ldc_max_points = 3;
  const absl::StatusOr<LoadSummary> s = Summarize(series, options);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->start_s, kT0);
  EXPECT_EQ(s->end_s, kT0 + 7200);
  EXPECT_EQ(s->interval_s, 900);
  EXPECT_EQ(s->interval_count, 8u);
  EXPECT_EQ(s->intervals_present, 7u);
  EXPECT_EQ(s->hours_with_data, 1.75);
  EXPECT_EQ(s->energy_wh, 9500);
  EXPECT_DOUBLE_EQ(*s->average_kw, 9.5 / 1.75);
  EXPECT_EQ(s->peak_kw, 12.0);
  EXPECT_EQ(s->peak_start_s, kT0 + 1800);
  EXPECT_EQ(s->min_kw, 2.0);
  EXPECT_EQ(s->min_start_s, kT0 + 3600);
  EXPECT_DOUBLE_EQ(*s->load_factor, 9500.0 / 21000.0);
  // LDC of 7 values, 3 points: ranks 1, 4, 7 -> 12 kW at 100/7 %, 4 kW at 400/7 %, 2 at 100 %.
  ASSERT_EQ(s->load_duration_curve.size(), 3u);
  EXPECT_EQ(s->load_duration_curve[0].kw, 12.0);
  EXPECT_DOUBLE_EQ(s->load_duration_curve[1].percent_of_time, 400.0 / 7.0);
  EXPECT_EQ(s->load_duration_curve[1].kw, 4.0);
  EXPECT_EQ(s->load_duration_curve[2].kw, 2.0);

  ASSERT_TRUE(s->loading.has_value());
  EXPECT_EQ(s->loading->peak_loading_pct, 120.0);
  EXPECT_EQ(s->loading->hours_over_80, 0.25);
  EXPECT_EQ(s->loading->hours_over_100, 0.25);
  EXPECT_EQ(s->loading->longest_over_100_hours, 0.25);
  EXPECT_EQ(s->loading->longest_over_100_start_s, kT0 + 1800);
  ASSERT_TRUE(s->hourly_loading.has_value());
  EXPECT_EQ(s->hourly_loading->interval_s, 3600);
  EXPECT_EQ(s->hourly_loading->hours_with_data, 1.0);
  EXPECT_EQ(s->hourly_loading->peak_loading_pct, 80.0);
  EXPECT_EQ(s->hourly_loading->hours_over_80, 0.0);
  EXPECT_EQ(s->hourly_loading->hours_over_100, 0.0);
  ExpectFinite(*s);
}

TEST(AnalyticsSummary, NoRatingNoLoading) {
  const LoadSummary s = *Summarize(MakeSeries({100, 200}), SummaryOptions{});
  EXPECT_FALSE(s.loading.has_value());
  EXPECT_FALSE(s.hourly_loading.has_value());
  EXPECT_EQ(s.peak_kw, 0.8);
}

TEST(AnalyticsSummary, DailySeriesHasNoHourlyLoading) {
  // 24 kWh a day = 1 kW average; 5 kVA rating = 20 %.
  SummaryOptions options;
  options.rating_kva = 5.0;
  const LoadSummary s = *Summarize(MakeSeries({24000, 24000}, 86400), options);
  ASSERT_TRUE(s.loading.has_value());
  EXPECT_EQ(s.loading->peak_loading_pct, 20.0);
  EXPECT_FALSE(s.hourly_loading.has_value());
}

TEST(AnalyticsSummary, EdgeCasesAreAbsentNotNan) {
  SummaryOptions options;
  options.rating_kva = 25.0;
  for (const LoadSeries& series :
       {MakeSeries({}), MakeSeries({kMissing, kMissing, kMissing, kMissing}), MakeSeries({0}),
        MakeSeries({0, 0, 0, 0}), MakeSeries({-500, -1000}), MakeSeries({700})}) {
    const absl::StatusOr<LoadSummary> s = Summarize(series, options);
    ASSERT_TRUE(s.ok()) << s.status();
    ExpectFinite(*s);
    // LF is defined only with a positive peak: here just for the single 700 Wh interval.
    EXPECT_EQ(s->load_factor.has_value(), s->peak_kw.has_value() && *s->peak_kw > 0);
    EXPECT_EQ(s->peak_kw.has_value(), series.present_count() > 0);
    EXPECT_EQ(s->load_duration_curve.size(), series.present_count());
    EXPECT_TRUE(s->loading.has_value());
  }
  // Single interval: 700 Wh = 2.8 kW, LF = 1, an LDC of one point.
  const LoadSummary one = *Summarize(MakeSeries({700}), options);
  EXPECT_EQ(one.peak_kw, 2.8);
  EXPECT_EQ(one.min_kw, 2.8);
  EXPECT_EQ(one.load_factor, 1.0);
  ASSERT_EQ(one.load_duration_curve.size(), 1u);
  EXPECT_EQ(one.load_duration_curve[0].percent_of_time, 100.0);
  // Export only: peak -2 kW, minimum -4 kW (the largest export), loading of |kW| = 16 %.
  const LoadSummary pv = *Summarize(MakeSeries({-500, -1000}), options);
  EXPECT_EQ(pv.peak_kw, -2.0);
  EXPECT_EQ(pv.min_kw, -4.0);
  EXPECT_FALSE(pv.load_factor.has_value());
  EXPECT_EQ(pv.loading->peak_loading_pct, 16.0);
}

TEST(AnalyticsSummary, RejectsBadOptions) {
  const LoadSeries s = MakeSeries({100});
  SummaryOptions few_points;
  few_points.ldc_max_points = 1;
  EXPECT_EQ(Summarize(s, few_points).status().code(), absl::StatusCode::kInvalidArgument);
  SummaryOptions bad_rating;
  bad_rating.rating_kva = 0.0;
  EXPECT_EQ(Summarize(s, bad_rating).status().code(), absl::StatusCode::kInvalidArgument);
  SummaryOptions bad_pf;
  bad_pf.rating_kva = 10.0;
  bad_pf.power_factor = 1.5;
  EXPECT_EQ(Summarize(s, bad_pf).status().code(), absl::StatusCode::kInvalidArgument);
  // A bad PF is an error even without a rating (it would be one as soon as a rating is added).
  SummaryOptions pf_only;
  pf_only.power_factor = 0.0;
  EXPECT_EQ(Summarize(s, pf_only).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace gridline::analytics
