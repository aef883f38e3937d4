#include "ingest/csv/time_format.h"

#include "common/strings.h"
#include "fmt/format.h"

namespace gridline::ingest {

namespace {

// Reads min_n..max_n digits at *p; false when there are fewer than min_n.
bool ReadNumber(const char** p, const char* end, int min_n, int max_n, int* out) {
  int v = 0, n = 0;
  while (*p < end && n < max_n && **p >= '0' && **p <= '9') {
    v = v * 10 + (**p - '0');
    ++*p;
    ++n;
  }
  *out = v;
  return n >= min_n;
}

constexpr std::string_view kMonthNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};

}  // namespace

absl::StatusOr<TimeFormat> TimeFormat::Parse(std::string_view pattern) {
  if (pattern.size() > kMaxPatternBytes) {
    return absl::InvalidArgumentError(
        fmt::format("--time-format: {} bytes, more than {}", pattern.size(), kMaxPatternBytes));
  }
  TimeFormat f;
  f.pattern_ = std::string(pattern);
  bool year = false, month = false, day = false, hour12 = false, ampm = false;
  auto add = [&f](Op op) { f.steps_.push_back(Step{op, 0}); };
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == ' ') {
      add(Op::kSpaces);
      while (i + 1 < pattern.size() && pattern[i + 1] == ' ') ++i;
      continue;
    }
    if (c != '%') {
      f.steps_.push_back(Step{Op::kLiteral, c});
      continue;
    }
    if (++i == pattern.size()) {
      return absl::InvalidArgumentError(
          fmt::format("--time-format '{}': a lone % at the end", pattern));
    }
    switch (pattern[i]) {
      case 'Y':
        add(Op::kYear4);
        year = true;
        break;
      case 'y':
        add(Op::kYear2);
        year = true;
        break;
      case 'm':
        add(Op::kMonth);
        month = true;
        break;
      case 'b':
        add(Op::kMonthName);
        month = true;
        break;
      case 'd':
        add(Op::kDay);
        day = true;
        break;
      case 'H':
        add(Op::kHour24);
        break;
      case 'I':
        add(Op::kHour12);
        hour12 = true;
        break;
      case 'p':
        add(Op::kAmPm);
        ampm = true;
        break;
      case 'M':
        add(Op::kMinute);
        break;
      case 'S':
        add(Op::kSecond);
        break;
      case 'f':
        add(Op::kFraction);
        break;
      case 'z':
        add(Op::kOffset);
        break;
      case '%':
        f.steps_.push_back(Step{Op::kLiteral, '%'});
        break;
      case 'T':
        add(Op::kHour24);
        f.steps_.push_back(Step{Op::kLiteral, ':'});
        add(Op::kMinute);
        f.steps_.push_back(Step{Op::kLiteral, ':'});
        add(Op::kSecond);
        break;
      case 'F':
        add(Op::kYear4);
        f.steps_.push_back(Step{Op::kLiteral, '-'});
        add(Op::kMonth);
        f.steps_.push_back(Step{Op::kLiteral, '-'});
        add(Op::kDay);
        year = month = day = true;
        break;
      case 'D':
        add(Op::kMonth);
        f.steps_.push_back(Step{Op::kLiteral, '/'});
        add(Op::kDay);
        f.steps_.push_back(Step{Op::kLiteral, '/'});
        add(Op::kYear2);
        year = month = day = true;
        break;
      default:
        return absl::InvalidArgumentError(fmt::format(
            "--time-format '{}': unknown directive %{} (known: %Y %y %m %b %d %H %I %p %M %S %f "
            "%z %T %F %D %%)",
            pattern, pattern[i]));
    }
  }
  if (!year || !month || !day) {
    return absl::InvalidArgumentError(fmt::format(
        "--time-format '{}': needs a year (%Y or %y), a month (%m or %b) and a day (%d)", pattern));
  }
  if (hour12 != ampm) {
    return absl::InvalidArgumentError(
        fmt::format("--time-format '{}': %I and %p go together (12-hour clock)", pattern));
  }
  return f;
}

