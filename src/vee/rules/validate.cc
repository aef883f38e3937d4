// validate.cc: the catalogue table and the checks of a window's shape.
#include "vee/rules/validate.h"

#include <array>

#include "absl/status/status.h"
#include "fmt/format.h"
#include "vee/rules/rules.h"

namespace gridline::vee {
namespace {

constexpr std::array<RuleEntry, kRuleCount> kCatalogue = {{
    {VeeRule::kMissingInterval, CheckMissingInterval},
    {VeeRule::kDuplicateInterval, CheckDuplicateInterval},
    {VeeRule::kFutureTimestamp, CheckFutureTimestamp},
    {VeeRule::kNegativeDelivered, CheckNegativeDelivered},
    {VeeRule::kUnitMultiplier, CheckUnitMultiplier},
    {VeeRule::kSpike, CheckSpike},
    {VeeRule::kRegisterSumCheck, CheckRegisterSum},
    {VeeRule::kHighUsage, CheckHighUsage},
    {VeeRule::kLowUsage, CheckLowUsage},
    {VeeRule::kZeroConsumption, CheckZeroConsumption},
    {VeeRule::kConsecutiveEqual, CheckConsecutiveEqual},
    {VeeRule::kProlongedEstimation, CheckProlongedEstimation},
    {VeeRule::kDstShift, CheckDstShift},
    {VeeRule::kCircuitsExceedMains, CheckCircuitsExceedMains},
}};

constexpr size_t kMaxSlots = size_t{1} << 22;  // analytics::kMaxIntervals

absl::Status CheckShape(const MeterWindow& in) {
  if (in.interval_s <= 0 || in.interval_s > kSecondsPerDay) {
    return absl::InvalidArgumentError(
        fmt::format("{}: interval of {} s is outside 1 s .. 1 day", in.meter_id, in.interval_s));
  }
  if (in.start_s % in.interval_s != 0) {
    return absl::InvalidArgumentError(fmt::format("{}: window start {} is off its {} s grid",
                                                  in.meter_id, in.start_s, in.interval_s));
  }
  if (in.size() > kMaxSlots || in.history_wh.size() > kMaxSlots) {
    return absl::InvalidArgumentError(
        fmt::format("{}: more than {} slots in a window", in.meter_id, kMaxSlots));
  }
  if (!in.quality.empty() && in.quality.size() != in.size()) {
    return absl::InvalidArgumentError(
        fmt::format("{}: {} qualities for {} slots", in.meter_id, in.quality.size(), in.size()));
  }
  if (in.panel != nullptr) {
    for (const auto* group : {&in.panel->mains_wh, &in.panel->circuits_wh}) {
      for (SlotValues s : *group) {
        if (s.size() != in.size()) {
          return absl::InvalidArgumentError(
              fmt::format("{}: a panel series of {} slots for a window of {}", in.meter_id,
                          s.size(), in.size()));
        }
      }
    }
  }
  for (uint32_t slot : in.duplicate_slots) {
    if (slot >= in.size()) {
      return absl::InvalidArgumentError(
          fmt::format("{}: duplicate slot {} outside the window", in.meter_id, slot));
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::span<const RuleEntry> RuleCatalogue() { return kCatalogue; }

absl::StatusOr<ValidationResult> Validate(const MeterWindow& in, const RuleSet& rules) {
  if (absl::Status s = CheckShape(in); !s.ok()) return s;
  ValidationResult out;
  out.replace.assign(in.size(), 0);
  if (in.size() == 0) return out;
  RuleContext ctx(in, rules, &out);
  for (const RuleEntry& entry : kCatalogue) {
    if (rules.enabled(entry.rule)) entry.check(ctx);
  }
  return out;
}

}  // namespace gridline::vee
