// readable_scan.h: reading every record of a column family that can still be read, past damaged
// blocks. Used by Store::Check and Store::Repair (store_check.h).
//
// A RocksDB iterator that meets a block whose checksum fails stops for good. The scan then looks
// for the smallest key from which a fresh iterator reads again: a binary search over the key
// space (keys as big-endian numbers, padded to one length), at most 8 probes per key byte. The
// keys in between are reported as lost; the scan goes on from there. The bound on work: each
// damaged region costs one search, and the scan moves forward after each.
#ifndef GRIDLINE_STORAGE_READABLE_SCAN_H_
#define GRIDLINE_STORAGE_READABLE_SCAN_H_

#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace gridline::storage {

struct ScanCallbacks {
  // Every readable record, in key order.
  std::function<void(std::string_view key, std::string_view value)> record;
  // Keys [begin, end) that could not be read (end empty: to the end of the column family).
  std::function<void(const std::string& begin, const std::string& end, const std::string& error)>
      lost;
};

// Scans `cf` of `db` from its first key to its last. Returns an error only for failures that are
// not damage (the scan could not run).
absl::Status ScanReadable(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
                          const ScanCallbacks& callbacks);

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_READABLE_SCAN_H_
