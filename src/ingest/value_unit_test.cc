// The exact unit conversions of `--unit` (value_unit.h): average power over the interval into
// energy and back, refused or rounded half to even when not a whole number of the resolution.
#include "ingest/value_unit.h"

#include "gtest/gtest.h"

namespace gridline::ingest {
namespace {

// The stored integer of `text` in `unit` on `channel` over `interval_s`, or -999 on kInexact
// and -998 on kOutOfRange.
int64_t Convert(std::string_view text, ValueUnit unit, ChannelKind channel, int64_t interval_s,
                bool round = false, bool* rounded_out = nullptr) {
  int64_t digits;
  int decimals;
  EXPECT_TRUE(ReadDecimalDigits(text, &digits, &decimals)) << text;
  const std::optional<UnitConversion> c = ConversionFor(unit, channel);
  EXPECT_TRUE(c.has_value());
  int64_t out = 0;
  bool rounded = false;
  const ConvertStatus s = ConvertValue(digits, decimals, *c, interval_s, round, &out, &rounded);
  if (rounded_out != nullptr) *rounded_out = rounded;
  if (s == ConvertStatus::kInexact) return -999;
  if (s == ConvertStatus::kOutOfRange) return -998;
  return out;
}

constexpr ChannelKind kKwh = ChannelKind::kKwhDelivered;

TEST(ValueUnit, AverageKwIntoWhAtEachInterval) {
  EXPECT_EQ(Convert("0.392", ValueUnit::kKw, kKwh, 1800), 196);    // 30 m: 0.196 kWh
  EXPECT_EQ(Convert("1.3985", ValueUnit::kKw, kKwh, 3600), -999);  // 1.3985 Wh is not whole
  EXPECT_EQ(Convert("1.4", ValueUnit::kKw, kKwh, 900), 350);       // 15 m
  EXPECT_EQ(Convert("2", ValueUnit::kKw, kKwh, 3600), 2000);       // 1 h
  EXPECT_EQ(Convert("3.6", ValueUnit::kKw, kKwh, 1), 1);           // 1 s: 3.6 kW x 1 s = 1 Wh
  EXPECT_EQ(Convert("0.0058", ValueUnit::kKw, kKwh, 1), -999);     // 0.0016.. Wh
  EXPECT_EQ(Convert("12379", ValueUnit::kMw, kKwh, 3600), 12'379'000'000);  // PJM: MWh in Wh
  EXPECT_EQ(Convert("-0.004", ValueUnit::kKw, kKwh, 900), -1);              // export, 15 m
  EXPECT_EQ(Convert("1140.5", ValueUnit::kMw, kKwh, 300), -999);            // 95041666.67 Wh
  EXPECT_EQ(Convert("60", ValueUnit::kW, kKwh, 60), 1);                     // 60 W for a minute
}

TEST(ValueUnit, RoundsHalfToEvenOnlyWhenAsked) {
  bool rounded = false;
  // Ausgrid's float noise: 0.39799999999999996 kW over 30 m is 0.19899999999999998 kWh.
  EXPECT_EQ(Convert("0.39799999999999996", ValueUnit::kKw, kKwh, 1800), -999);
  EXPECT_EQ(Convert("0.39799999999999996", ValueUnit::kKw, kKwh, 1800, true, &rounded), 199);
  EXPECT_TRUE(rounded);
  EXPECT_EQ(Convert("0.005", ValueUnit::kKw, kKwh, 1800, true), 2);  // 2.5 Wh -> 2
  EXPECT_EQ(Convert("0.007", ValueUnit::kKw, kKwh, 1800, true), 4);  // 3.5 Wh -> 4
  EXPECT_EQ(Convert("-0.005", ValueUnit::kKw, kKwh, 1800, true), -2);
  EXPECT_EQ(Convert("-0.007", ValueUnit::kKw, kKwh, 1800, true), -4);
  EXPECT_EQ(Convert("0.392", ValueUnit::kKw, kKwh, 1800, true, &rounded), 196);
  EXPECT_FALSE(rounded);
}

TEST(ValueUnit, PowerChannelsTakePowerAsItIsAndEnergyPerHour) {
  // watts stores mW: Emporia's 1-second 0.0058 kW is 5.8 W exactly.
  EXPECT_EQ(Convert("0.0058", ValueUnit::kKw, ChannelKind::kWatts, 1), 5800);
  EXPECT_EQ(Convert("5.8", ValueUnit::kW, ChannelKind::kWatts, 1), 5800);
  // 0.0041 kWh in an hour is 4.1 W on average; in a quarter hour 16.4 W.
  EXPECT_EQ(Convert("0.0041", ValueUnit::kKwh, ChannelKind::kWatts, 3600), 4100);
  EXPECT_EQ(Convert("0.0041", ValueUnit::kKwh, ChannelKind::kWatts, 900), 16400);
  EXPECT_EQ(Convert("0.0041", ValueUnit::kKwh, ChannelKind::kWatts, 86400), -999);
  // kw_demand stores W: NYISO's 1140.5 MW is 1140500.000 kW.
  EXPECT_EQ(Convert("1140.5", ValueUnit::kMw, ChannelKind::kKwDemand, 300), 1'140'500'000);
  EXPECT_FALSE(ConversionFor(ValueUnit::kKw, ChannelKind::kVoltage).has_value());
  EXPECT_FALSE(ConversionFor(ValueUnit::kKwh, ChannelKind::kKvarh).has_value());
}

TEST(ValueUnit, OutOfRangeIsAnErrorNotAWrap) {
  EXPECT_EQ(Convert("9223372036854775", ValueUnit::kMw, kKwh, 3600), -998);
  EXPECT_EQ(Convert("922337203685477", ValueUnit::kMwh, kKwh, 3600), -998);
  EXPECT_EQ(Convert("0", ValueUnit::kMw, ChannelKind::kWatts, 1), 0);
}

TEST(ValueUnit, ReadsDecimalDigitsExactly) {
  int64_t d;
  int n;
  ASSERT_TRUE(ReadDecimalDigits(" 0.0058 ", &d, &n));
  EXPECT_EQ(d, 58);
  EXPECT_EQ(n, 4);
  ASSERT_TRUE(ReadDecimalDigits("1.5e-3", &d, &n));
  EXPECT_EQ(d, 15);
  EXPECT_EQ(n, 4);
  ASSERT_TRUE(ReadDecimalDigits("-12", &d, &n));
  EXPECT_EQ(d, -12);
  EXPECT_EQ(n, 0);
  EXPECT_FALSE(ReadDecimalDigits("No CT", &d, &n));
  EXPECT_FALSE(ReadDecimalDigits("0.1234567890123456789", &d, &n));  // 19 decimals
  EXPECT_FALSE(ReadDecimalDigits("", &d, &n));
}

TEST(ValueUnit, NamesAndVendorSpellings) {
  EXPECT_EQ(ValueUnitFromName("kW"), ValueUnit::kKw);
  EXPECT_EQ(ValueUnitFromName("kWatts"), ValueUnit::kKw);
  EXPECT_EQ(ValueUnitFromName("kWhs"), ValueUnit::kKwh);
  EXPECT_EQ(ValueUnitFromName("MW"), ValueUnit::kMw);
  EXPECT_EQ(ValueUnitFromName("wh"), ValueUnit::kWh);
  EXPECT_FALSE(ValueUnitFromName("kWh/hh").has_value());
  EXPECT_FALSE(ValueUnitFromName("").has_value());
}

}  // namespace
}  // namespace gridline::ingest
