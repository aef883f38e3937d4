// importer_concurrency_test.cc: the import pipeline in-process, its threads all at work: several
// parser threads (ParsePool), the commit thread (CommitWriter) and the store's group commit.
// Labelled concurrency, so `make check-tsan` runs it under ThreadSanitizer.
#include <limits>
#include <string>

#include "fmt/format.h"
#include "gtest/gtest.h"
#include "ingest/importer.h"
#include "storage/store.h"
#include "test/test_util.h"

namespace gridline::ingest {
namespace {

TEST(ImporterConcurrency, ParallelParsingAndPipelinedCommitsStoreEveryReading) {
  gridline::testing::TempDir dir;
  storage::StoreOptions o;
  o.path = dir.path();
  auto store = storage::Store::Open(o);
  ASSERT_TRUE(store.ok()) << store.status();

  // Past three 4 MiB blocks (LineBlockReader::kBlockBytes), so that every parser thread gets
  // work, and many commits of 20,000 readings each.
  constexpr int kMeters = 500, kDays = 9;
  std::string csv = "meter_id,timestamp,kwh\n";
  uint64_t rows = 0;
  for (int m = 0; m < kMeters; ++m) {
    for (int q = 0; q < kDays * 96; ++q) {
      csv += fmt::format("M{},2026-07-{:02}T{:02}:{:02}:00Z,{}.{:03}\n", m, 1 + q / 96, q % 96 / 4,
                         q % 4 * 15, m % 7, q % 1000);
      ++rows;
    }
  }
  ASSERT_GT(csv.size(), size_t{12} << 20);

  ImportOptions options;
  options.parse_threads = 3;
  options.commit_readings = 20000;
  Importer importer(store->get(), options);
  absl::StatusOr<FileReport> report = importer.ImportCsvText("meters.csv", csv);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->rejected, 0u);
  EXPECT_EQ(report->readings, rows);
  EXPECT_EQ(report->added, rows);

  uint64_t count = 0;
  int64_t sum = 0;
  ASSERT_TRUE((*store)
                  ->NewReadView()
                  ->SumAll(1, std::numeric_limits<storage::SeriesId>::max(), &count, &sum)
                  .ok());
  EXPECT_EQ(count, rows);
}

}  // namespace
}  // namespace gridline::ingest
