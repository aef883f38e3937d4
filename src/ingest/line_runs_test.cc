#include "ingest/line_runs.h"

#include <random>

#include "gtest/gtest.h"

namespace gridline::ingest {
namespace {

// Against a plain vector of lines: long files (step 1), wide rows (step 0 then 1), interleaved
// meters (step k), late learning reads, random lines.
TEST(LineRuns, LineOfEqualsAPlainList) {
  std::mt19937_64 rng(11);
  std::vector<uint64_t> lines;
  uint64_t line = 2;
  for (int i = 0; i < 2000; ++i) lines.push_back(line++);  // long, in order
  for (int row = 0; row < 50; ++row) {                     // wide rows of 96 cells
    for (int c = 0; c < 96; ++c) lines.push_back(line);
    ++line;
  }
  for (int i = 0; i < 500; ++i) lines.push_back(line += 7);       // one meter of seven
  for (int i = 0; i < 64; ++i) lines.push_back(100 + 3 * i);      // a learning series, late
  for (int i = 0; i < 300; ++i) lines.push_back(rng() % 100000);  // anything
  LineRuns runs;
  for (uint64_t l : lines) runs.Append(l);
  ASSERT_EQ(runs.size(), lines.size());
  for (size_t i = 0; i < lines.size(); ++i) ASSERT_EQ(runs.LineOf(i), lines[i]) << i;
  // Ordered input costs a few runs, not one per reading.
  LineRuns ordered;
  for (uint64_t l = 2; l < 1000002; ++l) ordered.Append(l);
  EXPECT_EQ(ordered.runs(), 1u);
}

}  // namespace
}  // namespace gridline::ingest
