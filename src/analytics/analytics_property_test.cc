// Property tests of analytics/ on random series (fixed seeds, so failures reproduce): the
// invariants that docs/domain.md section 3's definitions imply, checked against brute force:
//   LF in [0, 1] for non-negative loads;  DF >= 1 when the group is the sum of its members;
//   the LDC non-increasing, from the peak to the minimum;  hours_over_100 <= hours_over_80 <=
//   hours with data;  the reported peak = the brute-force maximum (earliest on ties);
//   hourly sums = brute-force sums of whole hours;  no NaN or inf anywhere.
#include <cmath>
#include <random>
#include <string>

#include "analytics/demand_stats.h"
#include "analytics/diversity.h"
#include "analytics/loading.h"
#include "analytics/summary.h"
#include "analytics/test_series.h"
#include "gtest/gtest.h"

namespace gridline::analytics {
namespace {

constexpr int kRounds = 300;

struct Shape {
  int64_t interval_s;
  size_t length;
  double missing_share;
  bool allow_negative;
};

Shape RandomShape(std::mt19937_64& rng, bool allow_negative) {
  static constexpr int64_t kIntervals[] = {300, 900, 1800, 3600};
  return Shape{kIntervals[rng() % 4], static_cast<size_t>(rng() % 400),
               std::uniform_real_distribution<double>(0, 0.5)(rng), allow_negative};
}

// Loads with ties, zeros, spikes and (optionally) export; a share of intervals missing.
LoadSeries RandomSeries(std::mt19937_64& rng, const Shape& shape) {
  std::bernoulli_distribution missing(shape.missing_share);
  std::vector<std::optional<int64_t>> wh(shape.length);
  for (std::optional<int64_t>& v : wh) {
    if (missing(rng)) continue;
    const uint64_t kind = rng() % 5;
    if (kind == 0) {
      v = 0;
    } else if (kind == 1) {
      v = static_cast<int64_t>(rng() % 8) * 250;  // many ties
    } else if (kind == 2) {
      v = static_cast<int64_t>(rng() % 1'000'000);  // spikes
    } else {
      v = static_cast<int64_t>(rng() % 5000);
    }
    if (shape.allow_negative && rng() % 3 == 0) *v = -*v;
  }
  return MakeSeries(std::move(wh), shape.interval_s, kT0 + 3600 * static_cast<int64_t>(rng() % 5));
}

TEST(AnalyticsProperty, PeakMatchesBruteForce) {
  std::mt19937_64 rng(1);
  for (int round = 0; round < kRounds; ++round) {
    const LoadSeries s = RandomSeries(rng, RandomShape(rng, /*allow_negative=*/true));
    std::optional<size_t> best;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i].has_value() && (!best || s.DemandKw(*s[i]) > s.DemandKw(*s[*best]))) best = i;
    }
    const std::optional<PeakAndMinimum> pm = FindPeakAndMinimum(s);
    ASSERT_EQ(pm.has_value(), best.has_value());
    if (!best) continue;
    EXPECT_EQ(pm->peak.kw, s.DemandKw(*s[*best]));
    EXPECT_EQ(pm->peak.start_s, s.IntervalStart(*best));
    EXPECT_LE(pm->minimum.kw, pm->peak.kw);
  }
}

TEST(AnalyticsProperty, LoadFactorWithinZeroAndOne) {
  std::mt19937_64 rng(2);
  int checked = 0;
  for (int round = 0; round < kRounds; ++round) {
    const LoadSeries s = RandomSeries(rng, RandomShape(rng, /*allow_negative=*/false));
    const std::optional<double> lf = LoadFactor(s);
    const std::optional<PeakAndMinimum> pm = FindPeakAndMinimum(s);
    ASSERT_EQ(lf.has_value(), pm.has_value() && pm->peak.wh > 0);
    if (!lf) continue;
    ++checked;
    EXPECT_GE(*lf, 0.0);
    EXPECT_LE(*lf, 1.0);
    // LF = average / peak.
    EXPECT_NEAR(*lf, *AverageDemandKw(s) / pm->peak.kw, 1e-12);
  }
  EXPECT_GT(checked, kRounds / 2);  // not vacuous
}

