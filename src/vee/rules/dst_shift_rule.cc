// dst_shift_rule.cc: VEE rule `dst_shift` (docs/vee.md "Validation rules" "Time / clock"; users'
// DST reports in docs/vee.md "Sources"): data whose clock did not follow a DST transition in the
// meter's zone. People live by the wall clock, so a household's mean profile by local hour is about
// the same in the week before a transition and the week after. When the week after matches the week
// before shifted by one hour much better than unshifted (by margin_percent), the stamps after the
// transition are an hour off (a logger kept standard time, an importer read UTC as local), and the
// days after it are flagged. Judged only when `days` days on each side are at hand (history and
// window) with every local hour read; the transition day itself is left out.
#include <array>
#include <cmath>

#include "fmt/format.h"
#include "vee/rules/rules.h"

namespace gridline::vee {
namespace {

using Profile = std::array<double, 24>;

int64_t Offset(const TimeZone& zone, UnixSeconds t) { return zone.UtcToLocal(t) - t; }

// The value of the slot starting at `t`, from the history or the window.
std::optional<int64_t> At(const RuleContext& ctx, UnixSeconds t) {
  const MeterWindow& in = ctx.in();
  if (t >= in.start_s) {
    const size_t i = static_cast<size_t>((t - in.start_s) / in.interval_s);
    if (i >= in.size() || !ctx.present(i)) return std::nullopt;
    return ctx.wh(i);
  }
  const int64_t back = (in.start_s - t + in.interval_s - 1) / in.interval_s;
  if (back > static_cast<int64_t>(in.history_wh.size())) return std::nullopt;
  return in.history_wh[in.history_wh.size() - static_cast<size_t>(back)];
}

// Mean Wh by local hour over the slots of [t0, t1); false when an hour has no value.
bool HourlyProfile(const RuleContext& ctx, UnixSeconds t0, UnixSeconds t1, Profile* out) {
  std::array<double, 24> sum{};
  std::array<int, 24> count{};
  const TimeZone& zone = *ctx.in().zone;
  for (UnixSeconds t = t0; t < t1; t += ctx.in().interval_s) {
    const std::optional<int64_t> v = At(ctx, t);
    if (!v) continue;
    const int64_t local = zone.UtcToLocal(t);
    const size_t hour = static_cast<size_t>((FloorDiv(local, 3600) % 24 + 24) % 24);
    sum[hour] += static_cast<double>(*v);
    ++count[hour];
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

// The instant `days` local days after (or before, when negative) the local midnight `t`.
UnixSeconds StepDays(const TimeZone& zone, UnixSeconds t, int days) {
  for (; days > 0; --days) t = zone.StartOfNextLocalDay(t);
  for (; days < 0; ++days) t = zone.StartOfLocalDay(t - 1);
  return t;
}

// The first slot starting at or after `t`.
size_t SlotAtOrAfter(const MeterWindow& in, UnixSeconds t) {
  if (t <= in.start_s) return 0;
  return std::min(in.size(),
                  static_cast<size_t>((t - in.start_s + in.interval_s - 1) / in.interval_s));
}

}  // namespace

// A transition is judged by the window in which the `days` after it end, with the days before it
// taken from the history where the window does not reach back (so monthly windows see a
// transition early in the month); the days after it inside the window are flagged.
void CheckDstShift(RuleContext& ctx) {
  const MeterWindow& in = ctx.in();
  const TimeZone* zone = in.zone;
  if (zone == nullptr || zone->is_utc()) return;
  const int span = static_cast<int>(ctx.value(Param::kDstDays));
  const double margin = ctx.value(Param::kDstMarginPercent) / 100;
  const UnixSeconds data_start =
      in.start_s - static_cast<int64_t>(in.history_wh.size()) * in.interval_s;
  // A transition whose `span` days after it end inside the window started at most span + 1 days
  // before the window.
  const UnixSeconds scan_from =
      zone->StartOfLocalDay(std::max(data_start, in.start_s - (span + 2) * kSecondsPerDay));
  for (UnixSeconds day = scan_from; day < in.end_s(); day = zone->StartOfNextLocalDay(day)) {
    const UnixSeconds next = zone->StartOfNextLocalDay(day);
    if (Offset(*zone, day) == Offset(*zone, next)) continue;  // no transition this day
    const UnixSeconds before_start = StepDays(*zone, day, -span);
    const UnixSeconds after_end = StepDays(*zone, next, span);
    if (before_start < data_start || after_end > in.end_s() || after_end <= in.start_s) continue;
    Profile before, after;
    if (!HourlyProfile(ctx, before_start, day, &before) ||
        !HourlyProfile(ctx, next, after_end, &after)) {
      continue;
    }
    const double unshifted = Distance(after, before, 0);
    const double later = Distance(after, before, 1);
    const double earlier = Distance(after, before, -1);
    const double shifted = std::min(later, earlier);
    if (!(shifted < (1 - margin) * unshifted)) continue;
    const SlotRange flagged{SlotAtOrAfter(in, next), SlotAtOrAfter(in, after_end)};
    if (flagged.size() == 0) continue;
    ctx.Open(VeeRule::kDstShift, flagged,
             fmt::format("after the DST change of {} the profile by local hour matches the {} "
                         "days before shifted {} 1 h: difference {} vs {} unshifted (margin {} %)",
                         FormatIsoUtc(day), span, later < earlier ? "later by" : "earlier by",
                         FormatKwh(static_cast<int64_t>(shifted)),
                         FormatKwh(static_cast<int64_t>(unshifted)),
                         ctx.value(Param::kDstMarginPercent)));
  }
}

}  // namespace gridline::vee
