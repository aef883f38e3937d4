// holiday_list.h: a holiday calendar as text (data/holidays/*.txt, data/holidays/SOURCE.md): `#`
// comments, blank lines, and one local date `YYYY-MM-DD` per line with an optional `,name`.
#ifndef GRIDLINE_VEE_ESTIMATE_HOLIDAY_LIST_H_
#define GRIDLINE_VEE_ESTIMATE_HOLIDAY_LIST_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "vee/estimate/estimate_input.h"

namespace gridline::vee {

// At most this many lines are read (a century of holidays is a few thousand).
inline constexpr size_t kMaxHolidayLines = 100'000;

// The dates of `text`. InvalidArgument("NAME:LINE: date: reason") for a line that is not a date,
// or when the text has more than kMaxHolidayLines lines.
absl::StatusOr<HolidaySet> ParseHolidayList(std::string_view text, std::string_view name);

// Reads and parses the file at `path` (NotFound when it cannot be read).
absl::StatusOr<HolidaySet> LoadHolidayFile(const std::string& path);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_ESTIMATE_HOLIDAY_LIST_H_
