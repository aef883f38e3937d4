// class_profile.h: a customer class's load profile (its shape per day type and local time of
// day, as a profile class in the UK or a load research sample in California gives it) and the
// estimation method that scales it to the meter's own history (docs/vee.md "Estimation", Oracle
// "scaled class profile"): estimate = profile(slot) x (the meter's mean over the last
// kClassProfileHistoryDays local days) / (the profile's mean over the same slots).
#ifndef GRIDLINE_VEE_ESTIMATE_CLASS_PROFILE_H_
#define GRIDLINE_VEE_ESTIMATE_CLASS_PROFILE_H_

#include <array>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "vee/estimate/estimate_input.h"

namespace gridline::vee {

inline constexpr int kClassProfileHistoryDays = 28;

class ClassProfile {
 public:
  // A profile on slots of `interval_s` (dividing a day): `shape[type]` has one relative value per
  // slot of the local day, 86400 / interval_s of them, none negative. InvalidArgument otherwise.
  static absl::StatusOr<ClassProfile> Create(int64_t interval_s,
                                             std::array<std::vector<double>, kDayTypeCount> shape);

  // The profile of a set of meters of one class: each meter's values are divided by that meter's
  // mean (so a large household does not dominate), then averaged per day type and local slot.
  // Slots no meter has are filled with the mean of the others. InvalidArgument when the inputs
  // differ in interval or none holds a positive value.
  static absl::StatusOr<ClassProfile> FromMeters(std::span<const EstimateInput> meters);

  int64_t interval_s() const { return interval_s_; }
  // The profile's value at local time `time_of_day_s` of a day of `type`.
  double At(DayType type, int64_t time_of_day_s) const;

 private:
  ClassProfile(int64_t interval_s, std::array<std::vector<double>, kDayTypeCount> shape)
      : interval_s_(interval_s), shape_(std::move(shape)) {}
  int64_t interval_s_;
  std::array<std::vector<double>, kDayTypeCount> shape_;
};

// Every slot gets method kClassProfile; all stay missing without a profile on the series' interval
// or without known values in the history window (kClassProfileHistoryDays before the gap, or
// after it when nothing lies before). REQUIRES: out.size() == gap.size().
void EstimateClassProfile(const EstimateInput& in, const Gap& gap, std::span<SlotEstimate> out);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_ESTIMATE_CLASS_PROFILE_H_
