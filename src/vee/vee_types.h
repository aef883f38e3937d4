// vee_types.h: the vocabulary of validation, estimation and editing (VEE) that the rules, the
// estimators, the validated layer and the exception store share: the estimation methods, the
// validation rules, and the exception a failed rule opens. Each is one table (vee_types.cc) so
// names, severities and the "proves a value wrong" property cannot drift apart between files.
#ifndef GRIDLINE_VEE_VEE_TYPES_H_
#define GRIDLINE_VEE_VEE_TYPES_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "common/channel.h"
#include "common/time.h"

namespace gridline::vee {

// How an estimated value was made. Stored on disk as the origin of a validated value: never
// renumber.
enum class EstimationMethod : uint8_t {
  kLinearInterpolation = 1,  // point to point between the gap's edges
  kLikeDay = 2,              // mean of the same slot on previous like days (weekday type, holidays)
  kClassProfile = 3,         // the class load profile scaled to the meter's own history
  kProxyDay = 4,             // the day of the closest temperature (like-day when no weather)
  kRegisterScaled = 5,       // another method's estimates scaled to the register delta
  kMdmaRule = 6,             // California MDMA rule: interpolation <= 2 h, else 3 like days
  kEdgeShape = 7,            // the meter's weekly shape anchored at both edges of the gap
};

// How a validation rule's failure is judged.
enum class Severity : uint8_t { kInfo = 1, kWarning = 2, kError = 3 };

// Stored on disk in exception records: never renumber.
enum class VeeRule : uint8_t {
  kMissingInterval = 1,
  kDuplicateInterval = 2,
  kConsecutiveEqual = 3,
  kHighUsage = 4,
  kLowUsage = 5,
  kSpike = 6,
  kZeroConsumption = 7,
  kNegativeDelivered = 8,
  kUnitMultiplier = 9,
  kRegisterSumCheck = 10,
  kProlongedEstimation = 11,
  kFutureTimestamp = 12,
  kDstShift = 13,
  kCircuitsExceedMains = 14,
};

struct VeeRuleSpec {
  VeeRule rule;
  std::string_view name;  // the rule's id in rules files, URLs and output (`spike`)
  Severity default_severity;
  // True when a failure proves the value wrong, so VEE replaces it by an estimate. False when
  // the rule only flags: the value stays `actual` with an open exception (a solar premise's
  // delivered channel is zero for hours at midday).
  bool replaces_value;
};

// Every rule, in enum order.
std::span<const VeeRuleSpec> AllRules();
const VeeRuleSpec& GetRuleSpec(VeeRule rule);
std::optional<VeeRule> RuleFromName(std::string_view name);

struct EstimationMethodSpec {
  EstimationMethod method;
  std::string_view name;  // `linear`, `like_day`, ...
};
std::span<const EstimationMethodSpec> AllEstimationMethods();
std::string_view MethodName(EstimationMethod method);
std::optional<EstimationMethod> MethodFromName(std::string_view name);

// Stored on disk: never renumber.
enum class ExceptionStatus : uint8_t { kOpen = 1, kEstimated = 2, kEdited = 3, kAccepted = 4 };
std::string_view ExceptionStatusName(ExceptionStatus status);
std::optional<ExceptionStatus> ExceptionStatusFromName(std::string_view name);

// A cumulative register (dial) read of the `kwh_register` channel: the register's value in Wh at
// the instant at_s (a slot boundary). The sum check and register scaling read them.
struct RegisterRead {
  UnixSeconds at_s = 0;
  int64_t wh = 0;
};

// One failure of one rule on one meter's channel: the reads concerned are the slots
// [first_slot_s, end_slot_s) of the series.
struct VeeException {
  std::string meter_id;
  ChannelKind channel = ChannelKind::kKwhDelivered;
  VeeRule rule = VeeRule::kMissingInterval;
  Severity severity = Severity::kWarning;
  UnixSeconds first_slot_s = 0;
  UnixSeconds end_slot_s = 0;  // exclusive
  ExceptionStatus status = ExceptionStatus::kOpen;
  std::string detail;  // why, with the figures: "412.000 kWh is 6.1x the 3rd-highest 67.5 kWh"
};

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_VEE_TYPES_H_
