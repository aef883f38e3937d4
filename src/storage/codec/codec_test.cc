// codec_test.cc: round-trip, differential (SumValues vs a plain loop), choice and robustness
// tests for every codec of codec.h. Deterministic: every generator has a fixed seed.
#include "storage/codec/codec.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace gridline::storage {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

const size_t kLengths[] = {1, 2, 3, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1000, 4095, 4096};

struct Series {
  std::string name;
  std::vector<int64_t> values;
};

// Uniform values in [-2^(bits-1), 2^(bits-1)), or over all int64 for bits == 64.
std::vector<int64_t> RandomWidth(std::mt19937_64& rng, size_t n, int bits) {
  std::vector<int64_t> v(n);
  for (auto& x : v) {
    uint64_t r = rng();
    x = bits >= 64
            ? static_cast<int64_t>(r)
            : static_cast<int64_t>(r & ((uint64_t{1} << bits) - 1)) - (int64_t{1} << (bits - 1));
  }
  return v;
}

// Every kind of series the tests cover, at length n.
std::vector<Series> MakeSeries(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<Series> all;
  for (int bits : {1, 3, 8, 17, 33, 63, 64}) {
    all.push_back({"random" + std::to_string(bits), RandomWidth(rng, n, bits)});
  }
  all.push_back({"constant", std::vector<int64_t>(n, 240123)});
  all.push_back({"constant_min", std::vector<int64_t>(n, kMin)});
  {
    std::vector<int64_t> v(n);
    int64_t x = 123456789;
    for (auto& y : v) y = x += 250 + static_cast<int64_t>(rng() % 7);
    all.push_back({"monotone_register", v});
  }
  {
    std::vector<int64_t> v(n);
    for (auto& y : v) y = -static_cast<int64_t>(rng() % 100000) - 500;
    all.push_back({"negative_prices", v});
  }
  {
    std::vector<int64_t> v(n);
    for (size_t i = 0; i < n; ++i) v[i] = i % 2 ? kMin : kMax;
    all.push_back({"alternating_extremes", v});
  }
  {
    const int64_t pool[] = {kMin, kMax, 0, -1, 1, kMin + 1, kMax - 1};
    std::vector<int64_t> v(n);
    for (auto& y : v) y = pool[rng() % 7];
    all.push_back({"mixed_extremes", v});
  }
  {
    std::vector<int64_t> v(n, 0);
    for (auto& y : v) {
      if (rng() % 10 == 0) y = 100 + static_cast<int64_t>(rng() % 200);
    }
    all.push_back({"sparse", v});
  }
  {
    std::vector<int64_t> v(n, 0);
    for (size_t i = n / 3; i < 2 * n / 3; ++i) v[i] = 1000 + static_cast<int64_t>(rng() % 50);
    all.push_back({"long_zero_runs", v});
  }
  {
    std::vector<int64_t> v(n);
    int64_t level = 300;
    for (size_t i = 0; i < n; ++i) {
      if (rng() % 40 == 0) level = 50 + static_cast<int64_t>(rng() % 3000);  // appliance step
      v[i] = level + static_cast<int64_t>(rng() % 41) - 20;
      if (rng() % 200 == 0) v[i] += 7000;  // spike
    }
    all.push_back({"residential", v});
  }
  {
    std::vector<int64_t> v(n);
    int64_t x = 5;
    for (auto& y : v) {
      if (rng() % 50 == 0) x = static_cast<int64_t>(rng() % 4);
      y = x;
    }
    all.push_back({"runs", v});
  }
  return all;
}

std::vector<int64_t> Named(size_t n, uint64_t seed, const std::string& name) {
  for (Series& s : MakeSeries(n, seed)) {
    if (s.name == name) return s.values;
  }
  ADD_FAILURE() << "no series " << name;
  return {};
}

size_t Runs(const std::vector<int64_t>& v) {
  size_t runs = 1;
  for (size_t i = 1; i < v.size(); ++i) runs += v[i] != v[i - 1];
  return runs;
}

