// meter_simulator.h: one meter's clean interval reads, day after day. It adds the premise's load
// (residential or commercial), its EV charger and its rooftop PV, and nets them per interval as a
// net-metering meter does: delivered = max(0, load - pv), received = max(0, pv - load), in whole
// Wh per 15-minute interval. Defects are applied afterwards (defects.h).
#ifndef GRIDLINE_SIM_METER_SIMULATOR_H_
#define GRIDLINE_SIM_METER_SIMULATOR_H_

#include <cstdint>
#include <optional>

#include "sim/commercial_load.h"
#include "sim/ev.h"
#include "sim/meter_profile.h"
#include "sim/residential_load.h"
#include "sim/solar.h"
#include "sim/weather.h"

namespace gridline::sim {

// One UTC day of a meter, Wh per interval; slot i starts at 00:00Z + 15 i minutes.
struct MeterDayValues {
  int32_t delivered_wh[kSlotsPerDay];
  int32_t received_wh[kSlotsPerDay];  // all zero without PV
};

class MeterSimulator {
 public:
  // `profile` must outlive the simulator.
  MeterSimulator(uint64_t seed, const MeterProfile& profile);

  // Fills `out` with day `day_index`. REQUIRES: days are simulated in order 0, 1, 2, ...
  void SimulateDay(const Weather& weather, int day_index, MeterDayValues* out);

  const MeterProfile& profile() const { return *profile_; }

 private:
  const MeterProfile* profile_;
  std::optional<ResidentialLoad> residential_;
  std::optional<CommercialLoad> commercial_;
  std::optional<EvCharger> ev_;
  std::optional<PvArray> pv_;
  Rng sky_rng_;
  double sky_noise_ = 0;  // this roof's clouds differ a little from the town's
};

}  // namespace gridline::sim

#endif  // GRIDLINE_SIM_METER_SIMULATOR_H_
