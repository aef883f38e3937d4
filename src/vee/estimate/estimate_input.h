// estimate_input.h: what every estimation method reads (docs/vee.md "Estimation"): one meter's
// channel on its UTC grid, the meter's time zone and holidays (like days are local days), and
// the optional inputs some methods use (a class load profile, daily temperatures, register
// reads). The methods are pure functions of this input: no store, no clock, no I/O.
//
// Local days. A like day is a local civil day of the meter's zone. Its type is Mon-Fri, Saturday,
// or Sunday-or-holiday: a holiday is lived like a Sunday, so a holiday's like days are Sundays and
// earlier holidays, and a weekday's like days skip holidays. The same slot on another day is the
// same local wall-clock time of day, found through the zone, so a DST day (46 or 50 half-hours)
// needs no special case: a time that does not exist on the other day (the hour skipped in spring)
// is simply not there, and both passes of the repeated autumn hour take the one hour of a
// normal day.
#ifndef GRIDLINE_VEE_ESTIMATE_ESTIMATE_INPUT_H_
#define GRIDLINE_VEE_ESTIMATE_ESTIMATE_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "common/time.h"
#include "common/time_zone.h"
#include "vee/vee_types.h"

namespace gridline::vee {

// Local civil dates (days since 1970-01-01) that are holidays.
using HolidaySet = absl::flat_hash_set<int64_t>;
// Mean temperature (degrees C) of a local civil date (days since 1970-01-01).
using DailyTemperatures = absl::flat_hash_map<int64_t, double>;


// The slots [begin, end) of the series to fill.
struct Gap {
  size_t begin = 0;
  size_t end = 0;
  size_t size() const { return end - begin; }
};

// Like-day types; holidays count as Sundays (see the top comment).
enum class DayType : uint8_t { kWeekday = 0, kSaturday = 1, kSundayOrHoliday = 2 };
inline constexpr size_t kDayTypeCount = 3;

class ClassProfile;

// REQUIRES of every method: `values` lie on the grid start_s + i * interval_s with
// 0 < interval_s <= 86400 dividing a day, `zone` is non-null, each gap lies within `values`.
// `values` hold validated reads only: the caller leaves out (nullopt) every slot a rule proved
// wrong. Values inside the gap being filled are never read, so a caller may pass them as they
// are. The pointed-to objects outlive the call; the methods keep nothing.
struct EstimateInput {
  UnixSeconds start_s = 0;
  int64_t interval_s = 1800;
  std::span<const std::optional<int64_t>> values;  // Wh per slot
  const TimeZone* zone = nullptr;
  const HolidaySet* holidays = nullptr;             // none when null
  const ClassProfile* class_profile = nullptr;      // class_profile method only
  const DailyTemperatures* temperatures = nullptr;  // proxy_day only; like-day without
  std::span<const RegisterRead> registers;          // register_scaled only, sorted by at_s
  bool delivered = true;  // a delivered channel never gets a negative estimate
};

// One filled slot: its value, and the method that made it (empty value: nothing could fill it).
struct EstimatedSlot {
  std::optional<int64_t> value_wh;
  EstimationMethod method = EstimationMethod::kLikeDay;
};

// A method's estimate of one slot before rounding to whole Wh (estimator.h rounds).
struct SlotEstimate {
  std::optional<double> wh;
  EstimationMethod method = EstimationMethod::kLikeDay;
};

// Bounds on the work of one gap. A gap longer than kMaxGapDays is left missing whole (an outage
// of more than a month is not estimated from like days); each slot looks at most
// kMaxLookbackDays local days back (then as far forward, when nothing lies behind), so a gap
// costs O(gap slots x kMaxLookbackDays) zone look-ups at most.
inline constexpr int64_t kMaxGapDays = 31;
inline constexpr int kMaxLookbackDays = 70;

// The slot's local day, time of day and day type, through the zone.
struct LocalSlot {
  int64_t day = 0;            // local civil day
  int64_t time_of_day_s = 0;  // local wall-clock seconds since local midnight
};
LocalSlot LocalSlotOf(const EstimateInput& in, size_t slot);
DayType DayTypeOf(const EstimateInput& in, int64_t day);
// The index of the slot that starts at local time `time_of_day_s` on local day `day` (the first
// pass of a repeated hour), or nullopt when that time does not exist on that day or the slot lies
// outside the series.
std::optional<size_t> SlotAt(const EstimateInput& in, int64_t day, int64_t time_of_day_s);

// The validated value at `slot` unless it lies in `gap` or is missing.
inline std::optional<int64_t> KnownValue(const EstimateInput& in, const Gap& gap, size_t slot) {
  if (slot >= in.values.size() || (slot >= gap.begin && slot < gap.end)) return std::nullopt;
  return in.values[slot];
}

// True when the gap is too long to fill (kMaxGapDays).
bool GapTooLong(const EstimateInput& in, const Gap& gap);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_ESTIMATE_ESTIMATE_INPUT_H_
