// time_zone.h: IANA time zones (Howard Hinnant's date/tz over the OS tzdata) for local
// timestamps, local day and month boundaries, and DST days (92 or 100 quarter-hours).
//
// A TimeZone caches the offset period it last used, so converting a run of nearby instants costs a
// comparison, not a tzdb search. The cache makes it unsafe to share one object between threads:
// copy it per thread (copies are cheap; the zone data itself is shared and immutable).
#ifndef GRIDLINE_COMMON_TIME_ZONE_H_
#define GRIDLINE_COMMON_TIME_ZONE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace date {
class time_zone;
}

namespace gridline {

// What a local wall-clock time maps to. kAmbiguous happens in the hour repeated when DST ends
// (earliest is the first pass, in daylight time; latest the second); kNonexistent in the hour
// skipped when DST starts.
struct LocalResolution {
  enum class Kind : uint8_t { kUnique, kAmbiguous, kNonexistent };
  Kind kind = Kind::kUnique;
  int64_t earliest = 0;
  int64_t latest = 0;
};

class TimeZone {
 public:
  // UTC.
  TimeZone() = default;

  // Loads an IANA zone such as "America/Los_Angeles"; "UTC", "Z" and "" mean UTC.
  // InvalidArgument for an unknown zone (a name over 64 bytes is not echoed).
  // Fails with InvalidArgument for an unknown zone.
  static absl::StatusOr<TimeZone> Load(std::string_view name);

  const std::string& name() const { return name_; }
  bool is_utc() const { return zone_ == nullptr; }

  // Local wall-clock seconds at UTC instant `utc`.
  int64_t UtcToLocal(int64_t utc) const;

  // The UTC instant(s) of local wall-clock seconds `local`.
  LocalResolution LocalToUtc(int64_t local) const;

  // UTC instant of the local midnight that starts the local day containing `utc`, and of the next
  // local midnight. Days with a DST change are 23 or 25 hours long. Midnight itself never falls
  // in a DST gap in the zones gridline serves; where it would, the day starts at the first
  // instant after the gap.
  int64_t StartOfLocalDay(int64_t utc) const;
  int64_t StartOfNextLocalDay(int64_t utc) const;

  // UTC instant of local midnight on the first of the month containing `utc`, plus `months`.
  int64_t StartOfLocalMonth(int64_t utc, int months = 0) const;

  // UTC instant of local midnight starting the civil day `days` (days since 1970-01-01).
  int64_t LocalMidnightUtc(int64_t days) const;

 private:
  const date::time_zone* zone_ = nullptr;
  std::string name_ = "UTC";
  // Offset period cache for UtcToLocal: [begin, end) in UTC seconds with `offset`.
  mutable int64_t cache_begin_ = 0;
  mutable int64_t cache_end_ = 0;
  mutable int64_t cache_offset_ = 0;
  // Local range known to map uniquely with `local_offset_`.
  mutable int64_t local_begin_ = 0;
  mutable int64_t local_end_ = 0;
  mutable int64_t local_offset_ = 0;
};

}  // namespace gridline

#endif  // GRIDLINE_COMMON_TIME_ZONE_H_
