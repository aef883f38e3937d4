// time.h: UTC instants as int64 seconds since the Unix epoch, ISO 8601 parsing and printing,
// and interval / step durations. The hot-path parsers return a static reason string instead of a
// Status so that a million-row import does not allocate per row; nullptr means success.
//
// Civil-date arithmetic follows Howard Hinnant's days_from_civil / civil_from_days algorithms
// (http://howardhinnant.github.io/date_algorithms.html), valid for the proleptic Gregorian calendar.
#ifndef GRIDLINE_COMMON_TIME_H_
#define GRIDLINE_COMMON_TIME_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace gridline {

using UnixSeconds = int64_t;

inline constexpr int64_t kSecondsPerDay = 86400;

// Days since 1970-01-01 for a proleptic Gregorian date. REQUIRES: 1 <= m <= 12, 1 <= d <= 31.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);

struct CivilDay {
  int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};
CivilDay CivilFromDays(int64_t days);

unsigned DaysInMonth(int64_t year, unsigned month);

// Floor division for possibly negative seconds.
inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// A timestamp as written in the input. With an offset (`Z`, `+02:00`, `-0800`) `seconds` is a UTC
// instant; without one it is a local wall-clock reading (seconds since 1970-01-01T00:00 local),
// which needs a time zone to become an instant.
struct ParsedTime {
  int64_t seconds = 0;
  bool has_offset = false;
};

// Parses `YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][Z|±HH[:MM]|±HHMM]`, surrounding spaces allowed.
// A bare date is local midnight. Fractional seconds must be zero (readings sit on whole-second
// slots). `24:00[:00]` is accepted as the next day's midnight (ISO 8601 end of day).
// Returns nullptr on success, else a static reason.
const char* ParseTimestamp(std::string_view text, ParsedTime* out);

// Parses an ISO 8601 instant for the command line (`--from`, `--to`). A naive time or bare date
// is read in `default_zone` (an IANA name; empty means UTC).
absl::StatusOr<UnixSeconds> ParseInstant(std::string_view text, std::string_view default_zone = "");

// Appends `2026-07-01T00:15:00Z`.
void AppendIsoUtc(UnixSeconds t, std::string* out);
std::string FormatIsoUtc(UnixSeconds t);

// Parses a fixed duration: `<n>s`, `<n>m` (or `min`), `<n>h`, `<n>d`. Returns seconds > 0.
absl::StatusOr<int64_t> ParseDurationSeconds(std::string_view text);

// Formats seconds as the shortest of `15m`, `1h`, `1d`, `30s`.
std::string FormatDuration(int64_t seconds);

// A query step: a fixed number of seconds, or calendar months.
struct Step {
  int64_t seconds = 0;  // > 0 for fixed steps
  int months = 0;       // > 0 for calendar steps
};
// Parses `15m`, `1h`, `1d`, `1mo` (any positive count).
absl::StatusOr<Step> ParseStep(std::string_view text);

}  // namespace gridline

#endif  // GRIDLINE_COMMON_TIME_H_
