// timestamp_reader.h: reads the time fields of CSV rows: long-layout timestamps and wide-layout
// dates. Import files hold millions of rows whose timestamps share a date, so the reader keeps
// the last date it converted and handles the canonical `YYYY-MM-DDTHH:MM:SSZ` (and the naive
// `YYYY-MM-DD HH:MM:SS`) with a few compares; everything else goes to ParseTimestamp, which
// defines what is accepted. One reader per thread (it caches).
#ifndef GRIDLINE_INGEST_CSV_TIMESTAMP_READER_H_
#define GRIDLINE_INGEST_CSV_TIMESTAMP_READER_H_

#include <cstdint>
#include <cstring>
#include <string_view>

#include "common/time.h"

namespace gridline::ingest {

class TimestampReader {
 public:
  // Same contract as ParseTimestamp (common/time.h): nullptr on success, else a static reason.
  const char* Read(std::string_view text, ParsedTime* out) {
    const char* p = text.data();
    if (text.size() == 20 && p[19] == 'Z' && p[10] == 'T') {
      if (FastRead(p, out)) {
        out->has_offset = true;
        return nullptr;
      }
    } else if (text.size() == 19 && (p[10] == 'T' || p[10] == ' ')) {
      if (FastRead(p, out)) {
        out->has_offset = false;
        return nullptr;
      }
    }
    return ParseTimestamp(text, out);
  }

 private:
  // `YYYY-MM-DD?HH:MM:SS` at p. Returns false for anything unusual (the slow path then decides
  // between a valid rarity such as `24:00:00` and an error with its reason).
  bool FastRead(const char* p, ParsedTime* out) {
    uint64_t k8;
    uint16_t k2;
    std::memcpy(&k8, p, 8);
    std::memcpy(&k2, p + 8, 2);
    if (k8 != date_k8_ || k2 != date_k2_ || !have_date_) {
      int64_t days;
      if (!ReadIsoDate(p, &days)) return false;
      have_date_ = true;
      date_k8_ = k8;
      date_k2_ = k2;
      day_s_ = days * kSecondsPerDay;
    }
    const unsigned h1 = static_cast<unsigned char>(p[11]) - '0';
    const unsigned h2 = static_cast<unsigned char>(p[12]) - '0';
    const unsigned m1 = static_cast<unsigned char>(p[14]) - '0';
    const unsigned m2 = static_cast<unsigned char>(p[15]) - '0';
    const unsigned s1 = static_cast<unsigned char>(p[17]) - '0';
    const unsigned s2 = static_cast<unsigned char>(p[18]) - '0';
    if ((h1 > 9) | (h2 > 9) | (m1 > 9) | (m2 > 9) | (s1 > 9) | (s2 > 9) | (p[13] != ':') |
        (p[16] != ':')) {
      return false;
    }
    const unsigned h = h1 * 10 + h2, m = m1 * 10 + m2, s = s1 * 10 + s2;
    if ((h > 23) | (m > 59) | (s > 59)) return false;
    out->seconds = day_s_ + static_cast<int64_t>(h * 3600 + m * 60 + s);
    return true;
  }

  // A valid `YYYY-MM-DD` at p, as days since 1970-01-01.
  static bool ReadIsoDate(const char* p, int64_t* days);

  // The last date converted: its 10 bytes and its first second.
  bool have_date_ = false;
  uint64_t date_k8_ = 0;
  uint16_t date_k2_ = 0;
  int64_t day_s_ = 0;
};

// Reads a wide-layout date, `YYYY-MM-DD` or `YYYYMMDD`, as days since 1970-01-01. Returns nullptr
// or a static reason.
const char* ParseCsvDate(std::string_view text, int64_t* days);

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_CSV_TIMESTAMP_READER_H_
