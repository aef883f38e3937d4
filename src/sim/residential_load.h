// residential_load.h: one home's electricity use, minute-planned and summed per 15-minute slot.
//
// What a home is made of (each drawn per home, so homes differ in size and habit):
// - always-on base (standby, network gear, a slowly wandering few percent), fridge and, in some
//   homes, a freezer, each a compressor cycling on a thermostat (faster when it is warm);
// - occupancy: a local-time plan per day (wake, leave and return on workdays for those who
//   commute, bedtime later on Friday and Saturday; retirees and home workers stay in with an
//   outing or two), driving an activity load (TV, computers, small appliances) with
//   autocorrelated noise, and lighting that follows the darkness of the sky;
// - cooling above a per-home setpoint (about 22-26 C, higher when away) and, for homes with
//   electric heat, heating below about 15-20 C, both as a compressor or element that cycles with
//   a duty set by the lagged outdoor temperature;
// - appliance runs at their real power for minutes to an hour: kettle or coffee maker, toaster,
//   hair dryer, microwave, cooktop, oven (preheat then thermostat cycling), dishwasher (heating
//   phases), washer then dryer, vacuum, electric water heater recovery after showers, and a pool
//   pump on a summer timer.
// The result has the steps and quiet nights of a real interval meter rather than white noise on
// a smooth curve.
#ifndef GRIDLINE_SIM_RESIDENTIAL_LOAD_H_
#define GRIDLINE_SIM_RESIDENTIAL_LOAD_H_

#include <cstdint>

#include "sim/load_events.h"
#include "sim/rng.h"
#include "sim/weather.h"

namespace gridline::sim {

struct ResidentialParams {
  double scale = 1;  // discretionary use and appliance frequency multiplier
  int occupants = 2;
  double base_w = 120;
  double fridge_w = 130;
  double fridge_period_min = 50;
  bool has_freezer = false;
  double freezer_w = 100;
  double activity_w = 250;
  double light_w = 200;
  bool works_away = true;  // home empty on workday daytime
  int wake_workday_min = 6 * 60 + 30;
  int wake_rest_min = 8 * 60;
  int leave_min = 8 * 60;
  int return_min = 17 * 60 + 30;
  int sleep_min = 23 * 60;
  bool has_ac = true;
  double ac_kw = 3.5;
  double cool_setpoint_c = 24;
  bool electric_heat = false;
  double heat_kw = 5;
  double heat_setpoint_c = 15;
  bool electric_water_heater = false;
  bool electric_cooking = true;
  bool electric_dryer = true;
  bool has_pool_pump = false;
  double pool_pump_kw = 1.1;
  int pool_start_min = 9 * 60;
  int pool_hours = 6;

  // Draws a home; `ac_share` and `electric_heat_share` are the town's equipment rates.
  static ResidentialParams Draw(Rng* rng, double ac_share, double electric_heat_share);
  // A rough peak kW for sizing the transformer that serves the home.
  double DesignPeakKw() const;
};

class ResidentialLoad {
 public:
  ResidentialLoad(const ResidentialParams& params, uint64_t stream_key);

  // Adds the home's average watts per slot of UTC day `day_index` to `watts` (96 entries).
  // REQUIRES: called for day_index = 0, 1, 2, ... in order.
  void SimulateDay(const Weather& weather, int day_index, double* watts);

  // Local minute at which the home's occupants come back on workdays (EV plug-in time).
  const ResidentialParams& params() const { return p_; }

 private:
  void PlanLocalDay(int64_t local_day);
  // A run at `local_minute` after the planned day's local midnight (may exceed 1440).
  void AddRun(double local_minute, double duration_min, double watts);
  // Element cycling (oven, dryer): on/off runs of about `on_min` / `off_min` over `total_min`.
  void AddCyclingRun(double local_minute, double total_min, double watts, double on_min,
                     double off_min);

  ResidentialParams p_;
  Rng rng_;
  LoadEvents events_;
  Presence awake_home_;
  Presence part_home_;  // workdays: part of the household stays in
  Presence away_;
  int64_t next_plan_day_ = INT64_MIN;  // next local day to plan
  int64_t plan_midnight_utc_ = 0;      // UTC minute of the planned day's local midnight
  DutyCycler fridge_;
  DutyCycler freezer_;
  DutyCycler ac_;
  DutyCycler heat_;
  double base_noise_ = 0;
  double activity_noise_ = 0;
};

}  // namespace gridline::sim

#endif  // GRIDLINE_SIM_RESIDENTIAL_LOAD_H_
