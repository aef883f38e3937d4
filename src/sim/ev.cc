#include "sim/ev.h"

#include <algorithm>
#include <cmath>

namespace gridline::sim {

EvParams EvParams::Draw(Rng* rng, int usual_return_min) {
  EvParams p;
  static constexpr double kChargerKw[] = {3.3, 6.6, 7.2, 7.7, 9.6, 11.0};
  static constexpr double kChargerShare[] = {0.1, 0.25, 0.3, 0.15, 0.12, 0.08};
  double u = rng->Uniform();
  p.charger_kw = kChargerKw[5];
  for (int i = 0; i < 6; ++i) {
    if (u < kChargerShare[i]) {
      p.charger_kw = kChargerKw[i];
      break;
    }
    u -= kChargerShare[i];
  }
  p.mean_session_kwh = std::clamp(rng->LogNormal(std::log(12.0), 0.35), 6.0, 24.0);
  p.workday_probability = rng->Uniform(0.55, 0.95);
  p.rest_probability = p.workday_probability * rng->Uniform(0.4, 0.9);
  p.scheduled = rng->Bernoulli(0.4);
  const double v = rng->Uniform();
  p.schedule_min = v < 0.35 ? 21 * 60 : v < 0.8 ? 24 * 60 : 25 * 60;
  p.arrival_min =
      std::clamp(usual_return_min + static_cast<int>(rng->Normal(10, 20)), 15 * 60, 21 * 60 + 30);
  return p;
}

EvCharger::EvCharger(const EvParams& params, uint64_t stream_key) : p_(params), rng_(stream_key) {}

void EvCharger::PlanLocalDay(int64_t day) {
  const bool rest = IsRestDay(day);
  if (!rng_.Bernoulli(rest ? p_.rest_probability : p_.workday_probability)) return;
  const double kwh = std::clamp(rng_.LogNormal(std::log(p_.mean_session_kwh), 0.45), 5.0, 30.0);
  const int64_t midnight = PacificLocalToUtcMinute(day, 720) - 720;
  int64_t start;
  if (p_.scheduled) {
    // Chargers start on the minute their schedule opens: a clean step.
    start = midnight + p_.schedule_min;
  } else {
    const double arrival =
        rest ? rng_.Uniform(11 * 60, 21 * 60) : p_.arrival_min + rng_.Normal(0, 45);
    start = midnight + static_cast<int64_t>(arrival);
  }
  // Constant power to ~90 %, then a taper at about half power.
  const double bulk_kwh = kwh * 0.9;
  const double bulk_min = bulk_kwh / p_.charger_kw * 60.0;
  const double taper_kw = p_.charger_kw * rng_.Uniform(0.35, 0.6);
  const double taper_min = (kwh - bulk_kwh) / taper_kw * 60.0;
  events_.Add(start, bulk_min, p_.charger_kw * 1000.0);
  events_.Add(start + static_cast<int64_t>(bulk_min + 0.5), taper_min, taper_kw * 1000.0);
}

void EvCharger::SimulateDay(const Weather& weather, int day_index, double* watts) {
  const DayConditions& day = weather.Day(day_index);
  const int64_t day_start = day.utc_day * kMinutesPerDay;
  const int64_t day_end = day_start + kMinutesPerDay;
  if (next_plan_day_ == INT64_MIN) next_plan_day_ = day.local_day[0];
  // Sessions start no earlier than 11:00 local of their day: plan once that is near.
  while (PacificLocalToUtcMinute(next_plan_day_, 11 * 60) < day_end) PlanLocalDay(next_plan_day_++);
  events_.AddToDay(day_start, watts);
}

}  // namespace gridline::sim
