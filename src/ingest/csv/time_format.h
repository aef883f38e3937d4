// time_format.h: `--time-format`, a strftime-like pattern for the timestamps of a CSV file
// (`%m/%d/%Y %H:%M`). A small matcher of our own, without locale or std::get_time: each
// directive reads a bounded number of ASCII digits or one of a fixed set of words, and every
// other byte of the pattern must match itself. Directives:
//   %Y year, 4 digits          %m month, 1-2 digits     %d day, 1-2 digits
//   %y year 2000-2099, 2 digits                         %b month name, English, 3 letters
//   %H hour 0-24, 1-2 digits   %I hour 1-12, 1-2 digits %p AM or PM (with %I)
//   %M minute, 1-2 digits      %S second, 1-2 digits    %f fraction of a second, digits (zeros)
//   %z offset: Z, +HH, +HHMM, +HH:MM                    %% a percent sign
//   %T is %H:%M:%S, %F is %Y-%m-%d, %D is %m/%d/%y; a space matches one or more spaces.
// `24:00` (an hour-ending file's midnight) is the next day's 00:00. A pattern without %Y (or %y)
// %m %d is refused, as is one over 64 bytes. Matching is linear in the text.
#ifndef GRIDLINE_INGEST_CSV_TIME_FORMAT_H_
#define GRIDLINE_INGEST_CSV_TIME_FORMAT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time.h"

namespace gridline::ingest {

class TimeFormat {
 public:
  static constexpr size_t kMaxPatternBytes = 64;

  // InvalidArgument for an unknown directive, a pattern without a date or one too long.
  static absl::StatusOr<TimeFormat> Parse(std::string_view pattern);

  // Reads `text` (spaces around it allowed); nullptr on success, else a static reason.
  // out->has_offset is set by %z only.
  const char* Match(std::string_view text, ParsedTime* out) const;

  const std::string& pattern() const { return pattern_; }

 private:
  enum class Op : uint8_t {
    kLiteral,
    kSpaces,
    kYear4,
    kYear2,
    kMonth,
    kMonthName,
    kDay,
    kHour24,
    kHour12,
    kAmPm,
    kMinute,
    kSecond,
    kFraction,
    kOffset
  };
  struct Step {
    Op op;
    char literal;
  };

  std::string pattern_;
  std::vector<Step> steps_;
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_CSV_TIME_FORMAT_H_
