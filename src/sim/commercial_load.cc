#include "sim/commercial_load.h"

#include <algorithm>
#include <cmath>

#include "common/time.h"

namespace gridline::sim {

const char* BusinessKindName(BusinessKind kind) {
  switch (kind) {
    case BusinessKind::kOffice:
      return "office";
    case BusinessKind::kRetail:
      return "retail";
    case BusinessKind::kRestaurant:
      return "restaurant";
    case BusinessKind::kGrocery:
      return "grocery";
    case BusinessKind::kWarehouse:
      return "warehouse";
  }
  return "?";
}

CommercialParams CommercialParams::Draw(Rng* rng) {
  CommercialParams p;
  const double u = rng->Uniform();
  p.kind = u < 0.38   ? BusinessKind::kOffice
           : u < 0.68 ? BusinessKind::kRetail
           : u < 0.84 ? BusinessKind::kRestaurant
           : u < 0.91 ? BusinessKind::kGrocery
                      : BusinessKind::kWarehouse;
  auto minute = [&](double hours, double sd_min) {
    return static_cast<int>(std::lround((hours * 60 + rng->Normal(0, sd_min)) / 15) * 15);
  };
  switch (p.kind) {
    case BusinessKind::kOffice:
      p.peak_kw = rng->LogNormal(std::log(35), 0.8);
      p.base_share = rng->Uniform(0.2, 0.4);
      p.open_min = minute(7.75, 30);
      p.close_min = minute(17.75, 40);
      p.open_saturday = rng->Bernoulli(0.15);
      p.weekend_open_min = minute(9, 30);
      p.weekend_close_min = minute(13, 30);
      p.weekend_level = 0.5;
      break;
    case BusinessKind::kRetail:
      p.peak_kw = rng->LogNormal(std::log(45), 0.9);
      p.base_share = rng->Uniform(0.15, 0.3);
      p.open_min = minute(9.5, 30);
      p.close_min = minute(20.5, 45);
      p.open_saturday = true;
      p.open_sunday = rng->Bernoulli(0.8);
      p.weekend_open_min = minute(10, 20);
      p.weekend_close_min = minute(19, 45);
      p.weekend_level = rng->Uniform(0.85, 1.05);
      break;
    case BusinessKind::kRestaurant:
      p.peak_kw = rng->LogNormal(std::log(40), 0.5);
      p.base_share = rng->Uniform(0.3, 0.45);
      p.open_min = minute(10.5, 40);
      p.close_min = minute(22, 40);
      p.open_saturday = true;
      p.open_sunday = rng->Bernoulli(0.85);
      p.weekend_open_min = p.open_min;
      p.weekend_close_min = p.close_min + 60;
      p.weekend_level = rng->Uniform(1.0, 1.2);
      break;
    case BusinessKind::kGrocery:
      p.peak_kw = rng->LogNormal(std::log(180), 0.6);
      p.base_share = rng->Uniform(0.45, 0.6);
      p.open_min = minute(7, 30);
      p.close_min = minute(22, 30);
      p.open_saturday = true;
      p.open_sunday = true;
      p.weekend_open_min = p.open_min;
      p.weekend_close_min = p.close_min;
      p.weekend_level = 1.0;
      p.refrigeration_units = static_cast<int>(rng->UniformInt(3, 8));
      p.refrigeration_unit_kw = p.peak_kw * 0.07;
      break;
    case BusinessKind::kWarehouse:
      p.peak_kw = rng->LogNormal(std::log(60), 0.7);
      p.base_share = rng->Uniform(0.15, 0.3);
      p.open_min = minute(6, 40);
      p.close_min = minute(16.5, 40);
      p.open_saturday = rng->Bernoulli(0.3);
      p.weekend_open_min = minute(7, 30);
      p.weekend_close_min = minute(12, 30);
      p.weekend_level = 0.6;
      break;
  }
  p.peak_kw = std::clamp(p.peak_kw, 8.0, 700.0);
  p.hvac_units =
      std::clamp(static_cast<int>(std::lround(p.peak_kw / 18.0 + rng->Uniform(0, 1.5))), 1, 24);
  p.hvac_unit_kw = p.peak_kw * rng->Uniform(0.35, 0.6) / p.hvac_units;
  p.cool_setpoint_c = std::clamp(rng->Normal(20.5, 1.2), 18.0, 24.0);
  p.electric_heat = rng->Bernoulli(0.35);
  p.heat_setpoint_c = std::clamp(rng->Normal(13.0, 1.5), 9.0, 16.0);
  return p;
}

double CommercialParams::DesignPeakKw() const {
  return peak_kw + hvac_units * hvac_unit_kw + refrigeration_units * refrigeration_unit_kw * 0.6;
}

CommercialLoad::CommercialLoad(const CommercialParams& params, uint64_t stream_key)
    : p_(params), rng_(stream_key) {
  for (int i = 0; i < p_.hvac_units; ++i) {
    hvac_.emplace_back(rng_.Uniform(15, 30), rng_.Uniform());
  }
  for (int i = 0; i < p_.refrigeration_units; ++i) {
    refrigeration_.emplace_back(rng_.Uniform(25, 45), rng_.Uniform());
  }
}

void CommercialLoad::PlanLocalDay(int64_t day) {
  const int weekday = Weekday(day);
  const bool holiday = IsHoliday(day);
  bool open = true;
  int open_min = p_.open_min;
  int close_min = p_.close_min;
  level_today_ = rng_.LogNormal(0.0, 0.06);
  if (weekday == 6 || weekday == 0 || holiday) {
    open = (weekday == 6) ? p_.open_saturday : p_.open_sunday;
    if (holiday && (p_.kind == BusinessKind::kOffice || p_.kind == BusinessKind::kWarehouse)) {
      open = false;
    }
    open_min = p_.weekend_open_min;
    close_min = p_.weekend_close_min;
    level_today_ *= p_.weekend_level;
  }
  if (!open) return;
  const int64_t midnight = PacificLocalToUtcMinute(day, 720) - 720;
  const int64_t prep = static_cast<int64_t>(rng_.Uniform(30, 90));
  const int64_t cleanup = static_cast<int64_t>(rng_.Uniform(20, 75));
  const int64_t jitter = static_cast<int64_t>(rng_.Normal(0, 6));
  staffed_.Add(midnight + open_min - prep + jitter, midnight + open_min + jitter);
  open_.Add(midnight + open_min + jitter, midnight + close_min + jitter);
  staffed_.Add(midnight + close_min + jitter, midnight + close_min + jitter + cleanup);
  if (p_.kind == BusinessKind::kRestaurant) {
    // Fryers, ovens and dishwashers around lunch and dinner service.
    const double kw = p_.peak_kw * 1000.0;
    for (double meal : {12.0 * 60, 18.75 * 60}) {
      const int runs = static_cast<int>(rng_.UniformInt(3, 7));
      for (int i = 0; i < runs; ++i) {
        events_.Add(midnight + static_cast<int64_t>(meal + rng_.Normal(-30, 50)),
                    rng_.Uniform(10, 50), kw * rng_.Uniform(0.05, 0.15));
      }
    }
  }
}

void CommercialLoad::SimulateDay(const Weather& weather, int day_index, double* watts) {
  const DayConditions& day = weather.Day(day_index);
  const int64_t day_start = day.utc_day * kMinutesPerDay;
  const int64_t day_end = day_start + kMinutesPerDay;
  if (next_plan_day_ == INT64_MIN) next_plan_day_ = day.local_day[0];
  while (PacificLocalToUtcMinute(next_plan_day_, 0) < day_end) PlanLocalDay(next_plan_day_++);

  auto jitter = [this]() { return rng_.Uniform(); };
  const double peak_w = p_.peak_kw * 1000.0;
  double open_by_slot[kSlotsPerDay] = {};
  double staffed_by_slot[kSlotsPerDay] = {};
  open_.AddDayFractions(day_start, 1.0, open_by_slot);
  staffed_.AddDayFractions(day_start, 1.0, staffed_by_slot);
  for (int s = 0; s < kSlotsPerDay; ++s) {
    const double open = std::min(1.0, open_by_slot[s]);
    const double staffed = std::min(1.0, staffed_by_slot[s]);
    const double occupied = std::min(1.0, open + 0.6 * staffed);
    noise_ = 0.7 * noise_ + rng_.Normal(0.0, 0.035);
    const double level = p_.base_share + (1.0 - p_.base_share) * occupied * level_today_;
    double w = peak_w * level * (1.0 + noise_);
    // Exterior and sales-floor lighting after dark while open.
    w += peak_w * 0.08 * open * day.darkness[s];

    const double temp_eff = 0.5 * day.temp_c[s] + 0.5 * weather.TempLagged(day_index, s, 6);
    const double cool_sp = p_.cool_setpoint_c + (occupied > 0.1 ? 0.0 : 5.0);
    const double heat_sp = p_.heat_setpoint_c - (occupied > 0.1 ? 0.0 : 4.0);
    const double cool_duty = (temp_eff - cool_sp) / 14.0 + (occupied > 0.1 ? 0.1 : 0.0);
    const double heat_duty = p_.electric_heat ? (heat_sp - temp_eff) / 12.0 : 0.0;
    const double duty = std::max(cool_duty, heat_duty);
    for (DutyCycler& unit : hvac_) {
      w += p_.hvac_unit_kw * 1000.0 * unit.Step(duty, kSlotMinutes, jitter) / kSlotMinutes;
    }
    const double refr_duty = 0.45 + 0.015 * (day.temp_c[s] - 20.0) + 0.1 * open;
    for (DutyCycler& unit : refrigeration_) {
      w += p_.refrigeration_unit_kw * 1000.0 * unit.Step(refr_duty, kSlotMinutes, jitter) /
           kSlotMinutes;
    }
    watts[s] += w;
  }
  events_.AddToDay(day_start, watts);
  open_.ForgetBefore(day_end);
  staffed_.ForgetBefore(day_end);
}

}  // namespace gridline::sim
