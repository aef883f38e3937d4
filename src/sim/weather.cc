#include "sim/weather.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "common/time.h"
#include "sim/rng.h"

namespace gridline::sim {

namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;
constexpr double kDegToRad = std::numbers::pi / 180.0;

double DayOfYear(int64_t day) {
  const CivilDay c = CivilFromDays(day);
  return static_cast<double>(day - DaysFromCivil(c.year, 1, 1) + 1);
}

// 0 in mid-January .. 1 in mid-July.
double Summerness(double doy) { return 0.5 * (1.0 - std::cos(kTwoPi * (doy - 15.0) / 365.0)); }

double StandardNormalCdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// Diurnal temperature shape in [-1, 1]: minimum at 05:30 solar time, maximum at 15:00.
double DiurnalShape(double solar_hour) {
  constexpr double kMin = 5.5;
  constexpr double kMax = 15.0;
  if (solar_hour >= kMin && solar_hour < kMax) {
    return -std::cos(std::numbers::pi * (solar_hour - kMin) / (kMax - kMin));
  }
  double since_max = solar_hour - kMax;
  if (since_max < 0) since_max += 24.0;
  return std::cos(std::numbers::pi * since_max / (24.0 - (kMax - kMin)));
}

// Daily weather, keyed at solar noon so that interpolation between days is smooth through the
// night.
struct DailyState {
  double mean_c;
  double amplitude_c;
  double cover;  // 0 clear .. 1 overcast
};

// Sun position (NOAA's general solar position approximation).
void SunVector(double utc_minute, double latitude_deg, double longitude_deg, float* east,
               float* north, float* up) {
  const double day = std::floor(utc_minute / kMinutesPerDay);
  const double minute_of_day = utc_minute - day * kMinutesPerDay;
  const double doy = DayOfYear(static_cast<int64_t>(day));
  const double g = kTwoPi / 365.0 * (doy - 1.0 + (minute_of_day / 60.0 - 12.0) / 24.0);
  const double decl = 0.006918 - 0.399912 * std::cos(g) + 0.070257 * std::sin(g) -
                      0.006758 * std::cos(2 * g) + 0.000907 * std::sin(2 * g) -
                      0.002697 * std::cos(3 * g) + 0.00148 * std::sin(3 * g);
  const double eot_min = 229.18 * (0.000075 + 0.001868 * std::cos(g) - 0.032077 * std::sin(g) -
                                   0.014615 * std::cos(2 * g) - 0.040849 * std::sin(2 * g));
  const double true_solar_min = minute_of_day + eot_min + 4.0 * longitude_deg;
  const double hour_angle = (true_solar_min / 4.0 - 180.0) * kDegToRad;
  const double lat = latitude_deg * kDegToRad;
  *up = static_cast<float>(std::sin(lat) * std::sin(decl) +
                           std::cos(lat) * std::cos(decl) * std::cos(hour_angle));
  *east = static_cast<float>(-std::cos(decl) * std::sin(hour_angle));
  *north = static_cast<float>(std::sin(decl) * std::cos(lat) -
                              std::cos(decl) * std::sin(lat) * std::cos(hour_angle));
}

}  // namespace

