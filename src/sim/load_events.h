// load_events.h: timed appliance runs (a dryer, an oven's element, an EV session) and the
// "who is up and at home" intervals, both in absolute UTC minutes, spread over 15-minute slots by
// exact overlap. A run that crosses midnight UTC stays queued and finishes in the next day's
// slots, so days join without seams.
#ifndef GRIDLINE_SIM_LOAD_EVENTS_H_
#define GRIDLINE_SIM_LOAD_EVENTS_H_

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/town_calendar.h"

namespace gridline::sim {

// Compact (12 bytes) because a fleet of millions keeps a day or two of runs per meter:
// int32 UTC minutes since the epoch reach the year 6000.
struct TimedLoad {
  int32_t start_min;  // UTC minutes since the epoch
  int32_t end_min;    // exclusive
  float watts;
};

class LoadEvents {
 public:
  void Add(int64_t start_min, double duration_min, double watts) {
    const int64_t end = start_min + std::max<int64_t>(1, static_cast<int64_t>(duration_min + 0.5));
    events_.push_back(
        {static_cast<int32_t>(start_min), static_cast<int32_t>(end), static_cast<float>(watts)});
  }

  // Adds each run's average watts to the slots of the UTC day starting at `day_start_min`
  // and forgets the runs that end within it.
  void AddToDay(int64_t day_start_min, double* watts) {
    const int64_t day_end = day_start_min + kMinutesPerDay;
    size_t keep = 0;
    for (size_t i = 0; i < events_.size(); ++i) {
      const TimedLoad& e = events_[i];
      const int64_t from = std::max<int64_t>(e.start_min, day_start_min);
      const int64_t to = std::min<int64_t>(e.end_min, day_end);
      if (from < to) {
        int slot = static_cast<int>((from - day_start_min) / kSlotMinutes);
        int64_t t = from;
        while (t < to) {
          const int64_t slot_end = day_start_min + (slot + 1) * kSlotMinutes;
          const int64_t seg_end = std::min(slot_end, to);
          watts[slot] += e.watts * static_cast<double>(seg_end - t) / kSlotMinutes;
          t = seg_end;
          ++slot;
        }
      }
      if (e.end_min > day_end) events_[keep++] = e;
    }
    events_.resize(keep);
  }

 private:
  std::vector<TimedLoad> events_;
};

// Intervals during which someone is up and at home (lights, TV, cooking), same clock.
class Presence {
 public:
  void Add(int64_t start_min, int64_t end_min) {
    if (end_min > start_min) {
      spans_.push_back({static_cast<int32_t>(start_min), static_cast<int32_t>(end_min), 1.0f});
    }
  }
  // Adds weight x the covered fraction of each slot of the UTC day starting at `day_start_min`
  // to `out` (96 entries): one pass over the spans instead of one per slot.
  void AddDayFractions(int64_t day_start_min, double weight, double* out) const {
    const int64_t day_end = day_start_min + kMinutesPerDay;
    for (const TimedLoad& span : spans_) {
      int64_t t = std::max<int64_t>(span.start_min, day_start_min);
      const int64_t to = std::min<int64_t>(span.end_min, day_end);
      while (t < to) {
        const int slot = static_cast<int>((t - day_start_min) / kSlotMinutes);
        const int64_t seg_end = std::min(day_start_min + (slot + 1) * kSlotMinutes, to);
        out[slot] += weight * static_cast<double>(seg_end - t) / kSlotMinutes;
        t = seg_end;
      }
    }
  }
  void ForgetBefore(int64_t t) {
    std::erase_if(spans_, [t](const TimedLoad& s) { return s.end_min <= t; });
  }

 private:
  std::vector<TimedLoad> spans_;
};

// An appliance that a thermostat switches on and off (fridge, air conditioner, heat pump):
// `duty` sets the share of time on, `period_min` the length of one on+off cycle.
class DutyCycler {
 public:
  DutyCycler() = default;
  DutyCycler(double period_min, double phase) : period_min_(period_min) {
    remaining_min_ = period_min * phase;
  }

  // Minutes on during the next `minutes`, at duty `duty` (0..1); `jitter` in [0, 1) varies the
  // next cycle's length so that cycles do not lock to the slot grid.
  template <typename JitterFn>
  double Step(double duty, double minutes, JitterFn jitter) {
    duty = std::clamp(duty, 0.0, 1.0);
    // An idle thermostat with the appliance off stays off: no cycle to follow.
    if (duty <= 0.0 && !on_) return 0.0;
    double t = 0;
    double on_min = 0;
    while (t < minutes) {
      const double seg = std::min(remaining_min_, minutes - t);
      if (on_) on_min += seg;
      t += seg;
      remaining_min_ -= seg;
      if (remaining_min_ <= 1e-9) {
        on_ = !on_;
        const double share = on_ ? duty : 1.0 - duty;
        const double len = period_min_ * (0.75 + 0.5 * jitter());
        // A nearly idle (or saturated) thermostat stays in one state for a whole cycle.
        remaining_min_ = share < 0.03 ? (on_ = !on_, len) : std::max(1.0, share * len);
      }
    }
    return on_min;
  }

 private:
  double period_min_ = 60;
  double remaining_min_ = 0;
  bool on_ = false;
};

}  // namespace gridline::sim

#endif  // GRIDLINE_SIM_LOAD_EVENTS_H_
