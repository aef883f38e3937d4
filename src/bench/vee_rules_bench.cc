// vee_rules_bench.cc: the rule catalogue over a simulated fleet.
#include "bench/vee_rules_bench.h"

#include <time.h>

#include <optional>
#include <vector>

#include "common/status_macros.h"
#include "common/time.h"
#include "sim/fleet.h"
#include "vee/rules/rules_file.h"
#include "vee/rules/validate.h"

namespace gridline::bench {
namespace {

constexpr int kHistoryDays = 28;

// CPU seconds of the calling thread: the figure is per core, and the machine may be shared.
double ThreadSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

struct MeterSeries {
  std::vector<std::optional<int64_t>> wh;  // history then window, 15-minute slots
  std::vector<uint8_t> spike;              // the simulator's spike marks
};

}  // namespace

absl::Status RunVeeRulesBench(const VeeRulesBenchOptions& o, const EmitFn& emit) {
  sim::FleetOptions fo;
  fo.meters = o.meters;
  fo.days = kHistoryDays + o.days;
  fo.seed = o.seed;
  fo.start_day = DaysFromCivil(2026, 6, 3);  // the window starts 2026-07-01
  GL_ASSIGN_OR_RETURN(std::unique_ptr<sim::Fleet> fleet, sim::Fleet::Create(fo));
  const size_t slots = static_cast<size_t>(fo.days) * sim::kSlotsPerDay;
  std::vector<MeterSeries> meters(static_cast<size_t>(o.meters));
  for (MeterSeries& m : meters) {
    m.wh.assign(slots, std::nullopt);
    m.spike.assign(slots, 0);
  }
  int64_t index = 0;
  fleet->ForEachMeterDay([&](const sim::MeterDay& day) {
    MeterSeries& m = meters[static_cast<size_t>(index++ % o.meters)];
    const size_t base = static_cast<size_t>(day.day_index) * sim::kSlotsPerDay;
    for (int s = 0; s < sim::kSlotsPerDay; ++s) {
      if (day.defects.missing[s]) continue;
      m.wh[base + s] = day.values.delivered_wh[s];
      m.spike[base + s] = day.defects.spike[s];
    }
  });
  const size_t hist = static_cast<size_t>(kHistoryDays) * sim::kSlotsPerDay;
  const UnixSeconds start = (fo.start_day + kHistoryDays) * kSecondsPerDay;
  vee::RulesFile file;
  if (!o.rules_path.empty()) {
    GL_ASSIGN_OR_RETURN(file, vee::RulesFile::Read(o.rules_path));
  }
  const vee::RuleSet rules = file.Resolve(ChannelKind::kKwhDelivered, "residential");
  std::vector<double> rates;
  size_t exceptions = 0, replaced = 0, spikes = 0, caught = 0;
  for (int run = 0; run < o.runs; ++run) {
    exceptions = replaced = spikes = caught = 0;
    const double t0 = ThreadSeconds();
    for (size_t i = 0; i < meters.size(); ++i) {
      vee::MeterWindow in;
      in.meter_id = "m";
      in.start_s = start;
      in.interval_s = 900;
      in.value_wh = vee::SlotValues(meters[i].wh).subspan(hist);
      in.history_wh = vee::SlotValues(meters[i].wh).subspan(0, hist);
      GL_ASSIGN_OR_RETURN(vee::ValidationResult r, vee::Validate(in, rules));
      exceptions += r.exceptions.size();
      replaced += r.replace_count;
      for (size_t s = 0; s < in.size(); ++s) {
        const bool truth = meters[i].spike[hist + s] != 0;
        spikes += truth;
        caught += truth && r.replace[s];
      }
    }
    const double t1 = ThreadSeconds();
    rates.push_back(static_cast<double>(meters.size() * (slots - hist)) / (t1 - t0));
  }
  emit("vee_rules_readings_per_s", Median(rates), "readings/s");
  emit("vee_rules_exceptions_per_meter_month",
       static_cast<double>(exceptions) / static_cast<double>(meters.size()), "exceptions");
  emit("vee_rules_spike_recall", spikes ? static_cast<double>(caught) / spikes : 0, "ratio");
  emit("vee_rules_spike_precision", replaced ? static_cast<double>(caught) / replaced : 0, "ratio");
  return absl::OkStatus();
}

}  // namespace gridline::bench
