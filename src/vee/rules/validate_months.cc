// validate_months.cc: monthly windows with history.
#include "vee/rules/validate_months.h"

#include <algorithm>
#include <vector>

#include "common/status_macros.h"
#include "vee/rules/validate.h"

namespace gridline::vee {

absl::Status ValidateByMonth(
    const MeterWindow& base, const RuleSet& rules, UnixSeconds from_s, UnixSeconds to_s,
    const std::function<void(const MeterWindow&, const ValidationResult&)>& done) {
  const TimeZone utc;
  const TimeZone& zone = base.zone != nullptr ? *base.zone : utc;
  const int64_t step = base.interval_s;
  if (step <= 0) return absl::InvalidArgumentError("interval must be positive");
  const UnixSeconds start = std::max(base.start_s, from_s);
  const UnixSeconds end = std::min(base.end_s(), to_s);
  for (UnixSeconds m = zone.StartOfLocalMonth(start); m < end; m = zone.StartOfLocalMonth(m, 1)) {
    const UnixSeconds lo = std::max(m, start);
    const UnixSeconds hi = std::min(zone.StartOfLocalMonth(m, 1), end);
    // Month edges of a zone off the grid (never for whole-hour zones) round up onto it.
    const size_t first = static_cast<size_t>((lo - base.start_s + step - 1) / step);
    const size_t last =
        std::min(base.size(), static_cast<size_t>((hi - base.start_s + step - 1) / step));
    if (last <= first) continue;
    const size_t hist = std::min(first, static_cast<size_t>(kHistoryDays * kSecondsPerDay / step));
    MeterWindow in = base;
    in.start_s = base.SlotStart(first);
    in.value_wh = base.value_wh.subspan(first, last - first);
    in.history_wh = base.value_wh.subspan(first - hist, hist);
    if (!base.quality.empty()) in.quality = base.quality.subspan(first, last - first);
    // The duplicates of this month, on its own slot numbers.
    std::vector<uint32_t> dups;
    for (uint32_t d : base.duplicate_slots) {
      if (d >= first && d < last) dups.push_back(static_cast<uint32_t>(d - first));
    }
    in.duplicate_slots = dups;
    PanelSeries cut;
    if (base.panel != nullptr) {
      for (SlotValues s : base.panel->mains_wh)
        cut.mains_wh.push_back(s.subspan(first, last - first));
      for (SlotValues s : base.panel->circuits_wh) {
        cut.circuits_wh.push_back(s.subspan(first, last - first));
      }
      in.panel = &cut;
    }
    GL_ASSIGN_OR_RETURN(ValidationResult r, Validate(in, rules));
    done(in, r);
  }
  return absl::OkStatus();
}

}  // namespace gridline::vee
