// rules.h: the validation rule catalogue (docs/vee.md "Validation rules"), one function per rule,
// one rule per file (`spike_rule.cc`, ...). Each reads the window through the context and opens
// exceptions on it; validate.cc runs them in the order of kRuleCatalogue.
#ifndef GRIDLINE_VEE_RULES_RULES_H_
#define GRIDLINE_VEE_RULES_RULES_H_

#include <span>

#include "vee/rules/rule_context.h"

namespace gridline::vee {

void CheckMissingInterval(RuleContext& ctx);
void CheckDuplicateInterval(RuleContext& ctx);
void CheckConsecutiveEqual(RuleContext& ctx);
void CheckHighUsage(RuleContext& ctx);
void CheckLowUsage(RuleContext& ctx);
void CheckSpike(RuleContext& ctx);
void CheckZeroConsumption(RuleContext& ctx);
void CheckNegativeDelivered(RuleContext& ctx);
void CheckUnitMultiplier(RuleContext& ctx);
void CheckRegisterSum(RuleContext& ctx);
void CheckProlongedEstimation(RuleContext& ctx);
void CheckFutureTimestamp(RuleContext& ctx);
void CheckDstShift(RuleContext& ctx);
void CheckCircuitsExceedMains(RuleContext& ctx);

struct RuleEntry {
  VeeRule rule;
  void (*check)(RuleContext& ctx);
};

// Every rule in the order it runs: the rules that prove single values wrong (negative, unit,
// spike) come before the day totals (high, low), which leave those values out.
std::span<const RuleEntry> RuleCatalogue();

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_RULES_RULES_H_
