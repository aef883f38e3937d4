#include "common/decimal.h"

#include <limits>
#include <random>

#include "fmt/format.h"
#include "gtest/gtest.h"

namespace gridline {
namespace {

int64_t Exact(std::string_view text, int scale) {
  int64_t v = 0;
  bool rounded = true;
  EXPECT_EQ(ParseScaledDecimal(text, scale, false, &v, &rounded), DecimalStatus::kOk) << text;
  EXPECT_FALSE(rounded);
  return v;
}

DecimalStatus Status(std::string_view text, int scale) {
  int64_t v;
  bool r;
  return ParseScaledDecimal(text, scale, false, &v, &r);
}

int64_t Rounded(std::string_view text, int scale, bool* changed) {
  int64_t v = 0;
  EXPECT_EQ(ParseScaledDecimal(text, scale, true, &v, changed), DecimalStatus::kOk) << text;
  return v;
}

TEST(Decimal, ParsesExactValues) {
  EXPECT_EQ(Exact("0.219", 3), 219);
  EXPECT_EQ(Exact(" 0.219 ", 3), 219);  // Low Carbon London pads every value with spaces
  EXPECT_EQ(Exact("12", 3), 12000);
  EXPECT_EQ(Exact("-1.5", 3), -1500);
  EXPECT_EQ(Exact("+.5", 3), 500);
  EXPECT_EQ(Exact("5.", 3), 5000);
  EXPECT_EQ(Exact("0.2190000", 3), 219);  // trailing zeros are exact
  EXPECT_EQ(Exact("1.5e2", 3), 150000);
  EXPECT_EQ(Exact("219e-3", 3), 219);
  EXPECT_EQ(Exact("-0.000", 3), 0);
  EXPECT_EQ(Exact("74.63", 5), 7463000);
  EXPECT_EQ(Exact("9223372036854775807", 0), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(Exact("-9223372036854775808", 0), std::numeric_limits<int64_t>::min());
}

TEST(Decimal, RefusesSilentRounding) {
  // A real LCL float artefact: more decimals than a Wh resolution holds.
  EXPECT_EQ(Status("1.9220001", 3), DecimalStatus::kTooPrecise);
  EXPECT_EQ(Status("0.0004", 3), DecimalStatus::kTooPrecise);
  EXPECT_EQ(Status("1e-5", 3), DecimalStatus::kTooPrecise);
}

TEST(Decimal, RoundsHalfToEvenOnRequest) {
  bool changed = false;
  EXPECT_EQ(Rounded("1.9220001", 3, &changed), 1922);
  EXPECT_TRUE(changed);
  // Exactly half: to the even neighbour, either sign.
  EXPECT_EQ(Rounded("0.0005", 3, &changed), 0);
  EXPECT_TRUE(changed);
  EXPECT_EQ(Rounded("-0.0005", 3, &changed), 0);
  EXPECT_EQ(Rounded("0.0015", 3, &changed), 2);
  EXPECT_EQ(Rounded("0.0025", 3, &changed), 2);
  EXPECT_EQ(Rounded("-0.0025", 3, &changed), -2);
  EXPECT_EQ(Rounded("0.0035", 3, &changed), 4);
  EXPECT_EQ(Rounded("2.2185000", 3, &changed), 2218);
  // Past half (a later non-zero digit) rounds up whatever the parity; below half rounds down.
  EXPECT_EQ(Rounded("0.00050001", 3, &changed), 1);
  EXPECT_EQ(Rounded("0.0025000001", 3, &changed), 3);
  EXPECT_EQ(Rounded("-0.0025000001", 3, &changed), -3);
  EXPECT_EQ(Rounded("0.00049999", 3, &changed), 0);
  EXPECT_EQ(Rounded("2.0004", 3, &changed), 2000);
  EXPECT_EQ(Rounded("25e-4", 3, &changed), 2);
  EXPECT_EQ(Rounded("5e-4", 3, &changed), 0);
  EXPECT_EQ(Rounded("5e-5", 3, &changed), 0);
  EXPECT_EQ(Rounded("0.30000000000000004", 3, &changed), 300);
  EXPECT_TRUE(changed);
  EXPECT_EQ(Rounded("0.125", 3, &changed), 125);
  EXPECT_FALSE(changed);
}

// Found in issue 11: half away from zero drifts totals upward on 4-decimal sub-metering data.
// Every 4-decimal value from 0.0000 to 0.9999 rounded to Wh sums to exactly the true total
// under half to even; half away from zero would add 0.0005 kWh per tie (1000 ties here).
TEST(Decimal, HalfToEvenDoesNotDriftTotals) {
  bool changed = false;
  int64_t rounded_sum = 0;
  int64_t exact_sum_tenths_of_wh = 0;
  for (int i = 0; i < 10000; ++i) {
    rounded_sum += Rounded(fmt::format("0.{:04d}", i), 3, &changed);
    exact_sum_tenths_of_wh += i;
  }
  EXPECT_EQ(rounded_sum * 10, exact_sum_tenths_of_wh);
}

TEST(Decimal, RejectsGarbage) {
  EXPECT_EQ(Status("", 3), DecimalStatus::kEmpty);
  EXPECT_EQ(Status("   ", 3), DecimalStatus::kEmpty);
  EXPECT_EQ(Status("abc", 3), DecimalStatus::kSyntax);
  EXPECT_EQ(Status("1.2.3", 3), DecimalStatus::kSyntax);
  EXPECT_EQ(Status("NaN", 3), DecimalStatus::kSyntax);
  EXPECT_EQ(Status("1e", 3), DecimalStatus::kSyntax);
  EXPECT_EQ(Status("-", 3), DecimalStatus::kSyntax);
  EXPECT_EQ(Status("1 2", 3), DecimalStatus::kSyntax);
  EXPECT_EQ(Status("9223372036854775.808", 3), DecimalStatus::kOutOfRange);
  EXPECT_EQ(Status("1e400", 3), DecimalStatus::kOutOfRange);
  EXPECT_EQ(Status("99999999999999999999999", 0), DecimalStatus::kOutOfRange);
}

TEST(Decimal, FormatsWithExactlyScaleDecimals) {
  EXPECT_EQ(FormatScaledDecimal(219, 3), "0.219");
  EXPECT_EQ(FormatScaledDecimal(-5, 3), "-0.005");
  EXPECT_EQ(FormatScaledDecimal(12000, 3), "12.000");
  EXPECT_EQ(FormatScaledDecimal(0, 3), "0.000");
  EXPECT_EQ(FormatScaledDecimal(42, 0), "42");
  EXPECT_EQ(FormatScaledDecimal(std::numeric_limits<int64_t>::min(), 3), "-9223372036854775.808");
}

TEST(Decimal, FormatParseRoundTrip) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 100000; ++i) {
    const int64_t v = static_cast<int64_t>(rng());
    const int scale = static_cast<int>(rng() % 8);
    EXPECT_EQ(Exact(FormatScaledDecimal(v, scale), scale), v);
  }
}

}  // namespace
}  // namespace gridline
