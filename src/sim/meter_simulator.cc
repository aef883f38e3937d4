#include "sim/meter_simulator.h"

#include <algorithm>
#include <cmath>

namespace gridline::sim {

MeterSimulator::MeterSimulator(uint64_t seed, const MeterProfile& profile)
    : profile_(&profile),
      sky_rng_(seed, Stream::kMeterDynamics, static_cast<uint64_t>(profile.index), 4) {
  const uint64_t index = static_cast<uint64_t>(profile.index);
  if (profile.customer_class == CustomerClass::kCommercial) {
    commercial_.emplace(profile.commercial, MixKeys(seed, 200, index, 1));
  } else {
    residential_.emplace(profile.residential, MixKeys(seed, 200, index, 2));
  }
  if (profile.has_ev) ev_.emplace(profile.ev, MixKeys(seed, 200, index, 3));
  if (profile.has_pv) pv_.emplace(profile.pv);
}

void MeterSimulator::SimulateDay(const Weather& weather, int day_index, MeterDayValues* out) {
  double load_w[kSlotsPerDay] = {};
  if (residential_) residential_->SimulateDay(weather, day_index, load_w);
  if (commercial_) commercial_->SimulateDay(weather, day_index, load_w);
  if (ev_) ev_->SimulateDay(weather, day_index, load_w);
  const DayConditions& day = weather.Day(day_index);
  for (int s = 0; s < kSlotsPerDay; ++s) {
    const int64_t load_wh = std::llround(load_w[s] * (kSlotMinutes / 60.0));
    int64_t pv_wh = 0;
    if (pv_) {
      sky_noise_ = 0.8 * sky_noise_ + sky_rng_.Normal(0.0, 0.02);
      pv_wh = std::llround(pv_->Watts(day, s, 1.0 + sky_noise_) * (kSlotMinutes / 60.0));
    }
    out->delivered_wh[s] = static_cast<int32_t>(std::max<int64_t>(0, load_wh - pv_wh));
    out->received_wh[s] = static_cast<int32_t>(std::max<int64_t>(0, pv_wh - load_wh));
  }
}

}  // namespace gridline::sim
