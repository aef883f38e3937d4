// dst_shift_rule.cc: VEE rule `dst_shift` (DOMAIN.md 2.1 "Time / clock"; users' DST reports in
// DOMAIN.md 9): data whose clock did not follow a DST transition in the meter's zone. People live
// by the wall clock, so a household's mean profile by local hour is about the same in the week
// before a transition and the week after. When the week after matches the week before shifted by
// one hour much better than unshifted (by margin_percent), the stamps after the transition are an
// hour off (a logger kept standard time, an importer read UTC as local), and the days after it
// are flagged. Judged only when `days` days on each side lie in the window with every local hour
// read; the transition day itself is left out.
#include <array>
#include <cmath>

#include "fmt/format.h"
#include "vee/rules/rules.h"

namespace gridline::vee {
namespace {

using Profile = std::array<double, 24>;

int64_t Offset(const TimeZone& zone, UnixSeconds t) { return zone.UtcToLocal(t) - t; }

// Mean Wh by local hour over the slots of days [first, end); false when an hour has no value.
bool HourlyProfile(const RuleContext& ctx, size_t first_day, size_t end_day, Profile* out) {
  std::array<double, 24> sum{};
  std::array<int, 24> count{};
  const TimeZone& zone = *ctx.in().zone;
  for (size_t d = first_day; d < end_day; ++d) {
    const SlotRange day = ctx.days()[d];
    for (size_t i = day.first; i < day.end; ++i) {
      if (!ctx.present(i)) continue;
      const int64_t local = zone.UtcToLocal(ctx.in().SlotStart(i));
      const size_t hour = static_cast<size_t>(FloorDiv(local, 3600) % 24 + 24) % 24;
      sum[hour] += static_cast<double>(ctx.wh(i));
      ++count[hour];
    }
  }
  for (size_t h = 0; h < 24; ++h) {
    if (count[h] == 0) return false;
    (*out)[h] = sum[h] / count[h];
  }
  return true;
}

// Sum over hours of |after[h] - before[h - shift]|.
double Distance(const Profile& after, const Profile& before, int shift) {
  double d = 0;
  for (int h = 0; h < 24; ++h) d += std::abs(after[h] - before[((h - shift) % 24 + 24) % 24]);
  return d;
}

}  // namespace

void CheckDstShift(RuleContext& ctx) {
  const TimeZone* zone = ctx.in().zone;
  if (zone == nullptr || zone->is_utc()) return;
  const auto& days = ctx.days();
  const size_t span = static_cast<size_t>(ctx.value(Param::kDstDays));
  const double margin = ctx.value(Param::kDstMarginPercent) / 100;
  for (size_t d = span; d + span < days.size(); ++d) {
    const UnixSeconds begin = ctx.in().SlotStart(days[d].first);
    const UnixSeconds end = ctx.in().SlotStart(days[d].end);
    if (Offset(*zone, begin) == Offset(*zone, end)) continue;  // no transition this day
    Profile before, after;
    if (!HourlyProfile(ctx, d - span, d, &before) ||
        !HourlyProfile(ctx, d + 1, d + 1 + span, &after)) {
      continue;
    }
    const double unshifted = Distance(after, before, 0);
    const double later = Distance(after, before, 1);
    const double earlier = Distance(after, before, -1);
    const double shifted = std::min(later, earlier);
    if (!(shifted < (1 - margin) * unshifted)) continue;
    const SlotRange flagged{days[d + 1].first, days[d + span].end};
    ctx.Open(VeeRule::kDstShift, flagged,
             fmt::format("after the DST change of {} the profile by local hour matches the {} "
                         "days before shifted {} 1 h: difference {} vs {} unshifted (margin {} %)",
                         FormatIsoUtc(begin), span, later < earlier ? "later by" : "earlier by",
                         FormatKwh(static_cast<int64_t>(shifted)),
                         FormatKwh(static_cast<int64_t>(unshifted)),
                         ctx.value(Param::kDstMarginPercent)));
  }
}

}  // namespace gridline::vee
