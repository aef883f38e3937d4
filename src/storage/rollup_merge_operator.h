// rollup_merge_operator.h: adds roll-up operands (storage/rollup_block.h) cell by cell. Sums are
// associative, so operands are also combined among themselves (partial merge) at flush and
// compaction: a roll-up block written every few seconds by a live feed does not pile up operands
// that every read would have to add again. A malformed operand makes the merge fail, which RocksDB
// reports as corruption: it is never served.
#ifndef GRIDLINE_STORAGE_ROLLUP_MERGE_OPERATOR_H_
#define GRIDLINE_STORAGE_ROLLUP_MERGE_OPERATOR_H_

#include <memory>

#include "rocksdb/merge_operator.h"

namespace gridline::storage {

std::shared_ptr<rocksdb::MergeOperator> NewRollupMergeOperator();

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_ROLLUP_MERGE_OPERATOR_H_
