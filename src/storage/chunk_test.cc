#include "storage/chunk.h"

#include <random>

#include "gtest/gtest.h"
#include "storage/codec/codec.h"

namespace gridline::storage {
namespace {

Chunk RandomChunk(std::mt19937_64& rng, size_t max_count, int batch_kinds) {
  Chunk c;
  const double density = std::uniform_real_distribution<double>(0.05, 1.0)(rng);
  for (int o = 0; o < kWindowSlots && c.size() < max_count; ++o) {
    if (std::uniform_real_distribution<double>(0, 1)(rng) > density) continue;
    const int64_t v = static_cast<int64_t>(rng() % 5000) - 100;
    const Quality q = static_cast<Quality>(rng() % 8 == 0 ? rng() % kQualityCount : 0);
    const uint32_t b = static_cast<uint32_t>(1000 + rng() % batch_kinds);
    c.Append(static_cast<uint16_t>(o), v, q, b);
  }
  if (c.empty()) c.Append(7, 1, Quality::kActual, 1);
  return c;
}

void ExpectSame(const Chunk& a, const Chunk& b) {
  EXPECT_EQ(a.offsets, b.offsets);
  EXPECT_EQ(a.values, b.values);
  EXPECT_EQ(a.qualities, b.qualities);
  EXPECT_EQ(a.batches, b.batches);
}

TEST(Chunk, RoundTripsRandomChunks) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < 300; ++i) {
    const Chunk c = RandomChunk(rng, 1 + rng() % kWindowSlots, 1 + i % 100);
    for (ValueEncoding e : {ValueEncoding::kBest, ValueEncoding::kFast}) {
      std::string bytes;
      EncodeChunk(c, e, &bytes);
      Chunk d;
      ASSERT_TRUE(DecodeChunk(bytes, &d).ok());
      ExpectSame(c, d);
      uint32_t count;
      int64_t sum;
      ASSERT_TRUE(SumChunk(bytes, &count, &sum).ok());
      int64_t expected = 0;
      for (int64_t v : c.values) expected += v;
      EXPECT_EQ(count, c.size());
      EXPECT_EQ(sum, expected);
    }
  }
}

TEST(Chunk, FullWindowCostsFewHeaderBytes) {
  Chunk c;
  for (int o = 0; o < kWindowSlots; ++o) c.Append(static_cast<uint16_t>(o), 100, Quality::kActual, 9);
  std::string bytes;
  EncodeChunk(c, ValueEncoding::kBest, &bytes);
  Chunk d;
  ASSERT_TRUE(DecodeChunk(bytes, &d).ok());
  ExpectSame(c, d);
  // Everything beside the values (version, count, first, gaps, one quality run, one batch,
  // checksum) costs about a dozen bytes for a whole window.
  std::string values;
  EncodeValues(c.values, &values);
  EXPECT_LE(bytes.size() - values.size(), 16u);
}

TEST(Chunk, SingleSlotAtWindowEnd) {
  Chunk c;
  c.Append(kWindowSlots - 1, INT64_MIN, Quality::kSuspect, UINT32_MAX);
  std::string bytes;
  EncodeChunk(c, ValueEncoding::kBest, &bytes);
  Chunk d;
  ASSERT_TRUE(DecodeChunk(bytes, &d).ok());
  ExpectSame(c, d);
}

TEST(Chunk, DetectsEveryFlippedByte) {
  std::mt19937_64 rng(3);
  const Chunk c = RandomChunk(rng, 500, 5);
  std::string bytes;
  EncodeChunk(c, ValueEncoding::kBest, &bytes);
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string bad = bytes;
    bad[i] ^= static_cast<char>(1 + rng() % 255);
    Chunk d;
    const absl::Status s = DecodeChunk(bad, &d);
    EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << "byte " << i;
    uint32_t count;
    int64_t sum;
    EXPECT_EQ(SumChunk(bad, &count, &sum).code(), absl::StatusCode::kDataLoss);
  }
}

TEST(Chunk, RejectsTruncationsAndGarbage) {
  std::mt19937_64 rng(5);
  const Chunk c = RandomChunk(rng, 300, 3);
  std::string bytes;
  EncodeChunk(c, ValueEncoding::kBest, &bytes);
  for (size_t len = 0; len < bytes.size(); ++len) {
    Chunk d;
    EXPECT_FALSE(DecodeChunk(std::string_view(bytes.data(), len), &d).ok());
  }
  for (int i = 0; i < 2000; ++i) {
    std::string junk(rng() % 64, '\0');
    for (char& ch : junk) ch = static_cast<char>(rng());
    Chunk d;
    EXPECT_FALSE(DecodeChunk(junk, &d).ok());
  }
}

TEST(Chunk, MergeKeepsNewestLayerPerSlot) {
  Chunk base, late, fix;
  base.Append(0, 10, Quality::kActual, 1);
  base.Append(1, 11, Quality::kActual, 1);
  base.Append(5, 15, Quality::kActual, 1);
  late.Append(3, 13, Quality::kEstimated, 2);  // fills a gap
  fix.Append(1, 99, Quality::kActual, 3);      // new version of slot 1
  const Chunk* layers[] = {&base, &late, &fix};
  Chunk out;
  MergeChunks(layers, &out);
  EXPECT_EQ(out.offsets, (std::vector<uint16_t>{0, 1, 3, 5}));
  EXPECT_EQ(out.values, (std::vector<int64_t>{10, 99, 13, 15}));
  EXPECT_EQ(out.batches, (std::vector<uint32_t>{1, 3, 2, 1}));
  EXPECT_EQ(out.qualities[2], Quality::kEstimated);
}

}  // namespace
}  // namespace gridline::storage
