// bill_plan.h: the calendar of one billing period under one tariff: for every interval of a UTC
// grid, its season, TOU period and export-price hour, found once from local time (so a 23- or
// 25-hour DST day gets the periods its wall clock gives: the repeated 01:00 hour of a fall-back
// day is off-peak twice, and 16:00-21:00 is five hours on every day), plus the local days of the
// period by season. Built once per (tariff, period, interval) and shared by every meter billed
// with them, which is what makes 20,000 bills a month cheap (`gridline bench billing`).
#ifndef GRIDLINE_BILLING_BILL_PLAN_H_
#define GRIDLINE_BILLING_BILL_PLAN_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "billing/tariff.h"

namespace gridline::billing {

// At most this many intervals in one bill (a year of 5-minute intervals is 105,408).
inline constexpr int64_t kMaxBillIntervals = int64_t{1} << 20;

struct BillPlan {
  int64_t start_s = 0;     // the first interval's start: the first grid slot at or after `from`
  int64_t interval_s = 0;  // divides 3600 or is a multiple of it
  size_t periods = 0;      // the tariff's period count
  // Per interval: season * periods + period, and the export-price class
  // (month - 1) * 48 + weekend * 24 + local hour.
  std::vector<uint8_t> bucket;
  std::vector<uint16_t> export_class;
  int64_t days = 0;                  // local days the period touches
  std::vector<int64_t> season_days;  // of those, per season
  std::vector<int64_t> day_types;    // per DayType

  size_t size() const { return bucket.size(); }
};

// InvalidArgument when from >= to, the interval is not a whole divisor of a day, or the period
// holds more than kMaxBillIntervals intervals.
absl::StatusOr<BillPlan> PlanBill(const Tariff& tariff, int64_t from_s, int64_t to_s,
                                  int64_t interval_s);

// The day type of local civil day `day` under `tariff`: holiday (its calendar), else weekend
// (Saturday, Sunday), else weekday.
DayType DayTypeOf(const Tariff& tariff, int64_t day);

}  // namespace gridline::billing

#endif  // GRIDLINE_BILLING_BILL_PLAN_H_
