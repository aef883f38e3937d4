#include "common/time_zone.h"

#include <chrono>
#include <exception>

#include "common/time.h"
#include "date/tz.h"
#include "fmt/format.h"

namespace gridline {

absl::StatusOr<TimeZone> TimeZone::Load(std::string_view name) {
  TimeZone tz;
  if (name.empty() || name == "UTC" || name == "Z" || name == "Etc/UTC") return tz;
  // The longest IANA name is 32 bytes; a longer one is not echoed back whole.
  constexpr size_t kMaxZoneNameBytes = 64;
  if (name.size() > kMaxZoneNameBytes) {
    return absl::InvalidArgumentError(
        fmt::format("unknown time zone ({} bytes, longer than any IANA name such as "
                    "America/New_York)",
                    name.size()));
  }
  try {
    tz.zone_ = date::locate_zone(std::string(name));
  } catch (const std::exception& e) {
    return absl::InvalidArgumentError(
        fmt::format("unknown time zone '{}' (use an IANA name such as America/New_York)", name));
  }
  tz.name_ = std::string(name);
  return tz;
}

int64_t TimeZone::UtcToLocal(int64_t utc) const {
  if (zone_ == nullptr) return utc;
  if (utc >= cache_begin_ && utc < cache_end_) return utc + cache_offset_;
  const date::sys_info info = zone_->get_info(date::sys_seconds{std::chrono::seconds{utc}});
  cache_begin_ = info.begin.time_since_epoch().count();
  cache_end_ = info.end.time_since_epoch().count();
  cache_offset_ = info.offset.count();
  return utc + cache_offset_;
}

LocalResolution TimeZone::LocalToUtc(int64_t local) const {
  LocalResolution r;
  if (zone_ == nullptr) {
    r.earliest = r.latest = local;
    return r;
  }
  if (local >= local_begin_ && local < local_end_) {
    r.earliest = r.latest = local - local_offset_;
    return r;
  }
  const date::local_info info = zone_->get_info(date::local_seconds{std::chrono::seconds{local}});
  switch (info.result) {
    case date::local_info::unique: {
      r.earliest = r.latest = local - info.first.offset.count();
      // Cache the part of this period that is a day away from either transition: no other period
      // can map a local time there (offsets differ by less than a day).
      const int64_t off = info.first.offset.count();
      const int64_t begin = info.first.begin.time_since_epoch().count();
      const int64_t end = info.first.end.time_since_epoch().count();
      local_begin_ = begin + off + kSecondsPerDay;
      local_end_ = end + off - kSecondsPerDay;
      local_offset_ = off;
      break;
    }
    case date::local_info::ambiguous:
      r.kind = LocalResolution::Kind::kAmbiguous;
      r.earliest = local - info.first.offset.count();
      r.latest = local - info.second.offset.count();
      break;
    default:
      r.kind = LocalResolution::Kind::kNonexistent;
      // The first instant after the gap: where the later period begins.
      r.earliest = r.latest = info.second.begin.time_since_epoch().count();
      break;
  }
  return r;
}

int64_t TimeZone::LocalMidnightUtc(int64_t days) const {
  const LocalResolution r = LocalToUtc(days * kSecondsPerDay);
  return r.earliest;
}

int64_t TimeZone::StartOfLocalDay(int64_t utc) const {
  return LocalMidnightUtc(FloorDiv(UtcToLocal(utc), kSecondsPerDay));
}

int64_t TimeZone::StartOfNextLocalDay(int64_t utc) const {
  return LocalMidnightUtc(FloorDiv(UtcToLocal(utc), kSecondsPerDay) + 1);
}

int64_t TimeZone::StartOfLocalMonth(int64_t utc, int months) const {
  const CivilDay c = CivilFromDays(FloorDiv(UtcToLocal(utc), kSecondsPerDay));
  int64_t month_index = c.year * 12 + (c.month - 1) + months;
  const int64_t year = FloorDiv(month_index, 12);
  const unsigned month = static_cast<unsigned>(month_index - year * 12) + 1;
  return LocalMidnightUtc(DaysFromCivil(year, month, 1));
}

}  // namespace gridline
