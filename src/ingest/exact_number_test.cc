#include "ingest/exact_number.h"

#include "gtest/gtest.h"

namespace gridline::ingest {
namespace {

int64_t Scaled(std::string_view value, std::string_view factor, int scale, bool round = false,
               DecimalStatus want = DecimalStatus::kOk) {
  const NumberSyntax syntax{.hex = true, .d_exponent = true, .empty_is_zero = true};
  ExactNumber v, f;
  EXPECT_EQ(ParseExactNumber(value, syntax, &v), DecimalStatus::kOk) << value;
  EXPECT_EQ(ParseExactNumber(factor, syntax, &f), DecimalStatus::kOk) << factor;
  int64_t out = -999;
  bool rounded = false;
  EXPECT_EQ(ScaleExact(v, f, scale, round, &out, &rounded), want) << value << " x " << factor;
  return out;
}

TEST(ExactNumber, ParsesDecimalsHexAndExponents) {
  EXPECT_EQ(Scaled("1.5", "1", 3), 1500);
  EXPECT_EQ(Scaled("-0.005", "1", 3), -5);
  EXPECT_EQ(Scaled("H1F", "1", 3), 31000);
  EXPECT_EQ(Scaled("1.5E3", "1", 0), 1500);
  EXPECT_EQ(Scaled("25D-3", "1", 3), 25);
  EXPECT_EQ(Scaled("", "1", 3), 0);  // CMEP: an empty number is zero
  EXPECT_EQ(Scaled("000123.4500", "1", 2), 12345);
}

TEST(ExactNumber, MultipliesExactly) {
  // 0.1 x 3 is 0.3 exactly, never 0.30000000000000004.
  EXPECT_EQ(Scaled("0.1", "3", 3), 300);
  EXPECT_EQ(Scaled("36318", "0.001", 3), 36318);
  EXPECT_EQ(Scaled("0.0005", "2", 3), 1);  // exact although the value alone is finer
  EXPECT_EQ(Scaled("7", "1E-3", 3), 7);
}

TEST(ExactNumber, RefusesOrRoundsHalfToEven) {
  Scaled("0.0025", "1", 3, false, DecimalStatus::kTooPrecise);
  EXPECT_EQ(Scaled("0.0025", "1", 3, true), 2);
  EXPECT_EQ(Scaled("0.0035", "1", 3, true), 4);
  EXPECT_EQ(Scaled("-0.0035", "1", 3, true), -4);
  EXPECT_EQ(Scaled("0.00251", "1", 3, true), 3);
  Scaled("9E18", "10", 0, false, DecimalStatus::kOutOfRange);
}

TEST(ExactNumber, RejectsWhatIsNotANumber) {
  ExactNumber n;
  EXPECT_EQ(ParseExactNumber("1.2.3", {}, &n), DecimalStatus::kSyntax);
  EXPECT_EQ(ParseExactNumber("H12", {}, &n), DecimalStatus::kSyntax);  // hex only for CMEP
  EXPECT_EQ(ParseExactNumber("1D3", {}, &n), DecimalStatus::kSyntax);
  EXPECT_EQ(ParseExactNumber("", {}, &n), DecimalStatus::kEmpty);
  EXPECT_EQ(ParseExactNumber("1234567890123456789", {}, &n), DecimalStatus::kOutOfRange);
  EXPECT_EQ(ParseExactNumber("1E99", {}, &n), DecimalStatus::kOutOfRange);
  EXPECT_EQ(ParseExactNumber("1E", {}, &n), DecimalStatus::kSyntax);
}

}  // namespace
}  // namespace gridline::ingest
