// duplicate_interval_rule.cc: VEE rule `duplicate_interval` (docs/vee.md "Validation rules"
// "Duplicate": the same meter, channel and period loaded again with another value). The store keeps
// both as versions; the rule makes each run of such slots visible (info by default).
#include "fmt/format.h"
#include "vee/rules/rules.h"

namespace gridline::vee {

void CheckDuplicateInterval(RuleContext& ctx) {
  const auto& slots = ctx.in().duplicate_slots;
  size_t i = 0;
  while (i < slots.size()) {
    size_t j = i + 1;
    while (j < slots.size() && slots[j] <= slots[j - 1] + 1) ++j;
    const SlotRange run{slots[i], static_cast<size_t>(slots[j - 1]) + 1};
    ctx.Open(VeeRule::kDuplicateInterval, run,
             fmt::format("{} intervals read again with a different value", run.size()));
    i = j;
  }
}

}  // namespace gridline::vee
