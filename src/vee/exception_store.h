// exception_store.h: VEE exceptions as the store keeps them (docs/vee.md "Exceptions"). One
// record per (series, rule, range of slots) in the `meta` column family, so a VEE run that finds
// the same failure again updates its record instead of adding one, and a record commits in the
// same atomic WriteBatch as the validated values it goes with (engine/validated_layer.h):
//   "vx" series u32 | first_slot_s i64 | rule u8 | end_slot_s i64   -> ExceptionRecord
// (i64 as big-endian with the sign bit flipped, so keys sort by time within a series). The
// exception's id in the API and the CLI is the hex of the key after the prefix.
#ifndef GRIDLINE_VEE_EXCEPTION_STORE_H_
#define GRIDLINE_VEE_EXCEPTION_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "storage/catalog.h"
#include "storage/store.h"
#include "vee/vee_types.h"

namespace gridline::vee {

inline constexpr std::string_view kExceptionPrefix = "vx";
// Bounds that keep a hostile request from bloating a record.
inline constexpr size_t kMaxExceptionTextBytes = 1024;

struct ExceptionRecord {
  storage::SeriesId series = 0;
  VeeException exception;
  int64_t created_at_us = 0;
  int64_t updated_at_us = 0;
  std::string created_by;  // `vee`, or the user who opened it
  std::string updated_by;  // who changed its status last
  std::string note;        // why the status last changed (an accept's reason)
};

std::string ExceptionKey(storage::SeriesId series, const VeeException& e);
// The id of the exception with `key`, and back; nullopt for text that is no id.
std::string ExceptionIdOf(std::string_view key);
std::optional<std::string> ExceptionKeyOfId(std::string_view id);

std::string EncodeExceptionRecord(const ExceptionRecord& r);
// DataLoss on a malformed record.
absl::Status DecodeExceptionRecord(std::string_view bytes, ExceptionRecord* r);

struct ExceptionFilter {
  std::optional<storage::SeriesId> series;  // one meter's channel
  std::optional<std::string> meter;         // any channel of one meter
  std::optional<VeeRule> rule;
  std::optional<ExceptionStatus> status;
  // Exceptions whose slots overlap [from_s, to_s).
  UnixSeconds from_s = INT64_MIN;
  UnixSeconds to_s = INT64_MAX;
  bool Matches(const ExceptionRecord& r) const;
};

// Calls visit(id, record) for every exception matching `filter` in key order (series, then
// time), starting after the exception `after_id` when it is not empty; visit returns false to
// stop. DataLoss on a corrupt record.
absl::Status ListExceptions(
    const storage::ReadView& view, const ExceptionFilter& filter, std::string_view after_id,
    const std::function<bool(std::string_view id, const ExceptionRecord&)>& visit);

}  // namespace gridline::vee

#endif  // GRIDLINE_VEE_EXCEPTION_STORE_H_
