#include "common/time.h"

#include <cstdio>

#include "fmt/format.h"
#include "common/status_macros.h"
#include "common/time_zone.h"

namespace gridline {

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

CivilDay CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return CivilDay{y + (m <= 2), m, d};
}

unsigned DaysInMonth(int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

namespace {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at p[0..n) into *out.
inline bool Digits(const char* p, const char* end, int n, int* out) {
  if (end - p < n) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    if (!IsDigit(p[i])) return false;
    v = v * 10 + (p[i] - '0');
  }
  *out = v;
  return true;
}

}  // namespace

const char* ParseTimestamp(std::string_view text, ParsedTime* out) {
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end && (*p == ' ' || *p == '\t')) ++p;
  while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r')) --end;
  if (p == end) return "empty timestamp";

  int year, month, day;
  if (!Digits(p, end, 4, &year) || end - p < 10 || p[4] != '-' || !Digits(p + 5, end, 2, &month) ||
      p[7] != '-' || !Digits(p + 8, end, 2, &day)) {
    return "not an ISO 8601 timestamp (expected YYYY-MM-DDTHH:MM:SSZ)";
  }
  if (month < 1 || month > 12) return "month out of range";
  if (day < 1 || static_cast<unsigned>(day) > DaysInMonth(year, month)) return "day out of range";
  p += 10;

  int hour = 0, minute = 0, second = 0;
  if (p < end && (*p == 'T' || *p == 't' || *p == ' ')) {
    ++p;
    if (!Digits(p, end, 2, &hour) || end - p < 5 || p[2] != ':' || !Digits(p + 3, end, 2, &minute)) {
      return "bad time of day (expected HH:MM[:SS])";
    }
    p += 5;
    if (p < end && *p == ':') {
      if (!Digits(p + 1, end, 2, &second)) return "bad seconds";
      p += 3;
      if (p < end && (*p == '.' || *p == ',')) {
        ++p;
        if (p == end || !IsDigit(*p)) return "bad fractional seconds";
        while (p < end && IsDigit(*p)) {
          if (*p != '0') return "fractional seconds are not on a whole-second slot";
          ++p;
        }
      }
    }
    if (hour == 24) {
      if (minute != 0 || second != 0) return "hour out of range";
    } else if (hour > 23) {
      return "hour out of range";
    }
    if (minute > 59) return "minute out of range";
    if (second > 59) return "second out of range (leap seconds are not representable)";
  }

  int64_t offset = 0;
  bool has_offset = false;
  if (p < end) {
    if (*p == 'Z' || *p == 'z') {
      has_offset = true;
      ++p;
    } else if (*p == '+' || *p == '-') {
      const int sign = *p == '-' ? -1 : 1;
      ++p;
      int oh = 0, om = 0;
      if (!Digits(p, end, 2, &oh)) return "bad UTC offset";
      p += 2;
      if (p < end && *p == ':') ++p;
      if (p < end) {
        if (!Digits(p, end, 2, &om)) return "bad UTC offset";
        p += 2;
      }
      if (oh > 18 || om > 59) return "UTC offset out of range";
      offset = sign * (oh * 3600 + om * 60);
      has_offset = true;
    }
  }
  if (p != end) return "unexpected characters after timestamp";

  out->seconds = DaysFromCivil(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60 +
                 second - offset;
  out->has_offset = has_offset;
  return nullptr;
}

absl::StatusOr<UnixSeconds> ParseInstant(std::string_view text, std::string_view default_zone) {
  ParsedTime t;
  if (const char* reason = ParseTimestamp(text, &t)) {
    return absl::InvalidArgumentError(fmt::format("'{}': {}", text, reason));
  }
  if (t.has_offset) return t.seconds;
  if (default_zone.empty()) return t.seconds;
  GL_ASSIGN_OR_RETURN(TimeZone zone, TimeZone::Load(default_zone));
  const LocalResolution r = zone.LocalToUtc(t.seconds);
  if (r.kind == LocalResolution::Kind::kNonexistent) {
    return absl::InvalidArgumentError(
        fmt::format("'{}' does not exist in {} (skipped by a DST change)", text, zone.name()));
  }
  return r.earliest;
}

