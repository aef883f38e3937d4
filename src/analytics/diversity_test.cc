// Tests of coincident / non-coincident peaks and the diversity factor (docs/domain.md section 3:
// NCP_i = own max, CP_i = load at the group's peak, DF = sum(NCP_i) / P_max >= 1, CF = 1 / DF),
// for meters under a transformer and for transformers under a feeder.
#include "analytics/diversity.h"

#include "analytics/test_series.h"
#include "gtest/gtest.h"

namespace gridline::analytics {
namespace {

// Two meters, 15 minutes (kW = Wh / 250):
//   A  Wh 1000  250  500    0   kW 4 1 2 0
//   B  Wh  250  750 1000  500   kW 1 3 4 2
//   A+B   1250 1000 1500  500   kW 5 4 6 2
TEST(AnalyticsDiversity, TwoMetersHandComputed) {
  const LoadSeries a = MakeSeries({1000, 250, 500, 0});
  const LoadSeries b = MakeSeries({250, 750, 1000, 500});
  const LoadSeries group = *SumSeries({&a, &b});
  const absl::StatusOr<DiversityResult> r = ComputeDiversity(group, {{"A", &a}, {"B", &b}});
  ASSERT_TRUE(r.ok()) << r.status();
  // P_max = 6 kW in the third interval.
  EXPECT_EQ(r->group_peak_kw, 6.0);
  EXPECT_EQ(r->group_peak_start_s, kT0 + 2 * 900);
  ASSERT_EQ(r->members.size(), 2u);
  EXPECT_EQ(r->members[0].id, "A");
  EXPECT_EQ(r->members[0].ncp_kw, 4.0);  // A peaks first, at 00:00
  EXPECT_EQ(r->members[0].ncp_start_s, kT0);
  EXPECT_EQ(r->members[0].cp_kw, 2.0);  // A at 00:30
  EXPECT_EQ(r->members[1].ncp_kw, 4.0);
  EXPECT_EQ(r->members[1].ncp_start_s, kT0 + 2 * 900);
  EXPECT_EQ(r->members[1].cp_kw, 4.0);
  // sum(NCP) = 8 kW; sum(CP) = 6 kW = P_max (the group is the members' sum).
  EXPECT_EQ(r->sum_ncp_kw, 8.0);
  EXPECT_EQ(r->sum_cp_kw, 6.0);
  // DF = 8 / 6 = 1.333..., CF = 6 / 8 = 0.75.
  EXPECT_DOUBLE_EQ(*r->diversity_factor, 4.0 / 3.0);
  EXPECT_EQ(*r->coincidence_factor, 0.75);
  EXPECT_EQ(r->members_without_data, 0u);
  EXPECT_EQ(r->members_without_cp, 0u);
}

TEST(AnalyticsDiversity, HeadEndSeriesWithLosses) {
  // The group measured at its head: A+B plus 100 Wh of losses per interval:
  // 1350 1100 1600 600 -> P_max = 6.4 kW; DF = 2000 Wh / 1600 Wh = 1.25.
  const LoadSeries a = MakeSeries({1000, 250, 500, 0});
  const LoadSeries b = MakeSeries({250, 750, 1000, 500});
  const LoadSeries head = MakeSeries({1350, 1100, 1600, 600});
  const DiversityResult r = *ComputeDiversity(head, {{"A", &a}, {"B", &b}});
  EXPECT_EQ(r.group_peak_kw, 6.4);
  EXPECT_EQ(*r.diversity_factor, 1.25);
  // Large unmetered load can push DF below 1: P_max 3000 Wh, DF = 2000 / 3000. Reported as is.
  const LoadSeries heavy = MakeSeries({3000, 1100, 1600, 600});
  EXPECT_DOUBLE_EQ(*ComputeDiversity(heavy, {{"A", &a}, {"B", &b}})->diversity_factor, 2.0 / 3.0);
}

TEST(AnalyticsDiversity, MemberMissingAtGroupPeak) {
  // B's third interval is missing; the group (head-end) still peaks there at 1500 Wh = 6 kW.
  // NCP_B = max(250, 750, 500) = 750 Wh = 3 kW; CP_B absent.
  // DF = (1000 + 750) / 1500 = 7/6; sum(CP) = A's 500 Wh = 2 kW.
  const LoadSeries a = MakeSeries({1000, 250, 500, 0});
  const LoadSeries b = MakeSeries({250, 750, kMissing, 500});
  const LoadSeries group = MakeSeries({1250, 1000, 1500, 500});
  const DiversityResult r = *ComputeDiversity(group, {{"A", &a}, {"B", &b}});
  EXPECT_EQ(r.members[1].ncp_kw, 3.0);
  EXPECT_FALSE(r.members[1].cp_kw.has_value());
  EXPECT_EQ(r.members_without_cp, 1u);
  EXPECT_EQ(r.sum_cp_kw, 2.0);
  EXPECT_EQ(r.sum_ncp_kw, 7.0);
  EXPECT_DOUBLE_EQ(*r.diversity_factor, 7.0 / 6.0);
}

TEST(AnalyticsDiversity, MemberWithoutData) {
  const LoadSeries a = MakeSeries({1000, 250});
  const LoadSeries none = MakeSeries({kMissing, kMissing});
  const LoadSeries group = MakeSeries({1000, 300});
  const DiversityResult r = *ComputeDiversity(group, {{"A", &a}, {"dead", &none}});
  EXPECT_FALSE(r.members[1].ncp_kw.has_value());
  EXPECT_FALSE(r.members[1].ncp_start_s.has_value());
  EXPECT_EQ(r.members_without_data, 1u);
  EXPECT_EQ(r.members_without_cp, 1u);
  // Only A counts: DF = 1000 / 1000 = 1.
  EXPECT_EQ(*r.diversity_factor, 1.0);
}

// A feeder with two transformers, hourly (kW = Wh / 1000):
//   meter m1  500  800  100      T1 = m1 + m2 = 900  800  700
//   meter m2  400    0  600      T2 = m3      = 200 1000  600
//   meter m3  200 1000  600      feeder       =1100 1800 1300  -> P_max 1.8 kW at 01:00
TEST(AnalyticsDiversity, TransformersUnderAFeeder) {
  const LoadSeries m1 = MakeSeries({500, 800, 100}, 3600);
  const LoadSeries m2 = MakeSeries({400, 0, 600}, 3600);
  const LoadSeries m3 = MakeSeries({200, 1000, 600}, 3600);
  const LoadSeries t1 = *SumSeries({&m1, &m2});
  const LoadSeries t2 = *SumSeries({&m3});
  const LoadSeries feeder = *SumSeries({&t1, &t2});

  // Members are the transformers: NCP_T1 = 0.9 kW (00:00), NCP_T2 = 1.0 kW (01:00);
  // CP_T1 = 0.8, CP_T2 = 1.0; DF = 1900 / 1800 = 1.0556, CF = 1800 / 1900.
  const DiversityResult by_xfmr = *ComputeDiversity(feeder, {{"T1", &t1}, {"T2", &t2}});
  EXPECT_EQ(by_xfmr.group_peak_kw, 1.8);
  EXPECT_EQ(by_xfmr.group_peak_start_s, kT0 + 3600);
  EXPECT_EQ(by_xfmr.members[0].ncp_kw, 0.9);
  EXPECT_EQ(by_xfmr.members[0].ncp_start_s, kT0);
  EXPECT_EQ(by_xfmr.members[0].cp_kw, 0.8);
  EXPECT_EQ(by_xfmr.members[1].cp_kw, 1.0);
  EXPECT_DOUBLE_EQ(*by_xfmr.diversity_factor, 1900.0 / 1800.0);
  EXPECT_DOUBLE_EQ(*by_xfmr.coincidence_factor, 1800.0 / 1900.0);

  // Members are the meters: NCP = 0.8 + 0.6 + 1.0 = 2.4 kW; DF = 2400 / 1800 = 4/3. The smaller
  // the members, the less their own peaks coincide.
  const DiversityResult by_meter =
      *ComputeDiversity(feeder, {{"m1", &m1}, {"m2", &m2}, {"m3", &m3}});
  EXPECT_DOUBLE_EQ(by_meter.sum_ncp_kw, 2.4);
  EXPECT_DOUBLE_EQ(*by_meter.diversity_factor, 4.0 / 3.0);
}

TEST(AnalyticsDiversity, UndefinedFactorsAreAbsent) {
  const LoadSeries zero = MakeSeries({0, 0});
  EXPECT_FALSE(ComputeDiversity(zero, {{"z", &zero}})->diversity_factor.has_value());
  const LoadSeries empty = MakeSeries({kMissing, kMissing});
  const DiversityResult r = *ComputeDiversity(empty, {{"e", &empty}});
  EXPECT_FALSE(r.group_peak_kw.has_value());
  EXPECT_FALSE(r.diversity_factor.has_value());
  EXPECT_FALSE(r.coincidence_factor.has_value());
  // Members exporting at their own peaks: sum(NCP) <= 0, no DF.
  const LoadSeries pv = MakeSeries({-400, -100});
  const LoadSeries grid = MakeSeries({100, 50});
  EXPECT_FALSE(ComputeDiversity(grid, {{"pv", &pv}})->diversity_factor.has_value());
  // No members: the group peak alone.
  const DiversityResult alone = *ComputeDiversity(grid, {});
  EXPECT_EQ(alone.group_peak_kw, 0.4);
  EXPECT_FALSE(alone.diversity_factor.has_value());
}

TEST(AnalyticsDiversity, RejectsMembersOffTheGrid) {
  const LoadSeries group = MakeSeries({1, 2, 3});
  const LoadSeries shorter = MakeSeries({1, 2});
  const LoadSeries hourly = MakeSeries({1, 2, 3}, 3600);
  const absl::StatusOr<DiversityResult> r = ComputeDiversity(group, {{"short", &shorter}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("short"), std::string::npos);
  EXPECT_FALSE(ComputeDiversity(group, {{"h", &hourly}}).ok());
  EXPECT_FALSE(ComputeDiversity(group, {{"null", nullptr}}).ok());
}

}  // namespace
}  // namespace gridline::analytics
