#include "sim/residential_load.h"

#include <algorithm>
#include <cmath>

#include "common/time.h"

namespace gridline::sim {

namespace {

int ClampMinute(double m, int lo, int hi) {
  return std::clamp(static_cast<int>(std::lround(m)), lo, hi);
}

}  // namespace

ResidentialParams ResidentialParams::Draw(Rng* rng, double ac_share, double electric_heat_share) {
  ResidentialParams p;
  p.scale = std::clamp(rng->LogNormal(0.0, 0.4), 0.35, 2.8);
  const double u = rng->Uniform();
  p.occupants = u < 0.26 ? 1 : u < 0.6 ? 2 : u < 0.77 ? 3 : u < 0.92 ? 4 : 5;
  const double people = 0.6 + 0.2 * p.occupants;  // 0.8 .. 1.6
  p.base_w = std::clamp(rng->LogNormal(std::log(120.0), 0.45), 40.0, 450.0) * std::sqrt(p.scale);
  p.fridge_w = rng->Uniform(90.0, 180.0);
  p.fridge_period_min = rng->Uniform(35.0, 75.0);
  p.has_freezer = rng->Bernoulli(0.35);
  p.freezer_w = rng->Uniform(80.0, 150.0);
  p.activity_w = std::clamp(rng->LogNormal(std::log(125.0), 0.45), 40.0, 700.0) * p.scale * people;
  p.light_w = std::clamp(rng->LogNormal(std::log(80.0), 0.4), 25.0, 400.0) * std::sqrt(p.scale);

  p.works_away = rng->Bernoulli(0.5);
  p.wake_workday_min = ClampMinute(rng->Normal(6.6 * 60, 45), 4 * 60 + 30, 9 * 60 + 30);
  p.wake_rest_min = p.wake_workday_min + ClampMinute(rng->Uniform(40, 150), 0, 300);
  p.leave_min = p.wake_workday_min + ClampMinute(rng->Uniform(40, 100), 30, 150);
  p.return_min = ClampMinute(rng->Normal(17.6 * 60, 60), 15 * 60, 20 * 60 + 30);
  p.sleep_min = ClampMinute(rng->Normal(23.0 * 60, 50), 21 * 60, 25 * 60 + 30);

  p.has_ac = rng->Uniform() < ac_share;
  p.ac_kw = std::clamp(rng->Normal(3.6, 0.8) * std::pow(p.scale, 0.3), 2.0, 6.0);
  p.cool_setpoint_c = std::clamp(rng->Normal(24.0, 1.3), 21.5, 27.0);
  p.electric_heat = rng->Uniform() < electric_heat_share;
  p.heat_kw = std::clamp(rng->Normal(5.0, 1.3) * std::pow(p.scale, 0.3), 3.0, 9.0);
  p.heat_setpoint_c = std::clamp(rng->Normal(16.0, 1.5), 12.5, 19.5);
  p.electric_water_heater = rng->Bernoulli(0.35);
  p.electric_cooking = rng->Bernoulli(0.6);
  p.electric_dryer = rng->Bernoulli(0.7);
  p.has_pool_pump = rng->Bernoulli(0.12);
  p.pool_pump_kw = rng->Uniform(0.8, 1.6);
  p.pool_start_min = ClampMinute(rng->Uniform(7 * 60, 12 * 60), 0, 1439);
  p.pool_hours = static_cast<int>(rng->UniformInt(4, 9));
  return p;
}

double ResidentialParams::DesignPeakKw() const {
  double kw = 2.5 * scale + 0.5 * occupants;
  if (has_ac) kw += ac_kw;
  if (electric_heat) kw += 0.7 * heat_kw;
  if (electric_water_heater) kw += 1.5;
  return kw;
}

ResidentialLoad::ResidentialLoad(const ResidentialParams& params, uint64_t stream_key)
    : p_(params), rng_(stream_key) {
  fridge_ = DutyCycler(p_.fridge_period_min, rng_.Uniform());
  freezer_ = DutyCycler(rng_.Uniform(50, 90), rng_.Uniform());
  ac_ = DutyCycler(rng_.Uniform(22, 40), rng_.Uniform());
  heat_ = DutyCycler(rng_.Uniform(18, 35), rng_.Uniform());
  base_noise_ = rng_.Normal(0.0, 0.1);
}

// The plan's UTC offset is taken at local noon: runs in the small hours of a DST change day land
// an hour off, which is invisible in the data and saves a calendar lookup per run.
void ResidentialLoad::AddRun(double local_minute, double duration_min, double watts) {
  events_.Add(plan_midnight_utc_ + static_cast<int64_t>(std::floor(local_minute)), duration_min,
              watts);
}

void ResidentialLoad::AddCyclingRun(double local_minute, double total_min, double watts,
                                    double on_min, double off_min) {
  double t = 0;
  while (t < total_min) {
    const double on = std::min(total_min - t, on_min * rng_.Uniform(0.7, 1.3));
    AddRun(local_minute + t, on, watts);
    t += on + off_min * rng_.Uniform(0.7, 1.3);
  }
}

// One local day of the home, from 04:00 local to 04:00 the next day.
void ResidentialLoad::PlanLocalDay(int64_t day) {
  Rng& r = rng_;
  const bool rest = IsRestDay(day);
  const bool workday = p_.works_away && !rest;
  const int weekday = Weekday(day);
  const double freq = std::pow(p_.scale, 0.6) * (0.7 + 0.15 * p_.occupants);
  plan_midnight_utc_ = PacificLocalToUtcMinute(day, 720) - 720;
  auto at = [&](double local_minute) {
    return plan_midnight_utc_ + static_cast<int64_t>(std::floor(local_minute));
  };

  const double wake = (rest ? p_.wake_rest_min : p_.wake_workday_min) + r.Normal(0, 18);
  double sleep = p_.sleep_min + r.Normal(0, 40);
  if (weekday == 5 || weekday == 6) sleep += r.Uniform(20, 80);  // Friday and Saturday nights
  double leave = 0;
  double back = 0;
  if (workday) {
    leave = std::max(wake + 25, p_.leave_min + r.Normal(0, 12));
    back = p_.return_min + r.Normal(0, 35);
    awake_home_.Add(at(wake), at(leave));
    awake_home_.Add(at(back), at(sleep));
    if (p_.occupants >= 2 && r.Bernoulli(0.5)) {
      // Someone else stays in: a partner at home, a teenager back from school.
      const double from = std::max(leave, r.Uniform(9 * 60, 15 * 60));
      part_home_.Add(at(from), at(back));
    } else {
      away_.Add(at(leave), at(back));
    }
  } else if (r.Bernoulli(0.6)) {
    // An outing: shopping, visits, errands.
    leave = r.Uniform(std::max(wake + 60, 10.0 * 60), 16.0 * 60);
    back = std::min(leave + r.Uniform(60, 300), sleep - 30);
    awake_home_.Add(at(wake), at(leave));
    awake_home_.Add(at(back), at(sleep));
    away_.Add(at(leave), at(back));
  } else {
    awake_home_.Add(at(wake), at(sleep));
  }
  const bool home_midday = !workday && (back <= 12 * 60 || leave >= 13 * 60 || back == leave);

  // Morning.
  if (r.Bernoulli(0.65)) AddRun(wake + r.Uniform(4, 30), r.Uniform(3, 8), r.Uniform(1000, 1600));
  if (r.Bernoulli(0.25)) AddRun(wake + r.Uniform(5, 35), 3, 900);
  const double morning_end = workday ? leave : wake + 180;
  for (int i = 0; i < p_.occupants; ++i) {
    if (r.Bernoulli(0.6)) {
      const double shower = r.Uniform(wake, std::max(wake + 5, morning_end - 15));
      if (p_.electric_water_heater) AddRun(shower + 4, r.Uniform(10, 28), 4500);
      if (r.Bernoulli(0.3)) AddRun(shower + 15, r.Uniform(4, 10), 1400);
    }
  }
  if (home_midday && r.Bernoulli(0.6)) AddRun(r.Normal(12 * 60 + 15, 35), r.Uniform(2, 5), 1150);

  // Evening meal.
  const double dinner =
      (workday ? std::max(back + r.Uniform(20, 75), 17.0 * 60) : r.Normal(18.0 * 60, 40));
  double dinner_end = dinner + 20;
  if (p_.electric_cooking) {
    if (r.Bernoulli(0.55)) {
      const double len = r.Uniform(15, 45);
      AddCyclingRun(dinner, len, r.Uniform(1200, 2400), 3.5, 1.5);
      dinner_end = std::max(dinner_end, dinner + len);
    }
    if (r.Bernoulli(0.28)) {
      const double len = r.Uniform(25, 60);
      AddRun(dinner - 12, 12, r.Uniform(2400, 3400));  // preheat
      AddCyclingRun(dinner, len, r.Uniform(2400, 3400), 3, 5);
      dinner_end = std::max(dinner_end, dinner + len);
    }
  }
  if (r.Bernoulli(0.5)) AddRun(dinner + r.Uniform(-20, 40), r.Uniform(2, 6), 1150);

  if (r.Bernoulli(std::min(0.9, 0.42 * freq))) {
    const double start =
        r.Bernoulli(0.3) ? 23.0 * 60 + r.Uniform(0, 180) : dinner_end + r.Uniform(20, 150);
    AddRun(start + 4, r.Uniform(14, 22), 1400);   // wash heating
    AddRun(start, 95, 140);                       // pump and controls
    AddRun(start + 62, r.Uniform(10, 16), 1300);  // rinse heating / dry
  }
  if (r.Bernoulli(std::min(0.9, (rest ? 0.45 : 0.2) * freq))) {
    const double start = rest ? r.Uniform(9 * 60, 16 * 60)
                              : (workday ? back + r.Uniform(40, 180) : r.Uniform(9 * 60, 19 * 60));
    AddRun(start, r.Uniform(40, 55), 450);
    if (p_.electric_dryer && r.Bernoulli(0.8)) {
      const double dry = start + r.Uniform(50, 90);
      const double len = r.Uniform(40, 65);
      AddRun(dry, len, 300);
      AddCyclingRun(dry, len, r.Uniform(4000, 5200), 7, 2);
    }
  }
  if (rest && r.Bernoulli(0.25)) AddRun(r.Uniform(9.5 * 60, 16 * 60), r.Uniform(12, 30), 1300);
  if (p_.electric_water_heater) {
    for (int i = 0; i < p_.occupants; ++i) {
      if (r.Bernoulli(0.35)) AddRun(r.Uniform(dinner_end, sleep - 10), r.Uniform(10, 25), 4500);
    }
    AddRun(r.Uniform(4 * 60, 28 * 60), r.Uniform(6, 12), 4500);  // standby loss recovery
  }
  // Everything else: iron, hair straightener, game console, power tools, space heater.
  const int misc = static_cast<int>(r.Exponential(3.0 * freq) + 0.5);
  for (int i = 0; i < misc; ++i) {
    const double start = workday
                             ? (r.Bernoulli(0.7) ? r.Uniform(back, sleep) : r.Uniform(wake, leave))
                             : r.Uniform(wake, sleep);
    AddRun(start, r.Exponential(12) + 2, r.Uniform(250, 2000));
  }
  // Short high-power uses through the waking day: kettle, microwave, toaster, hair tools.
  const int brief = static_cast<int>(r.Exponential(2.5 * freq) + 0.5);
  for (int i = 0; i < brief; ++i) {
    const double start = workday
                             ? (r.Bernoulli(0.8) ? r.Uniform(back, sleep) : r.Uniform(wake, leave))
                             : r.Uniform(wake, sleep);
    AddRun(start, r.Uniform(2, 7), r.Uniform(900, 2400));
  }
  if (r.Bernoulli(0.25)) AddRun(r.Uniform(25 * 60, 27.9 * 60), r.Uniform(5, 15), 120);
  // Fridge defrost heater, once a day at a time of the fridge's choosing.
  AddRun(r.Uniform(4 * 60, 28 * 60), r.Uniform(15, 30), r.Uniform(300, 600));
  // Night owls: a late TV or computer session past the usual bedtime.
  if (r.Bernoulli(0.2)) AddRun(sleep, r.Uniform(30, 120), r.Uniform(100, 300));
  if (p_.has_pool_pump) {
    const unsigned month = CivilFromDays(day).month;
    if (month >= 5 && month <= 10)
      AddRun(p_.pool_start_min, p_.pool_hours * 60.0, p_.pool_pump_kw * 1000);
  }
}

void ResidentialLoad::SimulateDay(const Weather& weather, int day_index, double* watts) {
  const DayConditions& day = weather.Day(day_index);
  const int64_t day_start = day.utc_day * kMinutesPerDay;
  const int64_t day_end = day_start + kMinutesPerDay;
  // Plan every local day whose 04:00 falls before the end of this UTC day.
  if (next_plan_day_ == INT64_MIN) next_plan_day_ = day.local_day[0] - (day.local_minute[0] < 240);
  while (PacificLocalToUtcMinute(next_plan_day_, 240) < day_end) PlanLocalDay(next_plan_day_++);

  auto jitter = [this]() { return rng_.Uniform(); };
  double active_by_slot[kSlotsPerDay] = {};
  double away_by_slot[kSlotsPerDay] = {};
  awake_home_.AddDayFractions(day_start, 1.0, active_by_slot);
  part_home_.AddDayFractions(day_start, 0.5, active_by_slot);
  away_.AddDayFractions(day_start, 1.0, away_by_slot);
  for (int s = 0; s < kSlotsPerDay; ++s) {
    const double active = std::min(1.0, active_by_slot[s]);
    const double away = std::min(1.0, away_by_slot[s]);
    const double asleep = std::max(0.0, 1.0 - active - away);
    const double temp = day.temp_c[s];
    const double temp_eff = 0.4 * temp + 0.6 * weather.TempLagged(day_index, s, 8);
    const double indoor = 23.0 + 0.25 * (temp_eff - 23.0);

    base_noise_ = 0.985 * base_noise_ + rng_.Normal(0.0, 0.017);
    double w = p_.base_w * (1.0 + base_noise_);
    const double fridge_duty = 0.32 + 0.015 * (indoor - 20.0) + 0.08 * active;
    w += p_.fridge_w * fridge_.Step(fridge_duty, kSlotMinutes, jitter) / kSlotMinutes;
    if (p_.has_freezer) {
      w += p_.freezer_w * freezer_.Step(fridge_duty + 0.05, kSlotMinutes, jitter) / kSlotMinutes;
    }
    activity_noise_ = 0.4 * activity_noise_ + rng_.Normal(0.0, 0.5);
    w += active * p_.activity_w * std::exp(activity_noise_ - 0.15);
    w += active * p_.light_w * day.darkness[s];
    // Asleep at home: chargers, a lamp, a fan.
    w += asleep * 0.1 * p_.activity_w;

    if (p_.has_ac) {
      const double setpoint = p_.cool_setpoint_c + 3.0 * away - 0.5 * asleep;
      const double duty = (temp_eff - setpoint) / 11.0;
      w += p_.ac_kw * 1000.0 * ac_.Step(duty, kSlotMinutes, jitter) / kSlotMinutes;
    }
    if (p_.electric_heat) {
      const double setpoint = p_.heat_setpoint_c - 2.5 * away - 1.5 * asleep;
      const double duty = (setpoint - temp_eff) / 14.0;
      w += p_.heat_kw * 1000.0 * heat_.Step(duty, kSlotMinutes, jitter) / kSlotMinutes;
    }
    watts[s] += w;
  }
  events_.AddToDay(day_start, watts);
  awake_home_.ForgetBefore(day_end);
  part_home_.ForgetBefore(day_end);
  away_.ForgetBefore(day_end);
}

}  // namespace gridline::sim
