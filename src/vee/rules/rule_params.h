// rule_params.h: the settings of the validation rules (docs/vee.md "Validation rules"): for each
// rule whether it runs and its severity, and its numeric parameters, all in one table
// (rule_params.cc) that the rules file parser, `gridline vee check-rules`, the rules themselves
// and the shipped defaults (data/vee/rules.toml) read, so a parameter cannot exist in one place
// and not another.
#ifndef GRIDLINE_VEE_RULES_RULE_PARAMS_H_
#define GRIDLINE_VEE_RULES_RULE_PARAMS_H_

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

#include "vee/vee_types.h"

namespace gridline::vee {

// Every numeric parameter of every rule. The order is the table's (rule_params.cc); not stored.
enum class Param : uint8_t {
  kMissingMinSlots,
  kConsecutiveMinRun,
  kHighFactor,
  kHighMinHistoryDays,
  kLowFactor,
  kLowMinHistoryDays,
  kSpikePercent,
  kSpikeNeighbourPercent,
  kSpikeMinKw,
  kZeroMinHours,
  kUnitFactor,
  kUnitMinTypicalWh,
  kSumPercent,
  kSumMinKwh,
  kProlongedMaxDays,
  kFutureToleranceS,
  kDstDays,
  kDstMarginPercent,
  kCircuitsPercent,
  kCircuitsMinKw,
};
inline constexpr size_t kParamCount = 20;
inline constexpr size_t kRuleCount = 14;

struct ParamSpec {
  Param param;
  VeeRule rule;
  std::string_view key;  // the key inside the rule's table: `[defaults.spike] percent = 200`
  double default_value;
  double min;  // inclusive bounds a rules file must respect
  double max;
  bool integer;           // a whole number (a count of slots, days, seconds)
  std::string_view help;  // one line for check-rules and docs/vee.md
};

std::span<const ParamSpec> AllParams();
const ParamSpec& GetParamSpec(Param p);
// The parameter `key` of `rule`; nullopt when the rule has none of that name.
std::optional<Param> ParamFromKey(VeeRule rule, std::string_view key);

// The effective settings of every rule for one channel and customer class.
class RuleSet {
 public:
  // The compiled-in defaults: every rule enabled at its VeeRuleSpec severity, every parameter at
  // its ParamSpec default. data/vee/rules.toml states the same values (a test checks it).
  static RuleSet Defaults();

  bool enabled(VeeRule r) const { return enabled_[Index(r)]; }
  Severity severity(VeeRule r) const { return severity_[Index(r)]; }
  double value(Param p) const { return values_[static_cast<size_t>(p)]; }

  void set_enabled(VeeRule r, bool on) { enabled_[Index(r)] = on; }
  void set_severity(VeeRule r, Severity s) { severity_[Index(r)] = s; }
  void set_value(Param p, double v) { values_[static_cast<size_t>(p)] = v; }

  bool operator==(const RuleSet& other) const = default;

 private:
  static size_t Index(VeeRule r) { return static_cast<size_t>(r) - 1; }
  std::array<bool, kRuleCount> enabled_{};
  std::array<Severity, kRuleCount> severity_{};
  std::array<double, kParamCount> values_{};
};

std::string_view SeverityName(Severity s);
std::optional<Severity> SeverityFromName(std::string_view name);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_RULES_RULE_PARAMS_H_
