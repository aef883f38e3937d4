// rule_context.h: what every rule file shares: the input, the effective settings and the result
// being built, with the helpers that keep each rule short (runs of slots, local days, opening an
// exception with the rule's severity, marking slots to replace).
#ifndef GRIDLINE_VEE_RULES_RULE_CONTEXT_H_
#define GRIDLINE_VEE_RULES_RULE_CONTEXT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "vee/rules/meter_window.h"
#include "vee/rules/rule_params.h"

namespace gridline::vee {

// A half-open range of slots [first, end).
struct SlotRange {
  size_t first = 0;
  size_t end = 0;
  size_t size() const { return end - first; }
};

class RuleContext {
 public:
  RuleContext(const MeterWindow& in, const RuleSet& rules, ValidationResult* out);

  const MeterWindow& in() const { return in_; }
  double value(Param p) const { return rules_.value(p); }
  Severity severity(VeeRule r) const { return rules_.severity(r); }

  bool present(size_t i) const { return in_.value_wh[i].has_value() && !missing_quality(i); }
  int64_t wh(size_t i) const { return *in_.value_wh[i]; }
  Quality quality(size_t i) const {
    return in_.quality.empty() ? Quality::kActual : in_.quality[i];
  }
  // A value the rules judge: present and not set by a person (an edited value stands).
  bool judged(size_t i) const { return present(i) && quality(i) != Quality::kEdited; }
  // True when an earlier rule of this run already proved slot i wrong.
  bool replaced(size_t i) const { return out_->replace[i] != 0; }

  // The window's local days (the meter's zone, UTC without one), clipped to the window: slot
  // ranges in time order. Computed once.
  const std::vector<SlotRange>& days() const { return days_; }

  // Opens an exception of `rule` over `slots` and, when the rule proves values wrong, marks them
  // for replacement.
  void Open(VeeRule rule, SlotRange slots, std::string detail);

  // Average power in kW of `wh` over one interval.
  double Kw(double wh) const { return wh * 3600.0 / static_cast<double>(in_.interval_s) / 1000.0; }

 private:
  bool missing_quality(size_t i) const {
    return !in_.quality.empty() && in_.quality[i] == Quality::kMissing;
  }

  const MeterWindow& in_;
  const RuleSet& rules_;
  ValidationResult* out_;
  std::vector<SlotRange> days_;
};

// "1.234 kWh" for a value in Wh.
std::string FormatKwh(int64_t wh);

// Calls fn(SlotRange) for every maximal run of slots i in [0, n) with pred(i) true.
template <typename Pred, typename Fn>
void ForEachRun(size_t n, Pred pred, Fn fn) {
  size_t i = 0;
  while (i < n) {
    if (!pred(i)) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < n && pred(j)) ++j;
    fn(SlotRange{i, j});
    i = j;
  }
}

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_RULES_RULE_CONTEXT_H_