Weather::Weather(uint64_t seed, int64_t first_day, int days, const TownOptions& town)
    : town_(town), first_day_(first_day) {
  Rng rng(seed, Stream::kWeather);

  // Daily keys k = -3 .. days + 2 cover every slot of days -1 .. days with a key on each side.
  const int first_key = -3;
  const int key_count = days + 6;
  std::vector<DailyState> keys(key_count);
  double anomaly = rng.Normal(0.0, 2.57);  // stationary start: fronts already under way
  double latent = rng.Normal();
  for (int i = 0; i < key_count; ++i) {
    const double doy = DayOfYear(first_day + first_key + i);
    const double summer = Summerness(doy);
    anomaly = 0.75 * anomaly + rng.Normal(0.0, 1.7);
    latent = 0.6 * latent + rng.Normal(0.0, 0.8);
    const double p_cloudy = 0.06 + 0.54 * (1.0 - summer);
    const double u = StandardNormalCdf(latent);
    double cover;
    if (u < 1.0 - p_cloudy) {
      cover = 0.15 * std::pow(u / (1.0 - p_cloudy), 3.0);
    } else {
      cover = 0.15 + 0.85 * std::pow((u - (1.0 - p_cloudy)) / p_cloudy, 0.8);
    }
    DailyState& k = keys[i];
    k.cover = cover;
    k.mean_c = 16.5 - 8.5 * (1.0 - 2.0 * summer) + anomaly - (1.0 + 3.0 * summer) * cover;
    k.amplitude_c = (4.5 + 4.5 * summer) * (1.0 - 0.6 * cover);
  }
  const double solar_noon_offset_min = 12.0 * 60.0 - 4.0 * town.longitude_deg;
  auto key_time = [&](int i) {
    return static_cast<double>(first_day + first_key + i) * kMinutesPerDay + solar_noon_offset_min;
  };

  days_.resize(days + 2);
  double temp_noise = rng.Normal(0.0, 0.45);
  double cloud_noise = 0.0;
  for (int d = 0; d < days + 2; ++d) {
    DayConditions& out = days_[d];
    out.utc_day = first_day + d - 1;
    for (int s = 0; s < kSlotsPerDay; ++s) {
      const int64_t start_min = out.utc_day * kMinutesPerDay + s * kSlotMinutes;
      const double mid_min = static_cast<double>(start_min) + kSlotMinutes / 2.0;
      // Interpolate the daily keys around this instant.
      const double pos = (mid_min - key_time(0)) / kMinutesPerDay;
      const int i0 = std::clamp(static_cast<int>(std::floor(pos)), 0, key_count - 2);
      const double w = std::clamp(pos - i0, 0.0, 1.0);
      const DailyState& a = keys[i0];
      const DailyState& b = keys[i0 + 1];
      const double mean_c = a.mean_c + (b.mean_c - a.mean_c) * w;
      const double amp_c = a.amplitude_c + (b.amplitude_c - a.amplitude_c) * w;
      const double cover = w < 0.5 ? a.cover : b.cover;

      double solar_hour = std::fmod((mid_min + 4.0 * town.longitude_deg) / 60.0, 24.0);
      if (solar_hour < 0) solar_hour += 24.0;
      temp_noise = 0.95 * temp_noise + rng.Normal(0.0, 0.15);
      out.temp_c[s] = static_cast<float>(mean_c + amp_c * DiurnalShape(solar_hour) + temp_noise);

      // Passing clouds: strongest on half-covered days, absent on clear or overcast ones.
      const double variability = 4.0 * cover * (1.0 - cover);
      cloud_noise = 0.85 * cloud_noise + rng.Normal(0.0, 0.13 * variability + 0.005);
      out.clearness[s] =
          static_cast<float>(std::clamp(1.0 - 0.72 * cover + cloud_noise, 0.08, 1.0));

      SunVector(mid_min, town.latitude_deg, town.longitude_deg, &out.sun_east[s], &out.sun_north[s],
                &out.sun_up[s]);
      const double cosz = out.sun_up[s];
      // Haurwitz clear-sky model: GHI = 1098 cos(z) exp(-0.057 / cos(z)).
      out.ghi_clear_w_m2[s] =
          cosz > 0.01 ? static_cast<float>(1098.0 * cosz * std::exp(-0.057 / cosz)) : 0.0f;
      const double elevation_deg = std::asin(std::clamp(cosz, -1.0, 1.0)) / kDegToRad;
      const double base_dark = std::clamp((8.0 - elevation_deg) / 14.0, 0.0, 1.0);
      out.darkness[s] =
          static_cast<float>(base_dark + (1.0 - base_dark) * (1.0 - out.clearness[s]) * 0.6);

      const int64_t local = start_min + PacificOffsetMinutes(start_min);
      const int64_t local_day = FloorDiv(local, kMinutesPerDay);
      out.local_day[s] = local_day;
      out.local_minute[s] = static_cast<int16_t>(local - local_day * kMinutesPerDay);
    }
  }
}

float Weather::TempLagged(int day_index, int slot, int lag_slots) const {
  int idx = slot - lag_slots;
  while (idx < 0 && day_index > -1) {
    --day_index;
    idx += kSlotsPerDay;
  }
  if (idx < 0) idx = 0;
  return Day(day_index).temp_c[idx];
}

}  // namespace gridline::sim
