// rocks_status.h: RocksDB's Status mapped onto absl::Status codes, with context.
#ifndef GRIDLINE_STORAGE_ROCKS_STATUS_H_
#define GRIDLINE_STORAGE_ROCKS_STATUS_H_

#include <string_view>

#include "absl/status/status.h"
#include "rocksdb/status.h"

namespace gridline::storage {

// Corruption -> DataLoss, a held lock -> FailedPrecondition, I/O errors -> Unavailable, etc.
absl::Status FromRocks(const rocksdb::Status& s, std::string_view context);

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_ROCKS_STATUS_H_