const char* TimeFormat::Match(std::string_view text, ParsedTime* out) const {
  text = StripSpaces(text);
  if (text.empty()) return "empty timestamp";
  const char* p = text.data();
  const char* const end = p + text.size();
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offset_s = 0;
  bool pm = false, has_ampm = false, has_offset = false;
  for (const Step& s : steps_) {
    int v = 0;
    switch (s.op) {
      case Op::kLiteral:
        if (p == end || *p != s.literal) return "does not match --time-format";
        ++p;
        break;
      case Op::kSpaces:
        if (p == end || *p != ' ') return "does not match --time-format";
        while (p < end && *p == ' ') ++p;
        break;
      case Op::kYear4:
        if (!ReadNumber(&p, end, 4, 4, &year)) return "year is not 4 digits";
        break;
      case Op::kYear2:
        if (!ReadNumber(&p, end, 2, 2, &v)) return "year is not 2 digits";
        year = 2000 + v;
        break;
      case Op::kMonth:
        if (!ReadNumber(&p, end, 1, 2, &month)) return "month is not a number";
        break;
      case Op::kMonthName: {
        if (end - p < 3) return "not a month name";
        month = 0;
        for (int m = 0; m < 12; ++m) {
          if (EqualsIgnoreCase(std::string_view(p, 3), kMonthNames[m])) month = m + 1;
        }
        if (month == 0) return "not a month name (Jan ... Dec)";
        p += 3;
        break;
      }
      case Op::kDay:
        if (!ReadNumber(&p, end, 1, 2, &day)) return "day is not a number";
        break;
      case Op::kHour24:
      case Op::kHour12:
        if (!ReadNumber(&p, end, 1, 2, &hour)) return "hour is not a number";
        break;
      case Op::kAmPm:
        if (end - p < 2 || (p[1] != 'M' && p[1] != 'm')) return "not AM or PM";
        if (*p == 'P' || *p == 'p') {
          pm = true;
        } else if (*p != 'A' && *p != 'a') {
          return "not AM or PM";
        }
        has_ampm = true;
        p += 2;
        break;
      case Op::kMinute:
        if (!ReadNumber(&p, end, 1, 2, &minute)) return "minute is not a number";
        break;
      case Op::kSecond:
        if (!ReadNumber(&p, end, 1, 2, &second)) return "second is not a number";
        break;
      case Op::kFraction:
        // Readings sit on whole seconds: any digits, all zeros (bounded by the text).
        if (p == end || *p < '0' || *p > '9') return "fraction is not a number";
        while (p < end && *p >= '0' && *p <= '9') {
          if (*p != '0') return "fractional seconds are not zero";
          ++p;
        }
        break;
      case Op::kOffset: {
        if (p < end && *p == 'Z') {
          ++p;
        } else {
          if (p == end || (*p != '+' && *p != '-')) return "not a UTC offset (Z, +HH:MM)";
          const int sign = *p == '-' ? -1 : 1;
          ++p;
          int h = 0, m = 0;
          if (!ReadNumber(&p, end, 2, 2, &h)) return "not a UTC offset (Z, +HH:MM)";
          if (p < end && *p == ':') ++p;
          if (p < end && *p >= '0' && *p <= '9' && !ReadNumber(&p, end, 2, 2, &m)) {
            return "not a UTC offset (Z, +HH:MM)";
          }
          if (h > 18 || m > 59) return "UTC offset out of range";
          offset_s = sign * (h * 3600 + m * 60);
        }
        has_offset = true;
        break;
      }
    }
  }
  if (p != end) return "text after the end of --time-format";
  if (has_ampm) {
    if (hour < 1 || hour > 12) return "hour out of range (1-12 with AM/PM)";
    hour = hour % 12 + (pm ? 12 : 0);
  }
  if (month < 1 || month > 12) return "month out of range";
  if (year < 1 || day < 1 || day > static_cast<int>(DaysInMonth(year, month))) {
    return "day out of range";
  }
  if (minute > 59 || second > 59) return "minute or second out of range";
  if (hour > 24 || (hour == 24 && (minute != 0 || second != 0))) return "hour out of range";
  out->seconds = DaysFromCivil(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60 +
                 second - offset_s;
  out->has_offset = has_offset;
  return nullptr;
}

}  // namespace gridline::ingest
