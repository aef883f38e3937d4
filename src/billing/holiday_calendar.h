// holiday_calendar.h: a calendar of named holidays as data (docs/billing.md, "Holiday calendar
// files"): each rule is a fixed date (month, day) or the nth weekday of a month (nth = -1 for the
// last), with an observance: `none`, `sunday_to_monday` (PG&E's TOU holidays: a holiday on a
// Sunday is observed on the Monday after, one on a Saturday is not moved) or `nearest_weekday`
// (Saturday to Friday, Sunday to Monday, as US federal holidays). data/tariffs/holidays/pge.toml
// is PG&E's list. Tariffs use it to give a day the `holiday` day type; the estimators' like-day
// methods can use it the same way.
//
// Immutable once built; safe to share between threads.
#ifndef GRIDLINE_BILLING_HOLIDAY_CALENDAR_H_
#define GRIDLINE_BILLING_HOLIDAY_CALENDAR_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "toml++/toml.h"

namespace gridline::billing {

enum class Observance : uint8_t { kNone, kSundayToMonday, kNearestWeekday };

struct HolidayRule {
  std::string name;
  unsigned month = 1;  // 1..12
  unsigned day = 0;    // 1..31 for a fixed date; 0 for an nth-weekday rule
  int weekday = 0;     // 0 Sunday .. 6 Saturday (nth-weekday rules)
  int nth = 0;         // 1..5, or -1 for the last
  Observance observe = Observance::kNone;
};

// Calendars hold at most this many rules (a utility's list has about ten).
inline constexpr size_t kMaxHolidayRules = 64;

class HolidayCalendar {
 public:
  HolidayCalendar() = default;

  // Reads a calendar file's table; `file` prefixes errors (InvalidArgument, located
  // FILE:LINE:COL at the offending value).
  static absl::StatusOr<HolidayCalendar> FromToml(const toml::table& table, std::string_view file);
  // Parses calendar text (toml_text.h bounds apply).
  static absl::StatusOr<HolidayCalendar> FromText(std::string_view text, std::string_view file);

  const std::string& name() const { return name_; }
  const std::vector<HolidayRule>& rules() const { return rules_; }

  // The holidays observed in civil year `year`, as (days since 1970-01-01, name), by date.
  // An observance may move a holiday across the new year (nearest_weekday: Saturday 1 Jan is
  // observed on Friday 31 Dec), so the rules of the years either side are applied too.
  std::vector<std::pair<int64_t, std::string>> Observed(int64_t year) const;

  // Whether civil day `day` (days since 1970-01-01) is an observed holiday.
  bool IsHoliday(int64_t day) const;

 private:
  std::string name_;
  std::vector<HolidayRule> rules_;
};

// 0 Sunday .. 6 Saturday of civil day `day` (days since 1970-01-01, a Thursday).
int WeekdayOfDays(int64_t day);

}  // namespace gridline::billing

#endif  // GRIDLINE_BILLING_HOLIDAY_CALENDAR_H_
