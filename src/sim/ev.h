// ev.h: a home EV charger. A level-2 charger (3.3 to 11 kW) charges at its full rating until the
// battery nears full, then tapers. Sessions happen on most evenings: the car is plugged in when
// the household gets back, or, for owners on a TOU plan, the charger waits for its schedule
// (21:00 after the E-TOU-C peak, or midnight / 01:00 for EV rates with a super off-peak). The
// energy per session (5 to 30 kWh) follows the day's driving. A session that crosses midnight
// UTC carries into the next day.
#ifndef GRIDLINE_SIM_EV_H_
#define GRIDLINE_SIM_EV_H_

#include <cstdint>

#include "sim/load_events.h"
#include "sim/rng.h"
#include "sim/weather.h"

namespace gridline::sim {

struct EvParams {
  double charger_kw = 7.2;
  double mean_session_kwh = 12;
  double workday_probability = 0.75;
  double rest_probability = 0.5;
  bool scheduled = false;
  int schedule_min = 0;       // local minute the schedule starts (may be >= 1440: next day)
  int arrival_min = 18 * 60;  // usual plug-in time when not scheduled

  static EvParams Draw(Rng* rng, int usual_return_min);
};

class EvCharger {
 public:
  EvCharger(const EvParams& params, uint64_t stream_key);

  // Adds the charger's average watts per slot of UTC day `day_index` to `watts`.
  // REQUIRES: called for day_index = 0, 1, 2, ... in order.
  void SimulateDay(const Weather& weather, int day_index, double* watts);

  const EvParams& params() const { return p_; }

 private:
  void PlanLocalDay(int64_t local_day);

  EvParams p_;
  Rng rng_;
  LoadEvents events_;
  int64_t next_plan_day_ = INT64_MIN;
};

}  // namespace gridline::sim

#endif  // GRIDLINE_SIM_EV_H_
