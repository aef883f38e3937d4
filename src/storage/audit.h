// audit.h: the audit trail of changes to stored values. Every raw value that a newer one
// replaces, and every deletion, leaves a record in the `audit` column family, keyed by a
// sequence number in arrival order. (VEE's edits will add their own kinds.)
#ifndef GRIDLINE_STORAGE_AUDIT_H_
#define GRIDLINE_STORAGE_AUDIT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "common/quality.h"
#include "storage/catalog.h"

namespace gridline::storage {

// Stored on disk: never renumber.
enum class AuditKind : uint8_t {
  kNewVersion = 1,   // a slot's raw value replaced by a different one
  kDeleteRange = 2,  // the values of [slot, slot_end) of a series deleted
};

struct AuditRecord {
  AuditKind kind = AuditKind::kNewVersion;
  int64_t at_us = 0;  // when the change was made, Unix microseconds
  SeriesId series = 0;
  int64_t slot = 0;
  int64_t slot_end = 0;   // kDeleteRange: end of the range (exclusive)
  int64_t old_value = 0;  // kNewVersion
  int64_t new_value = 0;  // kNewVersion
  BatchId old_batch = 0;
  BatchId new_batch = 0;  // kNewVersion: the batch that brought the new value
  uint64_t count = 0;     // kDeleteRange: values deleted
};

std::string EncodeAuditRecord(const AuditRecord& r);
absl::Status DecodeAuditRecord(std::string_view bytes, AuditRecord* r);

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_AUDIT_H_
