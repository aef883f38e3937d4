// rule_params.cc: the one table of rule parameters and their defaults (DOMAIN: vendor catalogues,
// docs/vee.md "Validation rules" gives the reason for each default).
#include "vee/rules/rule_params.h"

#include "common/strings.h"

namespace gridline::vee {
namespace {

using R = VeeRule;
using P = Param;

constexpr std::array<ParamSpec, kParamCount> kParams = {{
    {P::kMissingMinSlots, R::kMissingInterval, "min_slots", 1, 1, 1e6, true,
     "a gap of fewer missing slots is not reported"},
    {P::kConsecutiveMinRun, R::kConsecutiveEqual, "min_run", 8, 2, 1e6, true,
     "slots in a run of equal values (zeros included) that open an exception"},
    {P::kHighFactor, R::kHighUsage, "factor", 4, 1, 1e6, false,
     "a day above this multiple of the meter's average daily usage (ADU) is high"},
    {P::kHighMinHistoryDays, R::kHighUsage, "min_history_days", 7, 1, 3660, true,
     "days of history the ADU needs before the rule judges"},
    {P::kLowFactor, R::kLowUsage, "factor", 0.25, 0, 1, false,
     "a complete day below this multiple of the ADU is low"},
    {P::kLowMinHistoryDays, R::kLowUsage, "min_history_days", 7, 1, 3660, true,
     "days of history the ADU needs before the rule judges"},
    {P::kSpikePercent, R::kSpike, "percent", 200, 1, 1e6, false,
     "the highest interval of a day exceeds the 3rd-highest by more than this (%)"},
    {P::kSpikeNeighbourPercent, R::kSpike, "neighbour_percent", 200, 0, 1e6, false,
     "and exceeds both neighbouring intervals by more than this (%): one isolated interval"},
    {P::kSpikeMinKw, R::kSpike, "min_kw", 10, 0, 1e9, false,
     "and its excess over the 3rd-highest is at least this average power (kW)"},
    {P::kZeroMinHours, R::kZeroConsumption, "min_hours", 24, 0.001, 1e5, false,
     "hours of zero delivered energy on an active service that open an exception"},
    {P::kUnitFactor, R::kUnitMultiplier, "factor", 100, 2, 1e9, false,
     "a reading above this multiple of the meter's typical (median) reading"},
    {P::kUnitMinTypicalWh, R::kUnitMultiplier, "min_typical_wh", 10, 0, 1e12, false,
     "the typical reading must be at least this (Wh) for the rule to judge"},
    {P::kSumPercent, R::kRegisterSumCheck, "percent", 1, 0, 100, false,
     "intervals differ from the register delta by more than this (%)"},
    {P::kSumMinKwh, R::kRegisterSumCheck, "min_kwh", 1, 0, 1e9, false,
     "and by more than this (kWh)"},
    {P::kProlongedMaxDays, R::kProlongedEstimation, "max_days", 3, 0, 3660, true,
     "consecutive estimated days allowed before an exception"},
    {P::kFutureToleranceS, R::kFutureTimestamp, "tolerance_s", 60, 0, 86400, true,
     "an interval ending more than this after now (s) is in the future"},
    {P::kDstDays, R::kDstShift, "days", 7, 3, 60, true,
     "days on each side of a DST transition whose profiles are compared"},
    {P::kDstMarginPercent, R::kDstShift, "margin_percent", 35, 1, 99, false,
     "the profile shifted by one hour must match this much better (%)"},
    {P::kCircuitsPercent, R::kCircuitsExceedMains, "percent", 5, 0, 1000, false,
     "circuits summing to more than the mains by this (%)"},
    {P::kCircuitsMinKw, R::kCircuitsExceedMains, "min_kw", 0.1, 0, 1e9, false,
     "and by at least this average power (kW)"},
}};

constexpr std::array<std::string_view, 3> kSeverityNames = {"info", "warning", "error"};

}  // namespace

std::span<const ParamSpec> AllParams() { return kParams; }

const ParamSpec& GetParamSpec(Param p) { return kParams[static_cast<size_t>(p)]; }

std::optional<Param> ParamFromKey(VeeRule rule, std::string_view key) {
  for (const ParamSpec& spec : kParams) {
    if (spec.rule == rule && spec.key == key) return spec.param;
  }
  return std::nullopt;
}

RuleSet RuleSet::Defaults() {
  RuleSet set;
  for (const VeeRuleSpec& spec : AllRules()) {
    set.set_enabled(spec.rule, true);
    set.set_severity(spec.rule, spec.default_severity);
  }
  for (const ParamSpec& spec : kParams) set.set_value(spec.param, spec.default_value);
  return set;
}

std::string_view SeverityName(Severity s) { return kSeverityNames[static_cast<size_t>(s) - 1]; }

std::optional<Severity> SeverityFromName(std::string_view name) {
  for (size_t i = 0; i < kSeverityNames.size(); ++i) {
    if (EqualsIgnoreCase(kSeverityNames[i], name)) return static_cast<Severity>(i + 1);
  }
  return std::nullopt;
}

}  // namespace gridline::vee
