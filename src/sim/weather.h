// weather.h: one synthetic town's weather and sky, shared by every meter of the fleet, so that
// temperature drives the whole town's load together (as on a real feeder) and clouds dim every
// rooftop at once.
//
// The climate is Sacramento-like (the default town sits at 38.58 N, 121.49 W): a seasonal mean
// from 8 C in January to 25 C in July, a diurnal swing of 9 to 18 C (minimum near dawn, maximum at
// 15:00 solar time), multi-day fronts as an AR(1) anomaly of the daily mean, and a cloud process
// whose wet-season days are often overcast and whose summer days are nearly always clear; cloudy
// days are cooler by day and swing less. Everything is a pure function of the seed and the dates.
#ifndef GRIDLINE_SIM_WEATHER_H_
#define GRIDLINE_SIM_WEATHER_H_

#include <cstdint>
#include <vector>

#include "sim/town_calendar.h"

namespace gridline::sim {

struct TownOptions {
  double latitude_deg = 38.58;
  double longitude_deg = -121.49;
};

// Town-wide conditions of one UTC day, one entry per 15-minute slot, sampled at the slot's middle.
struct DayConditions {
  int64_t utc_day = 0;            // days since 1970-01-01
  float temp_c[kSlotsPerDay];     // outdoor air temperature
  float clearness[kSlotsPerDay];  // cloud transmission, 0.08 (overcast) .. 1 (clear)
  float sun_east[kSlotsPerDay];   // unit vector towards the sun (east, north, up)
  float sun_north[kSlotsPerDay];
  float sun_up[kSlotsPerDay];          // = sin(solar elevation); <= 0 at night
  float ghi_clear_w_m2[kSlotsPerDay];  // clear-sky global horizontal irradiance
  float darkness[kSlotsPerDay];        // 0 daylight .. 1 dark: how much indoor light is needed
  int16_t local_minute[kSlotsPerDay];  // local wall-clock minute of day at the slot's start
  int64_t local_day[kSlotsPerDay];     // local civil day at the slot's start
};

class Weather {
 public:
  // Conditions for UTC days [first_day - 1, first_day + days]: one day of margin on each side so
  // that models may look back (thermal lag) across midnight.
  Weather(uint64_t seed, int64_t first_day, int days, const TownOptions& town);

  // REQUIRES: -1 <= day_index <= days.
  const DayConditions& Day(int day_index) const { return days_[day_index + 1]; }
  // Temperature `lag_slots` before slot `slot` of day `day_index` (looking into earlier days).
  float TempLagged(int day_index, int slot, int lag_slots) const;

  const TownOptions& town() const { return town_; }
  int64_t first_day() const { return first_day_; }

 private:
  TownOptions town_;
  int64_t first_day_;
  std::vector<DayConditions> days_;
};

}  // namespace gridline::sim

#endif  // GRIDLINE_SIM_WEATHER_H_
