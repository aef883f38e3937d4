#include "ingest/csv/timestamp_reader.h"

namespace gridline::ingest {

namespace {

// Reads n digits; false if any is not a digit.
bool Digits(const char* p, int n, unsigned* out) {
  unsigned v = 0;
  for (int i = 0; i < n; ++i) {
    const unsigned d = static_cast<unsigned char>(p[i]) - '0';
    if (d > 9) return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

const char* CheckedDays(unsigned y, unsigned m, unsigned d, int64_t* days) {
  if (m < 1 || m > 12) return "month out of range";
  if (d < 1 || d > DaysInMonth(y, m)) return "day out of range";
  *days = DaysFromCivil(y, m, d);
  return nullptr;
}

}  // namespace

bool TimestampReader::ReadIsoDate(const char* p, int64_t* days) {
  unsigned y, m, d;
  if (!Digits(p, 4, &y) || p[4] != '-' || !Digits(p + 5, 2, &m) || p[7] != '-' ||
      !Digits(p + 8, 2, &d)) {
    return false;
  }
  return CheckedDays(y, m, d, days) == nullptr;
}

const char* ParseCsvDate(std::string_view text, int64_t* days) {
  const char* p = text.data();
  unsigned y, m, d;
  if (text.size() == 10 && Digits(p, 4, &y) && p[4] == '-' && Digits(p + 5, 2, &m) && p[7] == '-' &&
      Digits(p + 8, 2, &d)) {
    return CheckedDays(y, m, d, days);
  }
  if (text.size() == 8 && Digits(p, 4, &y) && Digits(p + 4, 2, &m) && Digits(p + 6, 2, &d)) {
    return CheckedDays(y, m, d, days);
  }
  if (text.empty()) return "empty date";
  return "not a date (expected YYYY-MM-DD or YYYYMMDD)";
}

}  // namespace gridline::ingest
