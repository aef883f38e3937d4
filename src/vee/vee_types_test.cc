// vee_types_test.cc: the VEE tables are in enum order and every name reads back.
#include "vee/vee_types.h"

#include "gtest/gtest.h"

namespace gridline::vee {
namespace {

TEST(VeeTypes, RulesAreInEnumOrderAndNamesRoundTrip) {
  int expected = 1;
  for (const VeeRuleSpec& spec : AllRules()) {
    EXPECT_EQ(static_cast<int>(spec.rule), expected++) << spec.name;
    EXPECT_EQ(&GetRuleSpec(spec.rule), &spec);
    EXPECT_EQ(RuleFromName(spec.name), spec.rule);
  }
  EXPECT_EQ(RuleFromName("SPIKE"), VeeRule::kSpike);
  EXPECT_FALSE(RuleFromName("no_such_rule").has_value());
}

TEST(VeeTypes, OnlyRulesThatProveAValueWrongReplaceIt) {
  EXPECT_FALSE(GetRuleSpec(VeeRule::kZeroConsumption).replaces_value);
  EXPECT_FALSE(GetRuleSpec(VeeRule::kConsecutiveEqual).replaces_value);
  EXPECT_TRUE(GetRuleSpec(VeeRule::kNegativeDelivered).replaces_value);
  EXPECT_TRUE(GetRuleSpec(VeeRule::kSpike).replaces_value);
  EXPECT_TRUE(GetRuleSpec(VeeRule::kRegisterSumCheck).replaces_value);
}

TEST(VeeTypes, MethodsAndStatusesRoundTrip) {
  int expected = 1;
  for (const EstimationMethodSpec& spec : AllEstimationMethods()) {
    EXPECT_EQ(static_cast<int>(spec.method), expected++) << spec.name;
    EXPECT_EQ(MethodName(spec.method), spec.name);
    EXPECT_EQ(MethodFromName(spec.name), spec.method);
  }
  for (ExceptionStatus s : {ExceptionStatus::kOpen, ExceptionStatus::kEstimated,
                            ExceptionStatus::kEdited, ExceptionStatus::kAccepted}) {
    EXPECT_EQ(ExceptionStatusFromName(ExceptionStatusName(s)), s);
  }
  EXPECT_FALSE(ExceptionStatusFromName("closed").has_value());
}

}  // namespace
}  // namespace gridline::vee
