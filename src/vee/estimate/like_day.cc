// like_day.cc: reference days and like-day averaging.
#include "vee/estimate/like_day.h"

#include <algorithm>
#include <array>

namespace gridline::vee {
namespace {

// Offers the reference days in one direction (step -1: before, +1: after); returns how many
// were offered.
int OfferDays(const EstimateInput& in, const Gap& gap, const LocalSlot& at, DayType type,
              bool any_day_type, int step,
              absl::FunctionRef<bool(int64_t day, int64_t value_wh)> fn) {
  int offered = 0;
  for (int d = 1; d <= kMaxLookbackDays; ++d) {
    const int64_t day = at.day + step * d;
    if (!any_day_type && DayTypeOf(in, day) != type) continue;
    const std::optional<size_t> slot = SlotAt(in, day, at.time_of_day_s);
    if (!slot) {
      // Past either end of the series nothing further can be found in this direction.
      const int64_t day_start = in.zone->LocalMidnightUtc(day);
      if (step < 0 && day_start < in.start_s - kSecondsPerDay) break;
      if (step > 0 &&
          day_start > in.start_s + static_cast<int64_t>(in.values.size()) * in.interval_s) {
        break;
      }
      continue;
    }
    const std::optional<int64_t> value = KnownValue(in, gap, *slot);
    if (!value) continue;
    ++offered;
    if (!fn(day, *value)) break;
  }
  return offered;
}

}  // namespace

void ForEachReferenceDay(const EstimateInput& in, const Gap& gap, size_t slot, bool any_day_type,
                         absl::FunctionRef<bool(int64_t day, int64_t value_wh)> fn) {
  const LocalSlot at = LocalSlotOf(in, slot);
  const DayType type = DayTypeOf(in, at.day);
  if (OfferDays(in, gap, at, type, any_day_type, -1, fn) == 0) {
    OfferDays(in, gap, at, type, any_day_type, +1, fn);
  }
}

void ForEachReferenceDayBothSides(const EstimateInput& in, const Gap& gap, size_t slot,
                                  bool any_day_type,
                                  absl::FunctionRef<bool(int64_t day, int64_t value_wh)> fn) {
  const LocalSlot at = LocalSlotOf(in, slot);
  const DayType type = DayTypeOf(in, at.day);
  for (int d = 1; d <= kMaxLookbackDays; ++d) {
    for (int step : {-1, +1}) {
      const int64_t day = at.day + step * d;
      if (!any_day_type && DayTypeOf(in, day) != type) continue;
      const std::optional<size_t> other = SlotAt(in, day, at.time_of_day_s);
      if (!other) continue;
      const std::optional<int64_t> value = KnownValue(in, gap, *other);
      if (value && !fn(day, *value)) return;
    }
  }
}

std::optional<double> LikeDayValue(const EstimateInput& in, const Gap& gap, size_t slot,
                                   const LikeDayOptions& options) {
  const int want = std::clamp(options.days, 1, kMaxLikeDays);
  std::array<int64_t, kMaxLikeDays> values;
  int n = 0;
  auto take = [&](int64_t, int64_t value_wh) {
    values[n++] = value_wh;
    return n < want;
  };
  if (options.both_sides) {
    ForEachReferenceDayBothSides(in, gap, slot, options.any_day_type, take);
  } else {
    ForEachReferenceDay(in, gap, slot, options.any_day_type, take);
  }
  if (n == 0) return std::nullopt;
  if (options.median) {
    std::sort(values.begin(), values.begin() + n);
    return n % 2 == 1 ? static_cast<double>(values[n / 2])
                      : (static_cast<double>(values[n / 2 - 1]) + values[n / 2]) / 2.0;
  }
  double sum = 0;
  for (int i = 0; i < n; ++i) sum += static_cast<double>(values[i]);
  return sum / n;
}

void EstimateLikeDay(const EstimateInput& in, const Gap& gap, const LikeDayOptions& options,
                     std::span<SlotEstimate> out) {
  for (size_t k = 0; k < gap.size(); ++k) {
    out[k] = {LikeDayValue(in, gap, gap.begin + k, options), EstimationMethod::kLikeDay};
  }
}

}  // namespace gridline::vee
