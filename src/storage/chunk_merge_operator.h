// chunk_merge_operator.h: folds chunk merge operands into chunks. A write that adds or changes
// slots of a window stores only those slots as a merge operand; reads and compactions fold the
// operands over the base chunk, newest last (storage/chunk.h MergeChunks). A compaction's output
// is re-encoded with the best codec, so a window written a day at a time ends up as compact as one
// written at once. Operands are not combined among themselves (no partial merge): a flush writes
// them as they are and the compaction that meets the base folds them all at once, so each value
// is decoded and encoded once. A malformed operand makes the merge fail, which RocksDB reports as
// corruption: it is never served.
#ifndef GRIDLINE_STORAGE_CHUNK_MERGE_OPERATOR_H_
#define GRIDLINE_STORAGE_CHUNK_MERGE_OPERATOR_H_

#include <memory>

#include "rocksdb/merge_operator.h"

namespace gridline::storage {

std::shared_ptr<rocksdb::MergeOperator> NewChunkMergeOperator();

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_CHUNK_MERGE_OPERATOR_H_
