// series_vee.cc: reading one series for VEE, and its plan (series_vee.h).
#include "vee/run/series_vee.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "common/status_macros.h"
#include "fmt/format.h"
#include "query/series_reader.h"
#include "vee/estimate/estimator.h"
#include "vee/exception_store.h"
#include "vee/rules/validate_months.h"

namespace gridline::vee {

namespace {

using engine::ValidatedValue;
using storage::Origin;
using storage::OriginKind;

size_t RuleIndex(VeeRule r) { return static_cast<size_t>(r) - 1; }

// Origins of a plan, one per (kind, method, rule).
class Origins {
 public:
  explicit Origins(std::vector<Origin>* out) : out_(out) {}
  uint32_t Of(OriginKind kind, uint8_t method, uint8_t rule) {
    auto key = std::make_tuple(kind, method, rule);
    auto it = index_.find(key);
    if (it != index_.end()) return it->second;
    Origin o;
    o.kind = kind;
    o.method = method;
    o.rule = rule;
    o.user = "vee";
    out_->push_back(o);
    const uint32_t i = static_cast<uint32_t>(out_->size() - 1);
    index_.emplace(key, i);
    return i;
  }

 private:
  std::vector<Origin>* out_;
  std::map<std::tuple<OriginKind, uint8_t, uint8_t>, uint32_t> index_;
};

// What slot i shows on the validated layer now.
struct Shown {
  bool has = false;
  int64_t value = 0;
  Quality quality = Quality::kActual;
};
Shown ShownNow(const SeriesSlots& s, size_t i) {
  if (s.overlay_present[i]) {
    const bool has = s.overlay_quality[i] != Quality::kMissing;
    return Shown{has, has ? s.overlay_value[i] : 0, s.overlay_quality[i]};
  }
  if (s.raw[i]) return Shown{true, *s.raw[i], s.raw_quality[i]};
  return Shown{};
}

bool Edited(const SeriesSlots& s, size_t i) {
  return s.overlay_present[i] && s.overlay_quality[i] == Quality::kEdited;
}

}  // namespace

bool VeeJudges(ChannelKind channel) {
  return channel == ChannelKind::kKwhDelivered || channel == ChannelKind::kKwhReceived ||
         channel == ChannelKind::kKwhNet;
}

absl::StatusOr<SeriesSlots> LoadSeriesSlots(const storage::ReadView& view, storage::SeriesId series,
                                            UnixSeconds from_s, UnixSeconds to_s,
                                            const std::string& customer_class) {
  const storage::Catalog& catalog = view.store().catalog();
  const storage::SeriesInfo info = catalog.GetSeries(series);
  SeriesSlots s;
  s.series = series;
  s.meter_id = catalog.AssetExternalId(info.asset);
  s.channel = info.channel;
  s.customer_class = customer_class;
  s.interval_s = info.interval_s;
  if (info.min_slot > info.max_slot || info.interval_s <= 0) return s;
  const int64_t interval = info.interval_s;
  const int64_t run_from = std::max(info.min_slot, query::SlotAtOrAfter(from_s, interval));
  const int64_t run_to = std::min(info.max_slot + 1, query::SlotAtOrAfter(to_s, interval));
  if (run_from >= run_to) return s;
  const int64_t per_day = kSecondsPerDay / interval;
  const int64_t lo = std::max(info.min_slot, run_from - kReadDaysBefore * per_day);
  const int64_t hi = std::min(info.max_slot + 1, run_to + kReadDaysAfter * per_day);
  const size_t n = static_cast<size_t>(hi - lo);
  s.first_slot = lo;
  s.start_s = lo * interval;
  s.begin = static_cast<size_t>(run_from - lo);
  s.end = static_cast<size_t>(run_to - lo);
  s.raw.assign(n, std::nullopt);
  s.raw_quality.assign(n, Quality::kActual);
  s.overlay_present.assign(n, 0);
  s.overlay_value.assign(n, 0);
  s.overlay_quality.assign(n, Quality::kActual);
  auto each = [&](uint32_t window, const storage::Chunk& c, auto&& set) {
    const int64_t base = storage::FirstSlotOfWindow(window);
    for (size_t k = 0; k < c.size(); ++k) {
      const int64_t slot = base + c.offsets[k];
      if (slot >= lo && slot < hi) set(static_cast<size_t>(slot - lo), k);
    }
  };
  GL_RETURN_IF_ERROR(view.ForEachChunk(series, lo, hi, [&](uint32_t w, const storage::Chunk& c) {
    each(w, c, [&](size_t i, size_t k) {
      s.raw[i] = c.values[k];
      s.raw_quality[i] = c.qualities[k];
    });
  }));
  GL_RETURN_IF_ERROR(view.ForEachOverlay(series, storage::WindowOfSlot(lo),
                                         storage::WindowOfSlot(hi - 1),
                                         [&](uint32_t w, const storage::Chunk& c) {
                                           each(w, c, [&](size_t i, size_t k) {
                                             s.overlay_present[i] = 1;
                                             s.overlay_value[i] = c.values[k];
                                             s.overlay_quality[i] = c.qualities[k];
                                           });
                                         }));
  GL_RETURN_IF_ERROR(view.ForEachVersion(series, run_from, run_to, [&](const storage::Version& v) {
    s.duplicates.push_back(static_cast<uint32_t>(v.slot - lo));
  }));
  std::sort(s.duplicates.begin(), s.duplicates.end());
  s.duplicates.erase(std::unique(s.duplicates.begin(), s.duplicates.end()), s.duplicates.end());
  if (std::optional<storage::SeriesId> reg =
          catalog.FindSeries(info.asset, ChannelKind::kKwhRegister)) {
    const storage::SeriesInfo ri = catalog.GetSeries(*reg);
    if (ri.interval_s > 0 && ri.min_slot <= ri.max_slot) {
      const int64_t rlo = FloorDiv(s.start_s, ri.interval_s);
      const int64_t rhi = FloorDiv(hi * interval, ri.interval_s) + 1;
      GL_RETURN_IF_ERROR(
          view.ForEachChunk(*reg, rlo, rhi, [&](uint32_t w, const storage::Chunk& c) {
            const int64_t base = storage::FirstSlotOfWindow(w);
            for (size_t k = 0; k < c.size(); ++k) {
              const int64_t slot = base + c.offsets[k];
              if (slot >= rlo && slot < rhi) {
                s.registers.push_back(RegisterRead{slot * ri.interval_s, c.values[k]});
              }
            }
          }));
    }
  }
  ExceptionFilter filter;
  filter.series = series;
  filter.from_s = run_from * interval;
  filter.to_s = run_to * interval;
  GL_RETURN_IF_ERROR(
      ListExceptions(view, filter, "", [&](std::string_view, const ExceptionRecord& r) {
        if (r.exception.first_slot_s >= filter.from_s && r.exception.end_slot_s <= filter.to_s) {
          ++s.exceptions_before[RuleIndex(r.exception.rule)];
        }
        return true;
      }));
  return s;
}

absl::StatusOr<SeriesVeePlan> PlanSeriesVee(const SeriesSlots& s,
                                            const SeriesVeeSettings& settings) {
  SeriesVeePlan plan;
  engine::ValidatedCommit& commit = plan.commit;
  commit.series = s.series;
  SeriesVeeFigures& fig = plan.figures;
  if (s.begin >= s.end) return plan;
  const size_t n = s.size();
  const int64_t interval = s.interval_s;
  // What the rules judge: the raw reads, with a person's edits standing in for them.
  std::vector<std::optional<int64_t>> judged(n);
  std::vector<Quality> quality(n);
  for (size_t i = 0; i < n; ++i) {
    if (Edited(s, i)) {
      judged[i] = s.overlay_value[i];
      quality[i] = Quality::kEdited;
    } else {
      judged[i] = s.raw[i];
      quality[i] = s.raw_quality[i];
    }
  }
  MeterWindow base;
  base.meter_id = s.meter_id;
  base.channel = s.channel;
  base.customer_class = s.customer_class;
  base.start_s = s.start_s;
  base.interval_s = interval;
  base.value_wh = judged;
  base.quality = quality;
  base.register_reads = s.registers;
  base.zone = settings.zone;
  base.now_s = settings.now_s;
  base.duplicate_slots = s.duplicates;
  const UnixSeconds from_s = s.start_s + static_cast<int64_t>(s.begin) * interval;
  const UnixSeconds to_s = s.start_s + static_cast<int64_t>(s.end) * interval;
  std::vector<uint8_t> replace(n, 0);
  std::vector<VeeException> exceptions;
  GL_RETURN_IF_ERROR(ValidateByMonth(
      base, *settings.rules, from_s, to_s, [&](const MeterWindow& w, const ValidationResult& r) {
        const size_t off = static_cast<size_t>((w.start_s - s.start_s) / interval);
        for (size_t i = 0; i < r.replace.size(); ++i) replace[off + i] |= r.replace[i];
        exceptions.insert(exceptions.end(), r.exceptions.begin(), r.exceptions.end());
      }));
  // The rule that proved each replaced slot wrong (the first in rule order).
  std::vector<uint8_t> cause(n, 0);
  for (const VeeException& e : exceptions) {
    if (!GetRuleSpec(e.rule).replaces_value) continue;
    const size_t a = static_cast<size_t>((e.first_slot_s - s.start_s) / interval);
    const size_t b = std::min(n, static_cast<size_t>((e.end_slot_s - s.start_s) / interval));
    for (size_t i = a; i < b; ++i) {
      if (replace[i] && cause[i] == 0) cause[i] = static_cast<uint8_t>(e.rule);
    }
  }
  // What the estimators may read: validated reads only. Inside the range the judged reads less
  // the ones proved wrong; outside it what the validated layer holds, less its estimates.
  std::vector<std::optional<int64_t>> known(n);
  for (size_t i = 0; i < n; ++i) {
    const bool inside = i >= s.begin && i < s.end;
    if (inside) {
      if (!replace[i] && quality[i] != Quality::kMissing) known[i] = judged[i];
      continue;
    }
    const Shown shown = ShownNow(s, i);
    if (shown.has && shown.quality != Quality::kEstimated && shown.quality != Quality::kMissing &&
        shown.quality != Quality::kSuspect) {
      known[i] = shown.value;
    }
  }
  EstimateInput in;
  in.start_s = s.start_s;
  in.interval_s = interval;
  in.values = known;
  in.zone = settings.zone;
  in.holidays = settings.holidays;
  in.registers = s.registers;
  in.delivered = s.channel != ChannelKind::kKwhNet;
  Origins origins(&commit.origins);
  std::vector<uint8_t> filled(n, 0);  // 1 estimated, 2 missing
  auto plan_value = [&](size_t i, int64_t value, Quality q, uint32_t origin) {
    ValidatedValue v;
    v.slot = s.first_slot + static_cast<int64_t>(i);
    v.value = value;
    v.quality = q;
    v.origin_index = origin;
    v.check_raw = true;
    v.raw_has = s.raw[i].has_value();
    v.raw_value = s.raw[i].value_or(0);
    const Shown now = ShownNow(s, i);
    const bool has = q != Quality::kMissing;
    if (now.has != has || (has && now.value != value) || now.quality != q) {
      ++fig.slots_changed;
      fig.wh_after += (has ? value : 0) - (now.has ? now.value : 0);
    }
    commit.values.push_back(v);
  };
  size_t i = s.begin;
  while (i < s.end) {
    const bool needs = !Edited(s, i) && (replace[i] || !known[i].has_value());
    if (!needs) {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < s.end && !Edited(s, j) && (replace[j] || !known[j].has_value())) ++j;
    const std::vector<EstimatedSlot> est = EstimateGapDefault(in, Gap{i, j});
    for (size_t k = i; k < j; ++k) {
      const uint8_t rule = replace[k] ? cause[k] : static_cast<uint8_t>(VeeRule::kMissingInterval);
      const EstimatedSlot* e = k - i < est.size() ? &est[k - i] : nullptr;
      if (replace[k]) ++fig.replaced;
      if (replace[k] && rule != 0) ++fig.replaced_by_rule[rule - 1];
      if (e != nullptr && e->value_wh) {
        plan_value(k, *e->value_wh, Quality::kEstimated,
                   origins.Of(OriginKind::kEstimated, static_cast<uint8_t>(e->method), rule));
        filled[k] = 1;
        ++fig.estimated;
      } else {
        plan_value(k, 0, Quality::kMissing, origins.Of(OriginKind::kValidated, 0, rule));
        filled[k] = 2;
        ++fig.missing;
      }
    }
    i = j;
  }
  // What an earlier run processed that is no longer wrong shows its raw value again.
  for (size_t k = s.begin; k < s.end; ++k) {
    if (filled[k] || !s.overlay_present[k] || Edited(s, k) || !s.raw[k]) continue;
    const Quality q = s.raw_quality[k];
    if (q != Quality::kActual && q != Quality::kSuspect) continue;  // a source's own estimate
    plan_value(k, *s.raw[k], q, origins.Of(OriginKind::kValidated, 0, 0));
  }
  // Exceptions: a failure whose every slot VEE filled is `estimated`, else `open`.
  for (VeeException& e : exceptions) {
    const bool fills = GetRuleSpec(e.rule).replaces_value || e.rule == VeeRule::kMissingInterval;
    if (fills) {
      const size_t a = static_cast<size_t>((e.first_slot_s - s.start_s) / interval);
      const size_t b = std::min(n, static_cast<size_t>((e.end_slot_s - s.start_s) / interval));
      bool all = a < b;
      for (size_t k = a; k < b && all; ++k) {
        if (filled[k] == 2 || (filled[k] == 0 && (replace[k] || !known[k]))) all = false;
      }
      e.status = all ? ExceptionStatus::kEstimated : ExceptionStatus::kOpen;
    } else {
      e.status = ExceptionStatus::kOpen;
    }
    ++fig.exceptions_after[RuleIndex(e.rule)];
  }
  commit.exceptions = std::move(exceptions);
  commit.supersede_from_s = from_s;
  commit.supersede_to_s = to_s;
  fig.readings = s.end - s.begin;
  for (size_t k = s.begin; k < s.end; ++k) {
    const Shown now = ShownNow(s, k);
    if (now.has) fig.wh_before += now.value;
  }
  fig.wh_after += fig.wh_before;
  bool had_exceptions = false;
  for (uint32_t c : s.exceptions_before) had_exceptions |= c > 0;
  plan.needs_commit = !commit.values.empty() || !commit.exceptions.empty() || had_exceptions;
  return plan;
}

}  // namespace gridline::vee