bool IsConstant(const std::vector<int64_t>& v) {
  return std::all_of(v.begin(), v.end(), [&](int64_t x) { return x == v[0]; });
}

int64_t PlainSum(const std::vector<int64_t>& v) {
  uint64_t s = 0;
  for (int64_t x : v) s += static_cast<uint64_t>(x);
  return static_cast<int64_t>(s);
}

// Decodes `enc` (copied to a buffer of exactly its size, so that ASan sees any overrun) and
// checks values, sum and that the whole encoding was consumed.
void ExpectRoundTrip(const std::string& enc, const std::vector<int64_t>& values,
                     const std::string& what) {
  auto buf = std::make_unique<char[]>(enc.size());
  std::memcpy(buf.get(), enc.data(), enc.size());
  const char* limit = buf.get() + enc.size();
  std::vector<int64_t> out(values.size());
  const char* p = buf.get();
  absl::Status s = DecodeValues(&p, limit, values.size(), out.data());
  ASSERT_TRUE(s.ok()) << what << ": " << s;
  EXPECT_EQ(p, limit) << what;
  ASSERT_EQ(out, values) << what;
  int64_t sum = 0;
  p = buf.get();
  s = SumValues(&p, limit, values.size(), &sum);
  ASSERT_TRUE(s.ok()) << what << ": " << s;
  EXPECT_EQ(p, limit) << what;
  EXPECT_EQ(sum, PlainSum(values)) << what;
}

TEST(Codec, EveryCodecRoundTripsEverySeries) {
  for (size_t n : kLengths) {
    for (const Series& s : MakeSeries(n, 1000 + n)) {
      for (CodecId id : AllCodecs()) {
        if (id == CodecId::kConstant && !IsConstant(s.values)) continue;
        std::string enc;
        EncodeValuesWith(id, s.values, &enc);
        ASSERT_EQ(static_cast<CodecId>(enc[0]), id);
        ExpectRoundTrip(enc, s.values, s.name + "/" + CodecName(id) + "/n=" + std::to_string(n));
      }
    }
  }
}

// EncodeValues tries every codec that applies: Constant only for constant chunks,
// SparseDeltaRice only when at least 1 value in 32 is zero, RunLengthRice only when there are
// at most half as many runs as values (codec.cc).
TEST(Codec, EncodeValuesRoundTripsAndPicksTheSmallest) {
  for (size_t n : kLengths) {
    for (const Series& s : MakeSeries(n, 2000 + n)) {
      std::string best;
      EncodeValues(s.values, &best);
      const std::string what = s.name + "/n=" + std::to_string(n);
      ExpectRoundTrip(best, s.values, what);
      const size_t zeros = static_cast<size_t>(std::count(s.values.begin(), s.values.end(), 0));
      for (CodecId id : AllCodecs()) {
        if (id == CodecId::kConstant && !IsConstant(s.values)) continue;
        if (id == CodecId::kSparseDeltaRice && zeros * 32 < n) continue;
        if (id == CodecId::kRunLengthRice && Runs(s.values) * 2 > n) continue;
        std::string enc;
        EncodeValuesWith(id, s.values, &enc);
        EXPECT_LE(best.size(), enc.size()) << what << " vs " << CodecName(id);
      }
    }
  }
}

TEST(Codec, EncodeValuesAppendsAfterExistingBytes) {
  std::vector<int64_t> a = Named(100, 3, "residential");
  std::vector<int64_t> b = Named(33, 4, "mixed_extremes");
  std::string enc = "xyz";
  EncodeValues(a, &enc);
  const size_t mid = enc.size();
  EncodeValues(b, &enc);
  const char* p = enc.data() + 3;
  std::vector<int64_t> out(a.size());
  ASSERT_TRUE(DecodeValues(&p, enc.data() + enc.size(), a.size(), out.data()).ok());
  EXPECT_EQ(out, a);
  EXPECT_EQ(p, enc.data() + mid);
  out.resize(b.size());
  ASSERT_TRUE(DecodeValues(&p, enc.data() + enc.size(), b.size(), out.data()).ok());
  EXPECT_EQ(out, b);
}

