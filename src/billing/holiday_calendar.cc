#include "billing/holiday_calendar.h"

#include <algorithm>
#include <array>

#include "billing/toml_fields.h"
#include "common/status_macros.h"
#include "common/time.h"
#include "common/toml_text.h"
#include "fmt/format.h"

namespace gridline::billing {

namespace {

constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};

struct ObservanceName {
  std::string_view name;
  Observance value;
};
constexpr ObservanceName kObservances[] = {
    {"none", Observance::kNone},
    {"sunday_to_monday", Observance::kSundayToMonday},
    {"nearest_weekday", Observance::kNearestWeekday},
};

// The civil day of `rule` in `year` before observance.
int64_t ActualDay(const HolidayRule& rule, int64_t year) {
  if (rule.day != 0) {
    return DaysFromCivil(year, rule.month, std::min(rule.day, DaysInMonth(year, rule.month)));
  }
  if (rule.nth > 0) {
    const int64_t first = DaysFromCivil(year, rule.month, 1);
    const int shift = (rule.weekday - WeekdayOfDays(first) + 7) % 7;
    int64_t day = first + shift + 7 * (rule.nth - 1);
    // A fifth weekday that the month lacks falls back to the last one.
    const int64_t last = DaysFromCivil(year, rule.month, DaysInMonth(year, rule.month));
    while (day > last) day -= 7;
    return day;
  }
  const int64_t last = DaysFromCivil(year, rule.month, DaysInMonth(year, rule.month));
  return last - (WeekdayOfDays(last) - rule.weekday + 7) % 7;
}

int64_t ObservedDay(const HolidayRule& rule, int64_t day) {
  const int wd = WeekdayOfDays(day);
  switch (rule.observe) {
    case Observance::kNone:
      return day;
    case Observance::kSundayToMonday:
      return wd == 0 ? day + 1 : day;
    case Observance::kNearestWeekday:
      return wd == 0 ? day + 1 : wd == 6 ? day - 1 : day;
  }
  return day;
}

absl::StatusOr<HolidayRule> ReadRule(const TomlScope& s) {
  GL_RETURN_IF_ERROR(s.OnlyKeys({"name", "month", "day", "weekday", "nth", "observe"}));
  HolidayRule r;
  GL_ASSIGN_OR_RETURN(r.name, s.String("name"));
  GL_ASSIGN_OR_RETURN(std::optional<int64_t> month, s.OptionalInt("month", 1, 12));
  if (!month) return s.Error("month", "missing");
  r.month = static_cast<unsigned>(*month);
  GL_ASSIGN_OR_RETURN(std::optional<int64_t> day, s.OptionalInt("day", 1, 31));
  GL_ASSIGN_OR_RETURN(std::optional<int64_t> nth, s.OptionalInt("nth", -1, 5));
  const std::string weekday = s.StringOr("weekday", "");
  if (day.has_value() == !weekday.empty()) {
    return s.Error(day ? "day" : "name", "give either day, or weekday and nth");
  }
  if (day) {
    r.day = static_cast<unsigned>(*day);
  } else {
    const auto it = std::find(kWeekdayNames.begin(), kWeekdayNames.end(), weekday);
    if (it == kWeekdayNames.end()) return s.Error("weekday", "expected sunday .. saturday");
    r.weekday = static_cast<int>(it - kWeekdayNames.begin());
    if (!nth || *nth == 0) return s.Error("nth", "expected 1..5, or -1 for the last");
    r.nth = static_cast<int>(*nth);
  }
  const std::string observe = s.StringOr("observe", "none");
  const auto* o = std::find_if(std::begin(kObservances), std::end(kObservances),
                               [&](const ObservanceName& n) { return n.name == observe; });
  if (o == std::end(kObservances)) {
    return s.Error("observe", "expected none, sunday_to_monday or nearest_weekday");
  }
  r.observe = o->value;
  return r;
}

}  // namespace

int WeekdayOfDays(int64_t day) { return static_cast<int>(((day % 7) + 7 + 4) % 7); }

absl::StatusOr<HolidayCalendar> HolidayCalendar::FromToml(const toml::table& table,
                                                          std::string_view file) {
  TomlScope top{file, &table, ""};
  GL_RETURN_IF_ERROR(top.OnlyKeys({"name", "source", "holiday"}));
  HolidayCalendar cal;
  cal.name_ = top.StringOr("name", "");
  const toml::node* list = table.get("holiday");
  if (list == nullptr) return top.Error("holiday", "missing: a calendar lists [[holiday]] rules");
  const toml::array* a = list->as_array();
  if (a == nullptr || !a->is_array_of_tables()) return top.Error("holiday", "expected [[holiday]]");
  if (a->size() > kMaxHolidayRules) {
    return top.Error("holiday", fmt::format("more than {} rules", kMaxHolidayRules));
  }
  for (size_t i = 0; i < a->size(); ++i) {
    TomlScope s{file, a->get(i)->as_table(), fmt::format("holiday[{}]", i)};
    GL_ASSIGN_OR_RETURN(HolidayRule r, ReadRule(s));
    cal.rules_.push_back(std::move(r));
  }
  return cal;
}

absl::StatusOr<HolidayCalendar> HolidayCalendar::FromText(std::string_view text,
                                                          std::string_view file) {
  GL_ASSIGN_OR_RETURN(toml::table table, ParseTomlText(text, file));
  return FromToml(table, file);
}

std::vector<std::pair<int64_t, std::string>> HolidayCalendar::Observed(int64_t year) const {
  const int64_t first = DaysFromCivil(year, 1, 1);
  const int64_t last = DaysFromCivil(year, 12, 31);
  std::vector<std::pair<int64_t, std::string>> out;
  for (int64_t y = year - 1; y <= year + 1; ++y) {
    for (const HolidayRule& r : rules_) {
      const int64_t day = ObservedDay(r, ActualDay(r, y));
      if (day >= first && day <= last) out.emplace_back(day, r.name);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool HolidayCalendar::IsHoliday(int64_t day) const {
  const int64_t year = CivilFromDays(day).year;
  for (int64_t y = year - 1; y <= year + 1; ++y) {
    for (const HolidayRule& r : rules_) {
      if (ObservedDay(r, ActualDay(r, y)) == day) return true;
    }
  }
  return false;
}

}  // namespace gridline::billing
