#include "storage/catalog.h"

#include "gtest/gtest.h"
#include "rocksdb/write_batch.h"
#include "storage/batch_errors.h"

namespace gridline::storage {
namespace {

// A record the batch refuses (past its size limit) is kept, not dropped: the caller sees it
// before the batch is written, and the records stay pending for the next write.
TEST(Catalog, TakePendingKeepsARefusedPut) {
  Catalog catalog;
  for (int i = 0; i < 10; ++i)
    catalog.FindOrAddAsset("meter-" + std::to_string(i), AssetKind::kMeter);
  rocksdb::WriteBatch small(/*reserved_bytes=*/0, /*max_bytes=*/64);
  BatchErrors errors;
  const size_t taken = catalog.TakePending(&small, nullptr, &errors);
  EXPECT_EQ(taken, 10u);
  EXPECT_FALSE(errors.ok());
  EXPECT_FALSE(errors.Check("test").ok());

  // A batch with room takes them all without error.
  rocksdb::WriteBatch big;
  BatchErrors none;
  EXPECT_EQ(catalog.TakePending(&big, nullptr, &none), 10u);
  EXPECT_TRUE(none.ok());
  EXPECT_EQ(big.Count(), 10u);
}

}  // namespace
}  // namespace gridline::storage