TEST(Codec, ChoosesTheExpectedCodecForTypicalShapes) {
  auto chosen = [](const std::vector<int64_t>& v) {
    std::string enc;
    EncodeValues(v, &enc);
    return static_cast<CodecId>(enc[0]);
  };
  EXPECT_EQ(chosen(std::vector<int64_t>(4096, 7)), CodecId::kConstant);
  std::vector<int64_t> steps(4096);
  for (size_t i = 0; i < steps.size(); ++i) steps[i] = static_cast<int64_t>(i / 1000);
  EXPECT_EQ(chosen(steps), CodecId::kRunLength);
  std::vector<int64_t> reg(4096);
  for (size_t i = 0; i < reg.size(); ++i) reg[i] = 1000000 + 250 * static_cast<int64_t>(i);
  reg[2000] += 1;
  EXPECT_EQ(chosen(reg), CodecId::kDeltaOfDeltaRice);
  std::mt19937_64 rng(5);
  std::vector<int64_t> walk = RandomWidth(rng, 4096, 20);  // uniform steps: nothing to model
  for (size_t i = 1; i < walk.size(); ++i) walk[i] += walk[i - 1];
  EXPECT_EQ(chosen(walk), CodecId::kDeltaBitpack);
  EXPECT_EQ(chosen(Named(4096, 6, "sparse")), CodecId::kSparseDeltaRice);
  EXPECT_EQ(chosen(Named(4096, 7, "residential")), CodecId::kDeltaRice);
  std::vector<int64_t> held(4096);  // 1-second data: a reading held for a few seconds
  for (size_t i = 0; i < held.size(); ++i) {
    held[i] = i == 0 || rng() % 6 != 0 ? (i ? held[i - 1] : 2400)
                                       : held[i - 1] + 40 - static_cast<int64_t>(rng() % 81);
  }
  EXPECT_EQ(chosen(held), CodecId::kRunLengthRice);
  std::vector<int64_t> level(4096);  // noise without memory around a level, as in LCL data
  for (auto& x : level) x = 300 + static_cast<int64_t>(rng() % 61);
  EXPECT_EQ(chosen(level), CodecId::kFrameRice);
}

// Every prefix of a valid encoding is decoded from a buffer of exactly that size: it must give
// DataLoss or, if the prefix happens to be decodable, stay inside it (ASan checks that).
TEST(Codec, TruncationsAreDataLossAndStayInBounds) {
  for (size_t n : {1, 2, 17, 33, 200}) {
    for (const Series& s : MakeSeries(n, 3000 + n)) {
      for (CodecId id : AllCodecs()) {
        if (id == CodecId::kConstant && !IsConstant(s.values)) continue;
        std::string enc;
        EncodeValuesWith(id, s.values, &enc);
        std::vector<int64_t> out(n);
        for (size_t len = 0; len < enc.size(); ++len) {
          auto buf = std::make_unique<char[]>(len + 1);
          std::memcpy(buf.get(), enc.data(), len);
          const char* p = buf.get();
          absl::Status st = DecodeValues(&p, buf.get() + len, n, out.data());
          if (st.ok()) {
            EXPECT_LE(p, buf.get() + len);
          } else {
            EXPECT_EQ(st.code(), absl::StatusCode::kDataLoss) << st;
          }
          int64_t sum;
          p = buf.get();
          st = SumValues(&p, buf.get() + len, n, &sum);
          if (!st.ok()) {
            EXPECT_EQ(st.code(), absl::StatusCode::kDataLoss) << st;
          }
        }
      }
    }
  }
}

