// estimate_input.cc: local days, day types and slots of the input's zone.
#include "vee/estimate/estimate_input.h"

namespace gridline::vee {

LocalSlot LocalSlotOf(const EstimateInput& in, size_t slot) {
  const UnixSeconds utc = in.start_s + static_cast<int64_t>(slot) * in.interval_s;
  const int64_t local = in.zone->UtcToLocal(utc);
  const int64_t day = FloorDiv(local, kSecondsPerDay);
  return {day, local - day * kSecondsPerDay};
}

DayType DayTypeOf(const EstimateInput& in, int64_t day) {
  if (in.holidays != nullptr && in.holidays->contains(day)) return DayType::kSundayOrHoliday;
  // 1970-01-01 was a Thursday: (day + 4) mod 7 is 0 on Sundays.
  const int64_t weekday = ((day + 4) % 7 + 7) % 7;
  if (weekday == 0) return DayType::kSundayOrHoliday;
  if (weekday == 6) return DayType::kSaturday;
  return DayType::kWeekday;
}

std::optional<size_t> SlotAt(const EstimateInput& in, int64_t day, int64_t time_of_day_s) {
  const LocalResolution r = in.zone->LocalToUtc(day * kSecondsPerDay + time_of_day_s);
  if (r.kind == LocalResolution::Kind::kNonexistent) return std::nullopt;
  const int64_t offset = r.earliest - in.start_s;
  if (offset < 0 || offset % in.interval_s != 0) return std::nullopt;
  const auto slot = static_cast<size_t>(offset / in.interval_s);
  if (slot >= in.values.size()) return std::nullopt;
  return slot;
}

bool GapTooLong(const EstimateInput& in, const Gap& gap) {
  return static_cast<int64_t>(gap.size()) * in.interval_s > kMaxGapDays * kSecondsPerDay;
}

}  // namespace gridline::vee
