// like_day.h: like-day averaging (docs/vee.md "Estimation", Itron IEE "historical"): a slot is the
// mean (or median) of the same local slot on the nearest previous like days, validated reads
// only (estimate_input.h: day types, holidays, DST). The reference days the other methods build
// on (mdma_rule.h, edge_shape.h, proxy_day.h) are found here too.
#ifndef GRIDLINE_VEE_ESTIMATE_LIKE_DAY_H_
#define GRIDLINE_VEE_ESTIMATE_LIKE_DAY_H_

#include <span>

#include "absl/functional/function_ref.h"
#include "vee/estimate/estimate_input.h"

namespace gridline::vee {

struct LikeDayOptions {
  int days = 3;               // reference days averaged, at most kMaxLikeDays
  bool median = false;        // the median of the days instead of their mean
  bool any_day_type = false;  // every previous day, not only like days (a "7 prior days" rule)
  // The nearest days on both sides of the gap, alternately before and after (reprocessing an
  // archive, where the days after a gap are known), instead of the previous days only.
  bool both_sides = false;
};
inline constexpr int kMaxLikeDays = 16;

// Calls `fn(day, value_wh)` for the same local slot as `slot` on the days before it, nearest
// first, that are like days (unless any_day_type) and hold a known value outside `gap`, until
// `fn` returns false or kMaxLookbackDays days were looked at. When no day before it holds one,
// the days after it are offered the same way (a gap at the start of a series).
void ForEachReferenceDay(const EstimateInput& in, const Gap& gap, size_t slot, bool any_day_type,
                         absl::FunctionRef<bool(int64_t day, int64_t value_wh)> fn);
// The same, nearest first on both sides (d-1, d+1, d-2, d+2, ...), up to kMaxLookbackDays each.
void ForEachReferenceDayBothSides(const EstimateInput& in, const Gap& gap, size_t slot,
                                  bool any_day_type,
                                  absl::FunctionRef<bool(int64_t day, int64_t value_wh)> fn);

// The like-day value of `slot` (the mean or median of up to options.days reference days), or
// nullopt when no reference day holds the slot.
std::optional<double> LikeDayValue(const EstimateInput& in, const Gap& gap, size_t slot,
                                   const LikeDayOptions& options);

// Fills out[k] for slot gap.begin + k with LikeDayValue, method kLikeDay.
// REQUIRES: out.size() == gap.size().
void EstimateLikeDay(const EstimateInput& in, const Gap& gap, const LikeDayOptions& options,
                     std::span<SlotEstimate> out);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_ESTIMATE_LIKE_DAY_H_
