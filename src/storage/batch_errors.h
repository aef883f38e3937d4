// batch_errors.h: keeping the results of rocksdb::WriteBatch's Put, Merge and Delete. They return
// a rocksdb::Status, which is not [[nodiscard]] and is not OK only past the batch's size limit;
// BatchErrors keeps the first failure, and the code that built the batch checks it before the
// batch is written, so none is dropped.
#ifndef GRIDLINE_STORAGE_BATCH_ERRORS_H_
#define GRIDLINE_STORAGE_BATCH_ERRORS_H_

#include <string_view>

#include "absl/status/status.h"
#include "rocksdb/status.h"
#include "storage/rocks_status.h"

namespace gridline::storage {

class BatchErrors {
 public:
  void Keep(const rocksdb::Status& s) {
    if (first_.ok() && !s.ok()) first_ = s;
  }
  bool ok() const { return first_.ok(); }
  // OK, or the first failure kept, saying `what` was being built.
  absl::Status Check(std::string_view what) const {
    return first_.ok() ? absl::OkStatus() : FromRocks(first_, what);
  }

 private:
  rocksdb::Status first_;
};

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_BATCH_ERRORS_H_
