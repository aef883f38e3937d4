#include "sim/fleet.h"

#include <algorithm>

#include "absl/status/status.h"
#include "fmt/format.h"
#include "sim/topology_generator.h"

namespace gridline::sim {

struct Fleet::MeterState {
  MeterState(uint64_t seed, const MeterProfile& profile, GridPlace place, int days,
             const DefectOptions& defects)
      : simulator(seed, profile), injector(seed, profile.index, place, days, defects) {}
  MeterSimulator simulator;
  DefectInjector injector;
  std::vector<LateRow> pending_late;
};

absl::StatusOr<std::unique_ptr<Fleet>> Fleet::Create(const FleetOptions& options) {
  if (options.meters < 1) return absl::InvalidArgumentError("meters must be at least 1");
  if (options.days < 1) return absl::InvalidArgumentError("days must be at least 1");
  auto share_ok = [](double v) { return v >= 0.0 && v <= 1.0; };
  if (!share_ok(options.mix.commercial_share) || !share_ok(options.mix.pv_share) ||
      !share_ok(options.mix.ev_share) || !share_ok(options.mix.ac_share) ||
      !share_ok(options.mix.electric_heat_share)) {
    return absl::InvalidArgumentError("shares must be between 0 and 1");
  }
  const DefectOptions& d = options.defects;
  for (double rate :
       {d.missing_rate, d.outage_rate, d.duplicate_rate, d.spike_rate, d.late_rate, d.stop_rate}) {
    if (!share_ok(rate)) {
      return absl::InvalidArgumentError(fmt::format("defect rate {} is not in [0, 1]", rate));
    }
  }
  return std::unique_ptr<Fleet>(new Fleet(options));
}

Fleet::Fleet(const FleetOptions& options)
    : options_(options), weather_(options.seed, options.start_day, options.days, options.town) {
  profiles_.reserve(options.meters);
  for (int64_t i = 0; i < options.meters; ++i) {
    profiles_.push_back(DrawMeterProfile(options.seed, i, options.mix));
  }
  states_.resize(options.meters);
  // Grid outages need each meter's transformer and feeder: the same topology the command writes.
  places_.resize(options.meters);
  const std::vector<Asset> assets =
      GenerateTopology(options.seed, profiles_, options.town, MeterIdDigits(options.meters));
  for (const Asset& a : assets) {
    if (a.kind != AssetKind::kMeter) continue;
    places_[a.meter_index] = {a.parent, assets[a.parent].parent};
  }
}

Fleet::~Fleet() = default;

void Fleet::SimulateBlock(int day, int64_t block, std::vector<MeterDay>* out) {
  const int64_t first = block * kBlockMeters;
  const int64_t last = std::min<int64_t>(options_.meters, first + kBlockMeters);
  out->resize(last - first);
  const int64_t utc_day = options_.start_day + day;
  for (int64_t i = first; i < last; ++i) {
    std::unique_ptr<MeterState>& state = states_[i];
    if (state == nullptr) {
      state = std::make_unique<MeterState>(options_.seed, profiles_[i], places_[i], options_.days,
                                           options_.defects);
    }
    MeterDay& md = (*out)[i - first];
    md.profile = &profiles_[i];
    md.day_index = day;
    md.utc_day = utc_day;
    md.has_received = profiles_[i].has_pv;
    state->simulator.SimulateDay(weather_, day, &md.values);
    state->injector.Apply(day, md.has_received, &md.values, &md.defects);
    md.late_rows.swap(state->pending_late);
    state->pending_late.clear();
    const DayDefects& dd = md.defects;
    if (dd.late[0].any() || dd.late[1].any()) {
      for (int s = 0; s < kSlotsPerDay; ++s) {
        for (int c = 0; c < 2; ++c) {
          if (!dd.late[c][s]) continue;
          const int32_t v = c == 0 ? md.values.delivered_wh[s] : md.values.received_wh[s];
          state->pending_late.push_back({static_cast<int16_t>(s), static_cast<int8_t>(c),
                                         static_cast<bool>(dd.duplicate[c][s]), v});
        }
      }
    }
    if (day == options_.days - 1) state.reset();  // the run is over for this meter
  }
}

void Fleet::ForEachMeterDay(const std::function<void(const MeterDay&)>& fn) {
  std::vector<MeterDay> block;
  for (int d = 0; d < options_.days; ++d) {
    for (int64_t b = 0; b < block_count(); ++b) {
      SimulateBlock(d, b, &block);
      for (const MeterDay& md : block) fn(md);
    }
  }
}

}  // namespace gridline::sim
