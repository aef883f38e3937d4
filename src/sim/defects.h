// defects.h: what goes wrong between a meter and the head-end, applied to clean reads.
//
// - single missing intervals (a read lost on the RF mesh), ~0.2 % of intervals;
// - outages of 1-12 h on ~0.5 % of meter-days (all channels silent; may run past midnight).
//   Outages strike where the grid fails: half of them take out a whole service transformer,
//   a fifth a whole feeder, the rest a single meter (its breaker, its radio); every meter of
//   the transformer or feeder goes silent over the same intervals; when power returns, the
//   first half-hour's delivered energy runs high (cold-load pickup: x1.6, then x1.25);
// - exact duplicate rows (~0.1 %, re-sent: written again after the meter's rows of the day);
// - spikes (~0.01 % of delivered values multiplied by 10-50, a register glitch);
// - late rows (~0.5 %, collected after the day's export: written after the next day's export
//   instead of their own; never on the last day, as no later export exists);
// - meters that stop reporting for good at a random day and interval (~0.1 % of meters).
// Every decision is drawn from (seed, meter index) and the meter's own sequence of days, or for
// grid outages from (seed, transformer or feeder, day), so the defects do not depend on thread
// count either.
#ifndef GRIDLINE_SIM_DEFECTS_H_
#define GRIDLINE_SIM_DEFECTS_H_

#include <bitset>
#include <cmath>
#include <cstdint>

#include "sim/meter_simulator.h"
#include "sim/rng.h"

namespace gridline::sim {

struct DefectOptions {
  bool enabled = true;
  double missing_rate = 0.002;    // per interval
  double outage_rate = 0.005;     // per meter-day
  double duplicate_rate = 0.001;  // per row
  double spike_rate = 0.0001;     // per delivered value
  double late_rate = 0.005;       // per row
  double stop_rate = 0.001;       // per meter
};

// Where a meter hangs in the topology (topology_generator.h), for outages shared by its
// neighbours. -1: not known (the meter's outages are then all its own).
struct GridPlace {
  int64_t transformer = -1;
  int64_t feeder = -1;
};

// The defect marks of one meter-day. A missing interval has no row on any channel.
struct DayDefects {
  std::bitset<kSlotsPerDay> missing;       // gap, outage or stopped meter
  std::bitset<kSlotsPerDay> outage;        // subset of missing: outage or stopped
  std::bitset<kSlotsPerDay> late[2];       // [channel]: 0 delivered, 1 received
  std::bitset<kSlotsPerDay> duplicate[2];  // [channel]
  std::bitset<kSlotsPerDay> spike;         // delivered value multiplied
};

class DefectInjector {
 public:
  DefectInjector(uint64_t seed, int64_t meter_index, GridPlace place, int days,
                 const DefectOptions& options);

  // Marks the defects of day `day_index` and applies spikes and cold-load pickup to `values`.
  // REQUIRES: called for day_index = 0, 1, 2, ... in order.
  void Apply(int day_index, bool has_received, MeterDayValues* values, DayDefects* marks);

  // Day and slot at which the meter stops reporting, or -1 when it never does.
  int stop_day() const { return stop_day_; }

 private:
  // Events at a per-trial rate p, drawn as geometric gaps: one random number per event instead
  // of one per trial.
  struct Countdown {
    double rate = 0;
    int64_t left = INT64_MAX;
    void Reset(Rng* rng) {
      if (rate <= 0) {
        left = INT64_MAX;
        return;
      }
      if (rate >= 1) {
        left = 0;
        return;
      }
      left = static_cast<int64_t>(std::log1p(-rng->Uniform()) / std::log1p(-rate));
    }
    // True when this trial is an event.
    bool Hit(Rng* rng) {
      if (left == INT64_MAX) return false;
      if (left-- > 0) return false;
      Reset(rng);
      return true;
    }
  };

  // Adds today's outage of one grid level (if any) to `outage`.
  void MaybeOutage(int level, int64_t group, double rate, int day_index,
                   std::bitset<kSlotsPerDay>* outage);

  DefectOptions options_;
  uint64_t seed_;
  int64_t meter_index_;
  GridPlace place_;
  int days_;
  Rng rng_;
  int stop_day_ = -1;
  int stop_slot_ = 0;
  int outage_left_ = 0;  // slots of an outage still to come
  Countdown missing_;
  Countdown duplicate_;
  Countdown spike_;
  Countdown late_;
};

}  // namespace gridline::sim

#endif  // GRIDLINE_SIM_DEFECTS_H_
