#include "storage/damage_listener.h"

namespace gridline::storage {

void DamageListener::OnBackgroundError(rocksdb::BackgroundErrorReason reason,
                                       rocksdb::Status* error) {
  if (reason != rocksdb::BackgroundErrorReason::kCompaction || !error->IsCorruption()) return;
  Record("compaction: " + error->ToString());
  *error = rocksdb::Status::OK();
}

void DamageListener::Record(const std::string& message) {
  absl::MutexLock l(&mu_);
  if (damage_.empty()) damage_ = message;
}

std::string DamageListener::damage() const {
  absl::MutexLock l(&mu_);
  return damage_;
}

}  // namespace gridline::storage
