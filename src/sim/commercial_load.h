// commercial_load.h: one business's electricity use per 15-minute slot.
//
// A business has a kind (office, retail store, restaurant, grocery, warehouse) that sets its
// hours, its night base (refrigeration, servers, security lighting) as a share of its peak, and
// its size (tens of kW for a small office to several hundred for a big store). The building
// ramps up before opening and down after closing; weekends and holidays are closed or short for
// offices and warehouses, open for shops. HVAC is a set of rooftop units, each a compressor
// cycling with a duty set by the lagged outdoor temperature (cooling above ~20 C, some electric
// heating below ~13 C), with setback when closed; groceries add refrigeration compressors and
// restaurants kitchen equipment. Many small loads give a few percent of autocorrelated noise.
#ifndef GRIDLINE_SIM_COMMERCIAL_LOAD_H_
#define GRIDLINE_SIM_COMMERCIAL_LOAD_H_

#include <cstdint>
#include <vector>

#include "sim/load_events.h"
#include "sim/rng.h"
#include "sim/weather.h"

namespace gridline::sim {

enum class BusinessKind : uint8_t { kOffice, kRetail, kRestaurant, kGrocery, kWarehouse };

const char* BusinessKindName(BusinessKind kind);

struct CommercialParams {
  BusinessKind kind = BusinessKind::kOffice;
  double peak_kw = 50;      // typical weekday peak without HVAC
  double base_share = 0.3;  // night load / peak
  int open_min = 8 * 60;    // local minutes, workdays
  int close_min = 18 * 60;
  bool open_saturday = false;
  bool open_sunday = false;
  int weekend_open_min = 10 * 60;
  int weekend_close_min = 17 * 60;
  double weekend_level = 0.8;  // occupied load on weekend days relative to workdays
  int hvac_units = 3;
  double hvac_unit_kw = 8;
  double cool_setpoint_c = 21;
  bool electric_heat = false;
  double heat_setpoint_c = 13;
  int refrigeration_units = 0;
  double refrigeration_unit_kw = 0;

  static CommercialParams Draw(Rng* rng);
  double DesignPeakKw() const;
};

class CommercialLoad {
 public:
  CommercialLoad(const CommercialParams& params, uint64_t stream_key);

  // Adds average watts per slot of UTC day `day_index` to `watts` (96 entries).
  // REQUIRES: called for day_index = 0, 1, 2, ... in order.
  void SimulateDay(const Weather& weather, int day_index, double* watts);

  const CommercialParams& params() const { return p_; }

 private:
  void PlanLocalDay(int64_t local_day);

  CommercialParams p_;
  Rng rng_;
  LoadEvents events_;
  Presence open_;     // hours open to staff and customers
  Presence staffed_;  // preparation before opening and cleaning after closing
  int64_t next_plan_day_ = INT64_MIN;
  std::vector<DutyCycler> hvac_;
  std::vector<DutyCycler> refrigeration_;
  double noise_ = 0;
  double level_today_ = 1;
};

}  // namespace gridline::sim

#endif  // GRIDLINE_SIM_COMMERCIAL_LOAD_H_