void AppendIsoUtc(UnixSeconds t, std::string* out) {
  const int64_t days = FloorDiv(t, kSecondsPerDay);
  const int64_t sod = t - days * kSecondsPerDay;
  const CivilDay c = CivilFromDays(days);
  char buf[32];
  const int h = static_cast<int>(sod / 3600), m = static_cast<int>(sod / 60 % 60),
            s = static_cast<int>(sod % 60);
  if (c.year >= 0 && c.year <= 9999) {
    // Hand-formatted: this runs once per printed reading.
    const unsigned y = static_cast<unsigned>(c.year);
    buf[0] = static_cast<char>('0' + y / 1000);
    buf[1] = static_cast<char>('0' + y / 100 % 10);
    buf[2] = static_cast<char>('0' + y / 10 % 10);
    buf[3] = static_cast<char>('0' + y % 10);
    buf[4] = '-';
    buf[5] = static_cast<char>('0' + c.month / 10);
    buf[6] = static_cast<char>('0' + c.month % 10);
    buf[7] = '-';
    buf[8] = static_cast<char>('0' + c.day / 10);
    buf[9] = static_cast<char>('0' + c.day % 10);
    buf[10] = 'T';
    buf[11] = static_cast<char>('0' + h / 10);
    buf[12] = static_cast<char>('0' + h % 10);
    buf[13] = ':';
    buf[14] = static_cast<char>('0' + m / 10);
    buf[15] = static_cast<char>('0' + m % 10);
    buf[16] = ':';
    buf[17] = static_cast<char>('0' + s / 10);
    buf[18] = static_cast<char>('0' + s % 10);
    buf[19] = 'Z';
    out->append(buf, 20);
    return;
  }
  const int n = std::snprintf(buf, sizeof buf, "%lld-%02u-%02uT%02d:%02d:%02dZ",
                              static_cast<long long>(c.year), c.month, c.day, h, m, s);
  out->append(buf, n);
}

std::string FormatIsoUtc(UnixSeconds t) {
  std::string s;
  AppendIsoUtc(t, &s);
  return s;
}

namespace {

// Splits `15m` into 15 and "m".
bool SplitCount(std::string_view text, int64_t* count, std::string_view* unit) {
  size_t i = 0;
  int64_t n = 0;
  while (i < text.size() && IsDigit(text[i])) {
    n = n * 10 + (text[i] - '0');
    if (n > 1'000'000'000) return false;
    ++i;
  }
  if (i == 0 || n <= 0) return false;
  *count = n;
  *unit = text.substr(i);
  return true;
}

}  // namespace

absl::StatusOr<int64_t> ParseDurationSeconds(std::string_view text) {
  int64_t n;
  std::string_view unit;
  if (SplitCount(text, &n, &unit)) {
    if (unit == "s") return n;
    if (unit == "m" || unit == "min") return n * 60;
    if (unit == "h") return n * 3600;
    if (unit == "d") return n * kSecondsPerDay;
  }
  return absl::InvalidArgumentError(
      fmt::format("'{}' is not a duration (use e.g. 1s, 15m, 1h, 1d)", text));
}

std::string FormatDuration(int64_t seconds) {
  if (seconds % kSecondsPerDay == 0) return fmt::format("{}d", seconds / kSecondsPerDay);
  if (seconds % 3600 == 0) return fmt::format("{}h", seconds / 3600);
  if (seconds % 60 == 0) return fmt::format("{}m", seconds / 60);
  return fmt::format("{}s", seconds);
}

absl::StatusOr<Step> ParseStep(std::string_view text) {
  int64_t n;
  std::string_view unit;
  if (SplitCount(text, &n, &unit) && unit == "mo") {
    if (n > 1200) return absl::InvalidArgumentError(fmt::format("step '{}' is too long", text));
    return Step{0, static_cast<int>(n)};
  }
  auto seconds = ParseDurationSeconds(text);
  if (!seconds.ok()) {
    return absl::InvalidArgumentError(
        fmt::format("'{}' is not a step (use e.g. 15m, 1h, 1d, 1mo)", text));
  }
  return Step{*seconds, 0};
}

}  // namespace gridline
