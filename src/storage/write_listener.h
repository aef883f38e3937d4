// write_listener.h: how derived data (roll-ups) follows the store's writes in the same atomic,
// durable WriteBatch. The write leader reports, for every window of a series a write group (or a
// deletion) changes, each changed slot's state before and after; at the end of the group the
// listener adds what it derived to the batch. So derived data is never behind the readings it is
// derived from, in any snapshot, and a crash loses both or neither.
#ifndef GRIDLINE_STORAGE_WRITE_LISTENER_H_
#define GRIDLINE_STORAGE_WRITE_LISTENER_H_

#include <cstdint>
#include <span>

#include "absl/status/status.h"
#include "common/quality.h"
#include "storage/catalog.h"

namespace rocksdb {
class WriteBatch;
}  // namespace rocksdb

namespace gridline::storage {

// One slot's latest raw value before and after a write. A slot that had no value has
// had == false; a deleted slot has has == false.
struct SlotChange {
  int64_t slot = 0;
  bool had = false;
  bool has = false;
  Quality old_quality = Quality::kActual;
  Quality new_quality = Quality::kActual;
  int64_t old_value = 0;
  int64_t new_value = 0;
};

class WriteListener {
 public:
  virtual ~WriteListener() = default;
  // Whether changes of `series` (with `info`) matter; the leader reports only those.
  virtual bool Wants(SeriesId series, const SeriesInfo& info) const = 0;
  // Called by the write leader (one thread at a time) for the changed slots of one series.
  virtual void OnChanges(SeriesId series, const SeriesInfo& info,
                         std::span<const SlotChange> changes) = 0;
  // Adds what the group's changes imply to `batch`. A failure fails the group's write.
  virtual absl::Status OnGroupEnd(rocksdb::WriteBatch* batch) = 0;
  // The group failed before its batch was durable: forget what it reported.
  virtual void OnGroupAbort() = 0;
  // Store::CommitExclusive ended, its batch durable (`committed`) or not, writers still held
  // off: derived state staged during its fill can take effect (or be dropped) atomically.
  virtual void OnExclusiveDone(bool committed) = 0;
};

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_WRITE_LISTENER_H_
