// class_profile.cc: building a class profile and scaling it to a meter.
#include "vee/estimate/class_profile.h"

#include <algorithm>

namespace gridline::vee {
namespace {

size_t SlotsPerDay(int64_t interval_s) { return static_cast<size_t>(kSecondsPerDay / interval_s); }

bool ValidInterval(int64_t interval_s) {
  return interval_s > 0 && interval_s <= kSecondsPerDay && kSecondsPerDay % interval_s == 0;
}

// Sums the meter's known values and the profile over the same slots of [from, to).
struct Window {
  double meter = 0, profile = 0;
  size_t count = 0;
};
Window SumWindow(const EstimateInput& in, const Gap& gap, const ClassProfile& p, size_t from,
                 size_t to) {
  Window w;
  for (size_t i = from; i < to; ++i) {
    const std::optional<int64_t> v = KnownValue(in, gap, i);
    if (!v) continue;
    const LocalSlot at = LocalSlotOf(in, i);
    w.meter += static_cast<double>(*v);
    w.profile += p.At(DayTypeOf(in, at.day), at.time_of_day_s);
    ++w.count;
  }
  return w;
}

}  // namespace

absl::StatusOr<ClassProfile> ClassProfile::Create(
    int64_t interval_s, std::array<std::vector<double>, kDayTypeCount> shape) {
  if (!ValidInterval(interval_s)) {
    return absl::InvalidArgumentError("class profile: interval must divide a day");
  }
  for (const std::vector<double>& day : shape) {
    if (day.size() != SlotsPerDay(interval_s)) {
      return absl::InvalidArgumentError("class profile: one value per slot of the day");
    }
    for (double v : day) {
      if (!(v >= 0)) return absl::InvalidArgumentError("class profile: negative or NaN value");
    }
  }
  return ClassProfile(interval_s, std::move(shape));
}

absl::StatusOr<ClassProfile> ClassProfile::FromMeters(std::span<const EstimateInput> meters) {
  if (meters.empty()) return absl::InvalidArgumentError("class profile: no meters");
  const int64_t interval_s = meters[0].interval_s;
  if (!ValidInterval(interval_s)) {
    return absl::InvalidArgumentError("class profile: interval must divide a day");
  }
  const size_t per_day = SlotsPerDay(interval_s);
  std::array<std::vector<double>, kDayTypeCount> sum, count;
  for (size_t t = 0; t < kDayTypeCount; ++t) {
    sum[t].assign(per_day, 0);
    count[t].assign(per_day, 0);
  }
  for (const EstimateInput& m : meters) {
    if (m.interval_s != interval_s) {
      return absl::InvalidArgumentError("class profile: meters on different intervals");
    }
    double total = 0;
    size_t n = 0;
    for (const std::optional<int64_t>& v : m.values) {
      if (v) total += static_cast<double>(*v), ++n;
    }
    if (n == 0 || total <= 0) continue;
    const double mean = total / static_cast<double>(n);
    for (size_t i = 0; i < m.values.size(); ++i) {
      if (!m.values[i]) continue;
      const LocalSlot at = LocalSlotOf(m, i);
      const auto t = static_cast<size_t>(DayTypeOf(m, at.day));
      const auto s = static_cast<size_t>(at.time_of_day_s / interval_s);
      sum[t][s] += std::max<double>(0, static_cast<double>(*m.values[i])) / mean;
      count[t][s] += 1;
    }
  }
  double all = 0, all_n = 0;
  for (size_t t = 0; t < kDayTypeCount; ++t) {
    for (size_t s = 0; s < per_day; ++s) all += sum[t][s], all_n += count[t][s];
  }
  if (all_n == 0 || all <= 0) {
    return absl::InvalidArgumentError("class profile: no meter holds a positive value");
  }
  for (size_t t = 0; t < kDayTypeCount; ++t) {
    for (size_t s = 0; s < per_day; ++s) {
      sum[t][s] = count[t][s] > 0 ? sum[t][s] / count[t][s] : all / all_n;
    }
  }
  return Create(interval_s, std::move(sum));
}

double ClassProfile::At(DayType type, int64_t time_of_day_s) const {
  const std::vector<double>& day = shape_[static_cast<size_t>(type)];
  const auto s = static_cast<size_t>(
      std::clamp<int64_t>(time_of_day_s / interval_s_, 0, static_cast<int64_t>(day.size()) - 1));
  return day[s];
}

void EstimateClassProfile(const EstimateInput& in, const Gap& gap, std::span<SlotEstimate> out) {
  for (SlotEstimate& s : out) s = {std::nullopt, EstimationMethod::kClassProfile};
  const ClassProfile* p = in.class_profile;
  if (p == nullptr || p->interval_s() != in.interval_s) return;
  const size_t window =
      static_cast<size_t>(kClassProfileHistoryDays * kSecondsPerDay / in.interval_s);
  Window w = SumWindow(in, gap, *p, gap.begin > window ? gap.begin - window : 0, gap.begin);
  if (w.count == 0) {
    w = SumWindow(in, gap, *p, gap.end, std::min(in.values.size(), gap.end + window));
  }
  if (w.count == 0 || w.profile <= 0) return;
  const double scale = w.meter / w.profile;
  for (size_t k = 0; k < gap.size(); ++k) {
    const LocalSlot at = LocalSlotOf(in, gap.begin + k);
    out[k].wh = p->At(DayTypeOf(in, at.day), at.time_of_day_s) * scale;
  }
}

}  // namespace gridline::vee
