#include "sim/defects.h"

#include <algorithm>
#include <cmath>

namespace gridline::sim {

namespace {
// Shares of the outage rate by where the fault is.
constexpr double kFeederShare = 0.2;
constexpr double kTransformerShare = 0.5;
constexpr double kMeterShare = 0.3;
}  // namespace

DefectInjector::DefectInjector(uint64_t seed, int64_t meter_index, GridPlace place, int days,
                               const DefectOptions& options)
    : options_(options),
      seed_(seed),
      meter_index_(meter_index),
      place_(place),
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

void DefectInjector::MaybeOutage(int level, int64_t group, double rate, int day_index,
                                 std::bitset<kSlotsPerDay>* outage) {
  // Keyed by the group and the day, so every meter of the group draws the same fault.
  Rng r(seed_, Stream::kOutage, static_cast<uint64_t>(level) << 40 ^ static_cast<uint64_t>(group),
        static_cast<uint64_t>(day_index));
  if (!r.Bernoulli(rate)) return;
  const int start = static_cast<int>(r.UniformInt(0, kSlotsPerDay - 1));
  const int length = static_cast<int>(r.UniformInt(4, 48));  // 1 to 12 hours
  for (int s = start; s < std::min(kSlotsPerDay, start + length); ++s) outage->set(s);
  outage_left_ = std::max(outage_left_, start + length - kSlotsPerDay);
}

void DefectInjector::Apply(int day_index, bool has_received, MeterDayValues* values,
                           DayDefects* marks) {
  *marks = DayDefects();
  if (!options_.enabled) return;

  // Outages first: they decide which intervals exist at all. One left over from yesterday,
  // then today's faults on the meter's feeder, its transformer and the meter itself.
  if (outage_left_ > 0) {
    const int n = std::min(outage_left_, kSlotsPerDay);
    for (int s = 0; s < n; ++s) marks->outage.set(s);
    outage_left_ -= n;
  }
  const double rate = options_.outage_rate;
  if (place_.feeder >= 0) {
    MaybeOutage(1, place_.feeder, rate * kFeederShare, day_index, &marks->outage);
  }
  if (place_.transformer >= 0) {
    MaybeOutage(2, place_.transformer, rate * kTransformerShare, day_index, &marks->outage);
    MaybeOutage(3, meter_index_, rate * kMeterShare, day_index, &marks->outage);
  } else {
    MaybeOutage(3, meter_index_, rate, day_index, &marks->outage);
  }
  if (stop_day_ >= 0 && day_index >= stop_day_) {
    const int from = day_index == stop_day_ ? stop_slot_ : 0;
    for (int s = from; s < kSlotsPerDay; ++s) marks->outage.set(s);
  }
  marks->missing = marks->outage;
  // Cold-load pickup: when power returns, thermostats that waited all call at once and fridges
  // catch up, so the first half-hour after an outage runs high.
  for (int s = 1; s < kSlotsPerDay; ++s) {
    if (!marks->outage[s - 1] || marks->outage[s]) continue;
    values->delivered_wh[s] = static_cast<int32_t>(values->delivered_wh[s] * 1.6);
    if (s + 1 < kSlotsPerDay && !marks->outage[s + 1]) {
      values->delivered_wh[s + 1] = static_cast<int32_t>(values->delivered_wh[s + 1] * 1.25);
    }
  }

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
      values->delivered_wh[s] =
          static_cast<int32_t>(std::min<int64_t>(v * rng_.UniformInt(10, 50), 2'000'000'000));
      marks->spike.set(s);
    }
    for (int c = 0; c < channels; ++c) {
      if (duplicate_.Hit(&rng_)) marks->duplicate[c].set(s);
      if (late_.Hit(&rng_) && !last_day) marks->late[c].set(s);
    }
  }
}

}  // namespace gridline::sim
