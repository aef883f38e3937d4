// fleet.h: a simulated utility's meters over a run of days, and the in-process way to generate
// them without text: every meter-day as integer Wh arrays with its defect marks.
//
// Generation is day-major, like concatenated daily head-end exports: day 0 for every meter, then
// day 1, and so on. Meters are grouped in blocks of kBlockMeters; a block of day d can be
// generated as soon as the same block of day d-1 is done, so blocks run in parallel (csv_writer.h)
// while each meter still walks through its days in order. Nothing depends on the number of
// threads: a meter's reads are a function of (seed, meter index, day) and its own history.
#ifndef GRIDLINE_SIM_FLEET_H_
#define GRIDLINE_SIM_FLEET_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "absl/status/statusor.h"
#include "sim/defects.h"
#include "sim/meter_profile.h"
#include "sim/meter_simulator.h"
#include "sim/weather.h"

namespace gridline::sim {

struct FleetOptions {
  int64_t meters = 100;
  int days = 1;
  int64_t start_day = 0;  // first UTC day, days since 1970-01-01
  uint64_t seed = 1;
  FleetMix mix;
  DefectOptions defects;
  TownOptions town;
};

// A row of day d-1 that reached the head-end late and is written with day d.
struct LateRow {
  int16_t slot;
  int8_t channel;   // 0 delivered, 1 received
  bool duplicated;  // the late row was also sent twice
  int32_t value_wh;
};

struct MeterDay {
  const MeterProfile* profile = nullptr;
  int day_index = 0;
  int64_t utc_day = 0;
  bool has_received = false;  // PV meters report the export channel
  MeterDayValues values;      // after spikes; meaningful where !defects.missing
  DayDefects defects;
  std::vector<LateRow> late_rows;  // previous day's late rows, written after this day's export
};

class Fleet {
 public:
  static constexpr int kBlockMeters = 256;

  // Fails with InvalidArgument for meters < 1, days < 1 or shares outside [0, 1].
  static absl::StatusOr<std::unique_ptr<Fleet>> Create(const FleetOptions& options);
  ~Fleet();

  const FleetOptions& options() const { return options_; }
  int64_t meter_count() const { return options_.meters; }
  int days() const { return options_.days; }
  const Weather& weather() const { return weather_; }
  const MeterProfile& profile(int64_t index) const { return profiles_[index]; }
  const std::vector<MeterProfile>& profiles() const { return profiles_; }
  // The meter's transformer and feeder in GenerateTopology(seed, profiles(), town).
  const GridPlace& place(int64_t index) const { return places_[index]; }

  int64_t block_count() const { return (options_.meters + kBlockMeters - 1) / kBlockMeters; }

  // Generates block `block` of day `day` into `out` (one entry per meter of the block).
  // REQUIRES: block `block` of every earlier day is done, and of this day not yet. Different
  // blocks may run concurrently.
  void SimulateBlock(int day, int64_t block, std::vector<MeterDay>* out);

  // Every meter-day in output order, on the calling thread. REQUIRES: nothing generated yet.
  void ForEachMeterDay(const std::function<void(const MeterDay&)>& fn);

 private:
  struct MeterState;

  explicit Fleet(const FleetOptions& options);

  FleetOptions options_;
  Weather weather_;
  std::vector<MeterProfile> profiles_;
  std::vector<GridPlace> places_;
  std::vector<std::unique_ptr<MeterState>> states_;
};

}  // namespace gridline::sim

#endif  // GRIDLINE_SIM_FLEET_H_
