// vee_types.cc: the tables behind vee_types.h.
#include "vee/vee_types.h"

#include <array>

#include "common/strings.h"

namespace gridline::vee {
namespace {

constexpr std::array<VeeRuleSpec, 14> kRules = {{
    {VeeRule::kMissingInterval, "missing_interval", Severity::kWarning, false},
    {VeeRule::kDuplicateInterval, "duplicate_interval", Severity::kInfo, false},
    {VeeRule::kConsecutiveEqual, "consecutive_equal", Severity::kWarning, false},
    {VeeRule::kHighUsage, "high_usage", Severity::kError, true},
    {VeeRule::kLowUsage, "low_usage", Severity::kWarning, false},
    {VeeRule::kSpike, "spike", Severity::kError, true},
    {VeeRule::kZeroConsumption, "zero_consumption", Severity::kWarning, false},
    {VeeRule::kNegativeDelivered, "negative_delivered", Severity::kError, true},
    {VeeRule::kUnitMultiplier, "unit_multiplier", Severity::kError, true},
    {VeeRule::kRegisterSumCheck, "register_sum_check", Severity::kError, true},
    {VeeRule::kProlongedEstimation, "prolonged_estimation", Severity::kWarning, false},
    {VeeRule::kFutureTimestamp, "future_timestamp", Severity::kError, false},
    {VeeRule::kDstShift, "dst_shift", Severity::kWarning, false},
    {VeeRule::kCircuitsExceedMains, "circuits_exceed_mains", Severity::kWarning, false},
}};

constexpr std::array<EstimationMethodSpec, 7> kMethods = {{
    {EstimationMethod::kLinearInterpolation, "linear"},
    {EstimationMethod::kLikeDay, "like_day"},
    {EstimationMethod::kClassProfile, "class_profile"},
    {EstimationMethod::kProxyDay, "proxy_day"},
    {EstimationMethod::kRegisterScaled, "register_scaled"},
    {EstimationMethod::kMdmaRule, "mdma_rule"},
    {EstimationMethod::kEdgeShape, "edge_shape"},
}};

constexpr std::array<std::string_view, 4> kStatusNames = {"open", "estimated", "edited",
                                                          "accepted"};

}  // namespace

std::span<const VeeRuleSpec> AllRules() { return kRules; }

const VeeRuleSpec& GetRuleSpec(VeeRule rule) { return kRules[static_cast<size_t>(rule) - 1]; }

std::optional<VeeRule> RuleFromName(std::string_view name) {
  for (const VeeRuleSpec& spec : kRules) {
    if (gridline::EqualsIgnoreCase(spec.name, name)) return spec.rule;
  }
  return std::nullopt;
}

std::span<const EstimationMethodSpec> AllEstimationMethods() { return kMethods; }

std::string_view MethodName(EstimationMethod method) {
  return kMethods[static_cast<size_t>(method) - 1].name;
}

std::optional<EstimationMethod> MethodFromName(std::string_view name) {
  for (const EstimationMethodSpec& spec : kMethods) {
    if (gridline::EqualsIgnoreCase(spec.name, name)) return spec.method;
  }
  return std::nullopt;
}

std::string_view ExceptionStatusName(ExceptionStatus status) {
  return kStatusNames[static_cast<size_t>(status) - 1];
}

std::optional<ExceptionStatus> ExceptionStatusFromName(std::string_view name) {
  for (size_t i = 0; i < kStatusNames.size(); ++i) {
    if (gridline::EqualsIgnoreCase(kStatusNames[i], name)) {
      return static_cast<ExceptionStatus>(i + 1);
    }
  }
  return std::nullopt;
}

}  // namespace gridline::vee