// Random bytes after each codec id, and valid encodings with flipped bits: no crash, no hang,
// no read outside the buffer; failures are DataLoss.
TEST(Codec, GarbageNeverCrashes) {
  std::mt19937_64 rng(42);
  std::vector<int64_t> out(4096);
  auto probe = [&](const std::string& bytes, size_t count) {
    auto buf = std::make_unique<char[]>(bytes.size() + 1);
    std::memcpy(buf.get(), bytes.data(), bytes.size());
    const char* p = buf.get();
    absl::Status st = DecodeValues(&p, buf.get() + bytes.size(), count, out.data());
    if (!st.ok()) {
      EXPECT_EQ(st.code(), absl::StatusCode::kDataLoss);
    } else {
      EXPECT_LE(p, buf.get() + bytes.size());
    }
    int64_t sum;
    p = buf.get();
    st = SumValues(&p, buf.get() + bytes.size(), count, &sum);
    if (!st.ok()) {
      EXPECT_EQ(st.code(), absl::StatusCode::kDataLoss);
    }
  };
  for (int iter = 0; iter < 6000; ++iter) {
    std::string bytes(1 + rng() % 200, '\0');
    for (auto& c : bytes) c = static_cast<char>(rng());
    // Low-entropy garbage too: long zero or one runs are the unary decoder's worst case.
    if (iter % 3 == 1) {
      for (auto& c : bytes) c = static_cast<char>(rng() % 4 == 0 ? rng() : 0);
    }
    if (iter % 3 == 2) {
      for (auto& c : bytes) c = static_cast<char>(rng() % 4 == 0 ? rng() : 0xff);
    }
    bytes[0] = static_cast<char>(1 + iter % 9);  // the eight codecs and one unknown id
    probe(bytes, 1 + rng() % 4096);
  }
  for (size_t n : {5, 100, 4096}) {
    for (const Series& s : MakeSeries(n, 4000 + n)) {
      for (CodecId id : AllCodecs()) {
        if (id == CodecId::kConstant && !IsConstant(s.values)) continue;
        std::string enc;
        EncodeValuesWith(id, s.values, &enc);
        for (int flip = 0; flip < 8; ++flip) {
          std::string bad = enc;
          size_t bit = 8 + rng() % ((bad.size() - 1) * 8 + 1);  // keep the codec id
          if (bit / 8 < bad.size()) bad[bit / 8] ^= static_cast<char>(1 << (bit % 8));
          probe(bad, n);
        }
      }
    }
  }
}

TEST(Codec, EmptyInputIsDataLoss) {
  const char* p = nullptr;
  int64_t v;
  EXPECT_EQ(DecodeValues(&p, p, 1, &v).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(SumValues(&p, p, 1, &v).code(), absl::StatusCode::kDataLoss);
}

TEST(Codec, ZeroCountIsRefused) {
  std::string enc;
  EncodeValues(std::vector<int64_t>{1, 2, 3}, &enc);
  const char* p = enc.data();
  int64_t v;
  EXPECT_EQ(DecodeValues(&p, enc.data() + enc.size(), 0, &v).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SumValues(&p, enc.data() + enc.size(), 0, &v).code(),
            absl::StatusCode::kInvalidArgument);
}

// AllCodecs() is what the every-codec loops above iterate, so it must list every codec the
// decoder knows, each once: kFrameRice was once left out of it, and of its own tests.
TEST(Codec, AllCodecsListsEveryDecodableIdOnce) {
  for (int b = 0; b < 256; ++b) {
    std::string bytes(64, '\0');
    bytes[0] = static_cast<char>(b);
    const char* p = bytes.data();
    int64_t v;
    const absl::Status st = DecodeValues(&p, bytes.data() + bytes.size(), 1, &v);
    const bool known = st.message() != "codec: unknown codec id";
    const auto all = AllCodecs();
    const auto listed = std::count(all.begin(), all.end(), static_cast<CodecId>(b));
    EXPECT_EQ(listed, known ? 1 : 0) << "codec byte " << b << ": " << st;
    EXPECT_EQ(std::string(CodecName(static_cast<CodecId>(b))) != "unknown", known) << b;
  }
}

TEST(Codec, NamesAreDistinct) {
  std::vector<std::string> names;
  for (CodecId id : AllCodecs()) names.push_back(CodecName(id));
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::unique(names.begin(), names.end()), names.end());
}

}  // namespace
}  // namespace gridline::storage
