// solar.h: rooftop PV output from the town's sky. A system's plane-of-array irradiance is the
// clear-sky irradiance of the sun's position (weather.h) split into beam and diffuse parts, dimmed
// by the clouds of the slot, and projected on the panel (tilt, azimuth); DC power follows with a
// temperature derating of -0.37 %/C (crystalline silicon) and system losses, and the inverter
// clips at its AC rating. Values are slot averages sampled at the slot's middle.
#ifndef GRIDLINE_SIM_SOLAR_H_
#define GRIDLINE_SIM_SOLAR_H_

#include "sim/rng.h"
#include "sim/weather.h"

namespace gridline::sim {

struct PvSystem {
  double dc_kw = 0;             // nameplate, 3-10 kW for homes
  double tilt_deg = 20;         // roof pitch
  double azimuth_deg = 180;     // compass: 180 = facing south
  double losses = 0.86;         // wiring, soiling, inverter efficiency
  double inverter_ratio = 0.9;  // AC rating / DC nameplate
  double shading = 1.0;         // fixed fraction of sky seen (trees, neighbours)

  // Draws a typical residential system.
  static PvSystem Draw(Rng* rng);
};

// Precomputed panel geometry for fast per-slot output.
class PvArray {
 public:
  PvArray() = default;
  explicit PvArray(const PvSystem& system);

  // Average AC output in watts over slot `slot` of `day`; `cloud_factor` (about 1) lets a
  // meter's sky differ a little from the town's.
  double Watts(const DayConditions& day, int slot, double cloud_factor) const;

  const PvSystem& system() const { return system_; }

 private:
  PvSystem system_;
  float nx_ = 0, ny_ = 0, nz_ = 1;  // panel normal (east, north, up)
  float sky_view_ = 1, ground_view_ = 0;
};

}  // namespace gridline::sim

#endif  // GRIDLINE_SIM_SOLAR_H_
