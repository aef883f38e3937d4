#include "sim/defects.h"

#include <algorithm>
#include <cmath>

namespace gridline::sim {

DefectInjector::DefectInjector(uint64_t seed, int64_t meter_index, int days,
                               const DefectOptions& options)
    : options_(options),
      days_(days),
      rng_(seed, Stream::kDefects, static_cast<uint64_t>(meter_index)) {
  if (!options_.enabled) return;
  if (days_ >= 2 && rng_.Bernoulli(options_.stop_rate)) {
    stop_day_ = static_cast<int>(rng_.UniformInt(1, days_ - 1));
    stop_slot_ = static_cast<int>(rng_.UniformInt(0, kSlotsPerDay - 1));
  }
  missing_.rate = options_.missing_rate;
  duplicate_.rate = options_.duplicate_rate;
  spike_.rate = options_.spike_rate;
  late_.rate = options_.late_rate;
  missing_.Reset(&rng_);
  duplicate_.Reset(&rng_);
  spike_.Reset(&rng_);
  late_.Reset(&rng_);
}

void DefectInjector::Apply(int day_index, bool has_received, MeterDayValues* values,
                           DayDefects* marks) {
  *marks = DayDefects();
  if (!options_.enabled) return;

  // Outages first: they decide which intervals exist at all.
  if (outage_left_ == 0 && rng_.Bernoulli(options_.outage_rate)) {
    const int start = static_cast<int>(rng_.UniformInt(0, kSlotsPerDay - 1));
    const int length = static_cast<int>(rng_.UniformInt(4, 48));  // 1 to 12 hours
    for (int s = start; s < std::min(kSlotsPerDay, start + length); ++s) marks->outage.set(s);
    outage_left_ = std::max(0, start + length - kSlotsPerDay);
  } else if (outage_left_ > 0) {
    const int n = std::min(outage_left_, kSlotsPerDay);
    for (int s = 0; s < n; ++s) marks->outage.set(s);
    outage_left_ -= n;
  }
  if (stop_day_ >= 0 && day_index >= stop_day_) {
    const int from = day_index == stop_day_ ? stop_slot_ : 0;
    for (int s = from; s < kSlotsPerDay; ++s) marks->outage.set(s);
  }
  marks->missing = marks->outage;

  const bool last_day = day_index == days_ - 1;
  const int channels = has_received ? 2 : 1;
  for (int s = 0; s < kSlotsPerDay; ++s) {
    if (marks->missing[s]) continue;
    if (missing_.Hit(&rng_)) {
      marks->missing.set(s);
      continue;
    }
    if (spike_.Hit(&rng_)) {
      const int64_t v = std::max<int64_t>(values->delivered_wh[s], 20);
      values->delivered_wh[s] = static_cast<int32_t>(
          std::min<int64_t>(v * rng_.UniformInt(10, 50), 2'000'000'000));
      marks->spike.set(s);
    }
    for (int c = 0; c < channels; ++c) {
      if (duplicate_.Hit(&rng_)) marks->duplicate[c].set(s);
      if (late_.Hit(&rng_) && !last_day) marks->late[c].set(s);
    }
  }
}

}  // namespace gridline::sim
