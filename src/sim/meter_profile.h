// meter_profile.h: who is behind each meter. A profile is drawn from (seed, meter index) only, so
// meter M0000042 is the same home in a fleet of 100 and of a million, and the topology generator
// and the load models see the same attributes (class, PV, EV, size).
#ifndef GRIDLINE_SIM_METER_PROFILE_H_
#define GRIDLINE_SIM_METER_PROFILE_H_

#include <cstdint>

#include "sim/commercial_load.h"
#include "sim/ev.h"
#include "sim/residential_load.h"
#include "sim/solar.h"

namespace gridline::sim {

enum class CustomerClass : uint8_t { kResidential, kCommercial };

const char* CustomerClassName(CustomerClass c);

// Shares of the fleet. PV and EV apply to residential meters.
struct FleetMix {
  double commercial_share = 0.15;
  double pv_share = 0.20;             // of residential meters
  double ev_share = 0.10;             // of residential meters
  double ac_share = 0.8;              // homes with central air conditioning
  double electric_heat_share = 0.25;  // homes heated by heat pump or resistance heat
};

struct MeterProfile {
  int64_t index = 0;
  CustomerClass customer_class = CustomerClass::kResidential;
  bool has_pv = false;
  bool has_ev = false;
  ResidentialParams residential;  // meaningful for residential meters
  CommercialParams commercial;    // meaningful for commercial meters
  PvSystem pv;                    // meaningful when has_pv
  EvParams ev;                    // meaningful when has_ev

  // A rough peak kW (load plus EV) for sizing the serving transformer.
  double DesignPeakKw() const;
};

MeterProfile DrawMeterProfile(uint64_t seed, int64_t index, const FleetMix& mix);

// Digits of the zero-padded meter number (`M0000042`) for a fleet of `meters`: at least 7, more
// for fleets over ten million, so that ids sort.
int MeterIdDigits(int64_t meters);

}  // namespace gridline::sim

#endif  // GRIDLINE_SIM_METER_PROFILE_H_