TEST(AnalyticsProperty, DiversityFactorAtLeastOne) {
  std::mt19937_64 rng(3);
  int checked = 0;
  for (int round = 0; round < kRounds; ++round) {
    Shape shape = RandomShape(rng, /*allow_negative=*/rng() % 2 == 0);
    shape.missing_share /= 10;  // the sum needs every member present
    const size_t member_count = 1 + rng() % 12;
    std::vector<LoadSeries> series;
    for (size_t m = 0; m < member_count; ++m) {
      // Same grid for all: fix the start by reseeding the start offset.
      std::vector<std::optional<int64_t>> wh = RandomSeries(rng, shape).energy_wh();
      series.push_back(MakeSeries(std::move(wh), shape.interval_s));
    }
    std::vector<const LoadSeries*> parts;
    std::vector<GroupMember> members;
    for (size_t m = 0; m < member_count; ++m) {
      parts.push_back(&series[m]);
      members.push_back({"m" + std::to_string(m), &series[m]});
    }
    const LoadSeries group = *SumSeries(parts);
    const absl::StatusOr<DiversityResult> r = ComputeDiversity(group, members);
    ASSERT_TRUE(r.ok()) << r.status();
    if (!r->diversity_factor) continue;
    ++checked;
    EXPECT_GE(*r->diversity_factor, 1.0);
    EXPECT_LE(*r->coincidence_factor, 1.0);
    EXPECT_GT(*r->coincidence_factor, 0.0);
    // At the group peak every member is present, and the CPs add up to the peak.
    EXPECT_EQ(r->members_without_cp, 0u);
    EXPECT_NEAR(r->sum_cp_kw, *r->group_peak_kw, 1e-9 * std::abs(*r->group_peak_kw));
    for (const MemberPeaks& m : r->members) EXPECT_LE(*m.cp_kw, *m.ncp_kw);
  }
  EXPECT_GT(checked, kRounds / 2);
}

TEST(AnalyticsProperty, LoadDurationCurveNonIncreasing) {
  std::mt19937_64 rng(4);
  for (int round = 0; round < kRounds; ++round) {
    const LoadSeries s = RandomSeries(rng, RandomShape(rng, /*allow_negative=*/true));
    const size_t max_points = 2 + rng() % 150;
    const std::vector<LdcPoint> curve = *LoadDurationCurve(s, max_points);
    EXPECT_EQ(curve.size(), std::min(max_points, s.present_count()));
    if (curve.empty()) continue;
    const PeakAndMinimum pm = *FindPeakAndMinimum(s);
    EXPECT_EQ(curve.front().kw, pm.peak.kw);
    EXPECT_EQ(curve.back().kw, pm.minimum.kw);
    EXPECT_EQ(curve.back().percent_of_time, 100.0);
    EXPECT_GT(curve.front().percent_of_time, 0.0);
    for (size_t j = 1; j < curve.size(); ++j) {
      EXPECT_LE(curve[j].kw, curve[j - 1].kw);
      EXPECT_GT(curve[j].percent_of_time, curve[j - 1].percent_of_time);
    }
  }
}

