// rule_context.cc: local days of the window and opening exceptions.
#include "vee/rules/rule_context.h"

#include "common/decimal.h"

namespace gridline::vee {

RuleContext::RuleContext(const MeterWindow& in, const RuleSet& rules, ValidationResult* out)
    : in_(in), rules_(rules), out_(out) {
  const size_t n = in.size();
  size_t first = 0;
  while (first < n) {
    const UnixSeconds start = in.SlotStart(first);
    const UnixSeconds next = in.zone != nullptr
                                 ? in.zone->StartOfNextLocalDay(start)
                                 : (FloorDiv(start, kSecondsPerDay) + 1) * kSecondsPerDay;
    // Slots starting before the next midnight belong to this day (ceil division).
    size_t end = static_cast<size_t>((next - in.start_s + in.interval_s - 1) / in.interval_s);
    if (end <= first) end = first + 1;
    if (end > n) end = n;
    days_.push_back(SlotRange{first, end});
    first = end;
  }
}

void RuleContext::Open(VeeRule rule, SlotRange slots, std::string detail) {
  VeeException e;
  e.meter_id = in_.meter_id;
  e.channel = in_.channel;
  e.rule = rule;
  e.severity = rules_.severity(rule);
  e.first_slot_s = in_.SlotStart(slots.first);
  e.end_slot_s = in_.SlotStart(slots.end);
  e.detail = std::move(detail);
  out_->exceptions.push_back(std::move(e));
  if (!GetRuleSpec(rule).replaces_value) return;
  for (size_t i = slots.first; i < slots.end; ++i) {
    if (out_->replace[i] == 0 && present(i) && quality(i) != Quality::kEdited) {
      out_->replace[i] = 1;
      ++out_->replace_count;
    }
  }
}

std::string FormatKwh(int64_t wh) { return FormatScaledDecimal(wh, 3) + " kWh"; }

}  // namespace gridline::vee
