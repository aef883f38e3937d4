// holiday_list.cc: parsing holiday calendars.
#include "vee/estimate/holiday_list.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/strings.h"

namespace gridline::vee {

absl::StatusOr<HolidaySet> ParseHolidayList(std::string_view text, std::string_view name) {
  HolidaySet days;
  size_t line_no = 0;
  while (!text.empty()) {
    if (++line_no > kMaxHolidayLines) {
      return absl::InvalidArgumentError(
          absl::StrCat(AbslView(name), ": more than ", kMaxHolidayLines, " lines"));
    }
    const size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    line = StripSpaces(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    const std::string_view date = StripSpaces(line.substr(0, line.find(',')));
    unsigned y = 0, m = 0, d = 0;
    const bool shaped = date.size() == 10 && date[4] == '-' && date[7] == '-' &&
                        std::sscanf(std::string(date).c_str(), "%4u-%2u-%2u", &y, &m, &d) == 3;
    if (!shaped || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) {
      return absl::InvalidArgumentError(
          absl::StrCat(AbslView(name), ":", line_no, ": date: not a YYYY-MM-DD date"));
    }
    days.insert(DaysFromCivil(y, m, d));
  }
  return days;
}

absl::StatusOr<HolidaySet> LoadHolidayFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot read the holiday file"));
  std::ostringstream text;
  text << in.rdbuf();
  return ParseHolidayList(text.str(), path);
}

}  // namespace gridline::vee