TEST(AnalyticsProperty, HoursOverAreNested) {
  std::mt19937_64 rng(5);
  int strictly_nested = 0;  // rounds with 0 < hours_over_100 < hours_over_80
  for (int round = 0; round < kRounds; ++round) {
    const LoadSeries s = RandomSeries(rng, RandomShape(rng, /*allow_negative=*/true));
    // Ratings around typical loads (kW up to 4,000 on 15-minute spikes) so every band is hit.
    const LoadingOptions options{std::uniform_real_distribution<double>(0.5, 500)(rng),
                                 std::uniform_real_distribution<double>(0.7, 1.0)(rng)};
    const LoadingSummary l = *SummarizeLoading(s, options);
    EXPECT_LE(l.hours_over_100, l.hours_over_80);
    EXPECT_LE(l.hours_over_80, l.hours_with_data);
    EXPECT_LE(l.longest_over_100_hours, l.hours_over_100);
    EXPECT_EQ(l.longest_over_100_start_s.has_value(), l.hours_over_100 > 0);
    if (l.hours_over_100 > 0 && l.hours_over_100 < l.hours_over_80) ++strictly_nested;
    // Brute force from the per-interval percentages.
    const std::vector<std::optional<double>> pct = *LoadingPercent(s, options);
    size_t over_100 = 0;
    double peak = -1;
    for (const std::optional<double>& p : pct) {
      if (!p) continue;
      if (*p > 100) ++over_100;
      peak = std::max(peak, *p);
    }
    EXPECT_EQ(l.hours_over_100, static_cast<double>(over_100) * s.interval_s() / 3600.0);
    if (l.peak_loading_pct) {
      EXPECT_EQ(*l.peak_loading_pct, peak);
    }
  }
  EXPECT_GT(strictly_nested, kRounds / 4);
}

TEST(AnalyticsProperty, HourlySumsMatchBruteForce) {
  std::mt19937_64 rng(6);
  size_t hours_present = 0;
  size_t hours_missing = 0;
  for (int round = 0; round < kRounds; ++round) {
    Shape shape = RandomShape(rng, /*allow_negative=*/true);
    shape.interval_s = rng() % 2 == 0 ? 900 : 300;
    const int64_t offset = static_cast<int64_t>(rng() % 12) * shape.interval_s;
    const LoadSeries base = RandomSeries(rng, shape);
    const LoadSeries s = MakeSeries(base.energy_wh(), shape.interval_s, base.start_s() + offset);
    const LoadSeries h = *ToHourly(s);
    for (size_t k = 0; k < h.size(); ++k) {
      int64_t sum = 0;
      bool complete = true;
      size_t found = 0;
      for (size_t i = 0; i < s.size(); ++i) {
        const int64_t t = s.IntervalStart(i);
        if (t < h.IntervalStart(k) || t >= h.IntervalStart(k) + 3600) continue;
        ++found;
        if (s[i]) {
          sum += *s[i];
        } else {
          complete = false;
        }
      }
      EXPECT_EQ(found, static_cast<size_t>(3600 / shape.interval_s));
      EXPECT_EQ(h[k], complete ? std::optional<int64_t>(sum) : std::nullopt);
      ++(complete ? hours_present : hours_missing);
    }
    // Every whole hour inside the series is there.
    EXPECT_EQ(h.start_s() % 3600, 0);
    EXPECT_LE(s.start_s(), h.start_s());
    EXPECT_LE(h.end_s(), std::max(s.end_s(), h.start_s()));
    EXPECT_LT(s.end_s() - std::max(h.end_s(), s.start_s()), 2 * 3600);
  }
  EXPECT_GT(hours_present, 100u);
  EXPECT_GT(hours_missing, 100u);
}

TEST(AnalyticsProperty, SummaryNeverNanOrInf) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < kRounds; ++round) {
    const LoadSeries s = RandomSeries(rng, RandomShape(rng, /*allow_negative=*/rng() % 2 == 0));
    SummaryOptions options;
    if (rng() % 2 == 0) options.rating_kva = 1 + static_cast<double>(rng() % 1000);
    const LoadSummary sum = *Summarize(s, options);
    for (const std::optional<double>& v :
         {sum.average_kw, sum.peak_kw, sum.min_kw, sum.load_factor}) {
      if (v) {
        EXPECT_TRUE(std::isfinite(*v));
      }
    }
    for (const LdcPoint& p : sum.load_duration_curve) {
      EXPECT_TRUE(std::isfinite(p.kw) && std::isfinite(p.percent_of_time));
    }
    for (const std::optional<LoadingSummary>& l : {sum.loading, sum.hourly_loading}) {
      if (l && l->peak_loading_pct) {
        EXPECT_TRUE(std::isfinite(*l->peak_loading_pct));
      }
    }
    EXPECT_EQ(sum.loading.has_value(), options.rating_kva.has_value());
  }
}

}  // namespace
}  // namespace gridline::analytics
