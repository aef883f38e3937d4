#include "sim/solar.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace gridline::sim {

namespace {
constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr double kAlbedo = 0.2;
}  // namespace

PvSystem PvSystem::Draw(Rng* rng) {
  PvSystem s;
  // Residential systems cluster at 4-7 kW; few are below 3 or above 10.
  s.dc_kw = std::clamp(rng->LogNormal(std::log(5.8), 0.3), 3.0, 10.0);
  s.dc_kw = std::round(s.dc_kw * 10.0) / 10.0;
  s.tilt_deg = rng->Uniform(14.0, 32.0);
  // Mostly south, some east/west splits and a few poor roofs.
  s.azimuth_deg = std::clamp(rng->Normal(180.0, 35.0), 90.0, 270.0);
  s.losses = rng->Uniform(0.82, 0.9);
  s.inverter_ratio = rng->Uniform(0.83, 0.97);
  s.shading = rng->Bernoulli(0.25) ? rng->Uniform(0.75, 0.95) : 1.0;
  return s;
}

PvArray::PvArray(const PvSystem& system) : system_(system) {
  const double tilt = system.tilt_deg * kDegToRad;
  const double az = system.azimuth_deg * kDegToRad;
  nx_ = static_cast<float>(std::sin(tilt) * std::sin(az));
  ny_ = static_cast<float>(std::sin(tilt) * std::cos(az));
  nz_ = static_cast<float>(std::cos(tilt));
  sky_view_ = static_cast<float>((1.0 + std::cos(tilt)) / 2.0);
  ground_view_ = static_cast<float>((1.0 - std::cos(tilt)) / 2.0);
}

double PvArray::Watts(const DayConditions& day, int slot, double cloud_factor) const {
  const double up = day.sun_up[slot];
  const double ghi_clear = day.ghi_clear_w_m2[slot];
  if (up <= 0.01 || ghi_clear <= 0) return 0.0;
  const double k = std::clamp(day.clearness[slot] * cloud_factor, 0.05, 1.05);
  const double ghi = ghi_clear * k;
  // Beam share of GHI: ~85 % under a clear sky, none under thick cloud.
  const double beam_share = 0.85 * std::pow(std::clamp((k - 0.25) / 0.75, 0.0, 1.0), 1.3);
  const double beam_h = ghi * beam_share;
  const double diffuse_h = ghi - beam_h;
  const double cos_inc = day.sun_east[slot] * nx_ + day.sun_north[slot] * ny_ + up * nz_;
  const double dni = beam_h / up;
  const double poa = dni * std::max(0.0, cos_inc) * system_.shading + diffuse_h * sky_view_ +
                     ghi * kAlbedo * ground_view_;
  const double cell_c = day.temp_c[slot] + poa / 800.0 * 25.0;
  const double dc_w = system_.dc_kw * poa * system_.losses * (1.0 - 0.0037 * (cell_c - 25.0));
  return std::clamp(dc_w, 0.0, system_.dc_kw * 1000.0 * system_.inverter_ratio);
}

}  // namespace gridline::sim
