// damage_listener.h: keeps one damaged table from stopping every write.
//
// RocksDB treats a Corruption met by a background compaction as unrecoverable (with
// paranoid_checks): the database turns read-only, so bytes flipped in one table file would fail
// every later write to any meter. A compaction only rewrites data that is already durable, so
// nothing is lost by not doing it: this listener turns that error into "no error", keeps its
// message for `Store::damage()` (which commands print, pointing at `gridline check`), and lets
// writes go on. Reads of the damaged ranges still fail with DataLoss; `gridline repair` sets them
// aside (store_repair.cc). Every other background error keeps RocksDB's handling.
#ifndef GRIDLINE_STORAGE_DAMAGE_LISTENER_H_
#define GRIDLINE_STORAGE_DAMAGE_LISTENER_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/listener.h"

namespace gridline::storage {

class DamageListener : public rocksdb::EventListener {
 public:
  // Called by RocksDB's background threads before it sets a background error.
  void OnBackgroundError(rocksdb::BackgroundErrorReason reason, rocksdb::Status* error) override;

  // Records damage found by the store itself (a manual compaction that met it).
  void Record(const std::string& message);

  // The first damage met since open, or empty.
  std::string damage() const;

 private:
  mutable absl::Mutex mu_;
  std::string damage_ ABSL_GUARDED_BY(mu_);
};

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_DAMAGE_LISTENER_H_
