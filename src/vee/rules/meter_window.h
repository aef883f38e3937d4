// meter_window.h: what the validation rules read and what they return. The input is one meter's
// channel over a window on its UTC grid plus what some rules need beside it (history, register
// reads, service state, time zone, "now", sub-metering series); it holds no store types, so the
// rules are pure functions that the validated layer, `gridline vee validate` and tests call alike.
//
// Values are the channel's stored integers (Wh for energy) per slot, std::nullopt for a slot
// never read, as in analytics/load_series.h. Spans are borrowed: they must outlive the call.
#ifndef GRIDLINE_VEE_RULES_METER_WINDOW_H_
#define GRIDLINE_VEE_RULES_METER_WINDOW_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/channel.h"
#include "common/quality.h"
#include "common/time.h"
#include "common/time_zone.h"
#include "vee/vee_types.h"

namespace gridline::vee {

using SlotValues = std::span<const std::optional<int64_t>>;


// A breaker panel's series on the window's grid (sub-metering): its mains (legs) and circuits.
struct PanelSeries {
  std::vector<SlotValues> mains_wh;
  std::vector<SlotValues> circuits_wh;
};

struct MeterWindow {
  std::string meter_id;
  ChannelKind channel = ChannelKind::kKwhDelivered;
  std::string customer_class = "residential";
  UnixSeconds start_s = 0;  // slot 0 starts here, on the interval grid
  int64_t interval_s = 900;
  SlotValues value_wh;               // one entry per slot of the window
  std::span<const Quality> quality;  // per slot, or empty: every present value is actual
  SlotValues history_wh;             // the slots just before start_s (high/low, unit)
  std::span<const RegisterRead> register_reads;  // by time (sum check)
  std::optional<bool> service_active;            // false during a known outage; nullopt: unknown
  const TimeZone* zone = nullptr;                // the meter's zone (local days, DST); nullptr: UTC
  std::optional<UnixSeconds> now_s;           // the clock (future timestamps); nullopt: not checked
  int estimated_days_before = 0;              // consecutive estimated days up to start_s
  std::span<const uint32_t> duplicate_slots;  // slots read twice with different values, sorted
  const PanelSeries* panel = nullptr;         // circuits vs mains; nullptr: not a panel

  size_t size() const { return value_wh.size(); }
  UnixSeconds end_s() const { return start_s + static_cast<int64_t>(size()) * interval_s; }
  UnixSeconds SlotStart(size_t i) const { return start_s + static_cast<int64_t>(i) * interval_s; }
};

struct ValidationResult {
  std::vector<VeeException> exceptions;  // in rule order, then time
  // Per slot, 1 when a rule proved the value wrong (VeeRuleSpec::replaces_value) and VEE must
  // replace it by an estimate; flagging rules never set it.
  std::vector<uint8_t> replace;
  size_t replace_count = 0;
};

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_RULES_METER_WINDOW_H_
