// Regression for two bugs libFuzzer found in the chunk header parser (test/fuzz): a presence run
// or gap length near 2^64 wrapped the bounds check and wrote past the offsets array, and a batch
// id delta near INT64_MAX overflowed a signed sum. The checksum normally stops such bytes first;
// these chunks carry a valid checksum so that the parser's own checks are what is tested.
#include <string>

#include "common/varint.h"
#include "gtest/gtest.h"
#include "storage/chunk.h"

namespace gridline::storage {
namespace {

std::string WithChecksum(std::string body) {
  const uint32_t sum = ChunkChecksum(body);
  PutFixed32(&body, sum);
  return body;
}

std::string Header(uint64_t count, uint64_t first) {
  std::string b(1, '\x01');  // format version
  PutVarint64(&b, count);
  PutVarint64(&b, first);
  return b;
}

TEST(ChunkHeaderOverflow, HugePresenceRunIsDataLossNotAWrite) {
  std::string b = Header(10, 0);
  PutVarint64(&b, 2);                        // two gaps
  PutVarint64(&b, 3);                        // present run: filled = 3, offset = 3
  PutVarint64(&b, 1);                        // gap: offset = 4
  PutVarint64(&b, UINT64_MAX - 1);           // present run: 3 + len wraps to 1 (<= count)
  PutVarint64(&b, 1);                        // gap
  Chunk c;
  EXPECT_EQ(DecodeChunk(WithChecksum(b), &c).code(), absl::StatusCode::kDataLoss);
}

TEST(ChunkHeaderOverflow, HugeGapIsDataLoss) {
  std::string b = Header(10, 0);
  PutVarint64(&b, 1);
  PutVarint64(&b, 2);                        // present run
  PutVarint64(&b, UINT64_MAX - 5);           // gap that wraps the offset
  Chunk c;
  EXPECT_EQ(DecodeChunk(WithChecksum(b), &c).code(), absl::StatusCode::kDataLoss);
}

TEST(ChunkHeaderOverflow, BatchDeltaNearInt64MaxIsDataLoss) {
  std::string b = Header(2, 0);
  PutVarint64(&b, 0);                        // no gaps
  PutVarint64(&b, 1);                        // one quality run
  b.push_back('\0');
  PutVarint64(&b, 2);                        // two batches
  PutVarint64(&b, ZigZagEncode(6));
  PutVarint64(&b, ZigZagEncode(INT64_MAX));  // 6 + INT64_MAX overflows
  Chunk c;
  EXPECT_EQ(DecodeChunk(WithChecksum(b), &c).code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace gridline::storage
