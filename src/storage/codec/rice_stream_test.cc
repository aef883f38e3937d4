// rice_stream_test.cc: the Rice coder and the bit writer/reader under the codecs, on residual
// runs chosen to hit its edges: escape threshold, the largest residuals, all-zero blocks next
// to busy ones, partial blocks, and the exactness of the plan's size and lower bound.
#include "storage/codec/rice_stream.h"

#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "storage/codec/bit_reader.h"
#include "storage/codec/bit_writer.h"

namespace gridline::storage::codec_internal {
namespace {

// Writes through a pointer, so restoring a copy undoes a block: takes the fused fast path.
struct CollectFast {
  static constexpr bool kRedoSafe = true;
  uint64_t* out;
  void operator()(uint64_t u) { *out++ = u; }
  void Zeros(size_t n) {
    for (size_t i = 0; i < n; ++i) *out++ = 0;
  }
};

// Appends to a vector, which a copy cannot undo: only the general path.
struct CollectGeneral {
  static constexpr bool kRedoSafe = false;
  std::vector<uint64_t>* out;
  void operator()(uint64_t u) { out->push_back(u); }
  void Zeros(size_t n) { out->insert(out->end(), n, 0); }
};

void ExpectRoundTrip(const std::vector<uint64_t>& u, const std::string& what) {
  RicePlan plan = PlanRice(u);
  std::string enc;
  WriteRice(u, plan, &enc);
  EXPECT_EQ(enc.size(), plan.bytes()) << what;
  EXPECT_LE(RiceLowerBoundBytes(u), enc.size()) << what;
  std::vector<uint64_t> fast(u.size());
  CollectFast fast_sink{fast.data()};
  const char* p = enc.data();
  absl::Status s = DecodeRice(&p, enc.data() + enc.size(), u.size(), fast_sink);
  ASSERT_TRUE(s.ok()) << what << ": " << s;
  EXPECT_EQ(p, enc.data() + enc.size()) << what;
  EXPECT_EQ(fast, u) << what;
  std::vector<uint64_t> general;
  CollectGeneral general_sink{&general};
  p = enc.data();
  s = DecodeRice(&p, enc.data() + enc.size(), u.size(), general_sink);
  ASSERT_TRUE(s.ok()) << what << ": " << s;
  EXPECT_EQ(p, enc.data() + enc.size()) << what;
  EXPECT_EQ(general, u) << what;
}

TEST(RiceStream, RoundTripsEdgeResiduals) {
  std::mt19937_64 rng(11);
  for (size_t n : {0, 1, 15, 16, 17, 33, 100, 4096}) {
    std::vector<uint64_t> u(n);
    for (int shape = 0; shape < 7; ++shape) {
      for (size_t i = 0; i < n; ++i) {
        switch (shape) {
          case 0:  // plain
            u[i] = rng() % 40;
            break;
          case 1:  // largest
            u[i] = ~uint64_t{0} - rng() % 3;
            break;
          case 2:  // zero blocks
            u[i] = (i / 16) % 2 ? 0 : rng() % 1000;
            break;
          case 3:  // escapes
            u[i] = rng() % 50 == 0 ? uint64_t{1} << (rng() % 64) : 3;
            break;
          case 4:  // k = 63
            u[i] = rng();
            break;
          case 5:  // quotients around the escape at k = 0
            u[i] = 15 + rng() % 3;
            break;
          default:  // every width
            u[i] = rng() >> (rng() % 64);
            break;
        }
      }
      ExpectRoundTrip(u, "n=" + std::to_string(n) + " shape=" + std::to_string(shape));
    }
  }
}

TEST(RiceStream, BudgetAbortsOnlyWhenTheSizeReachesIt) {
  std::mt19937_64 rng(12);
  std::vector<uint64_t> u(4096);
  for (auto& x : u) x = rng() % 300;
  const size_t size = PlanRice(u).bytes();
  EXPECT_FALSE(PlanRice(u, size + 1).aborted);
  EXPECT_TRUE(PlanRice(u, size).aborted);
  EXPECT_TRUE(PlanRice(u, size / 2).aborted);
}

TEST(BitWriterReader, RoundTripFields) {
  std::mt19937_64 rng(13);
  std::vector<std::pair<uint64_t, int>> fields;
  uint64_t bits = 0;
  for (int i = 0; i < 2000; ++i) {
    const int n = static_cast<int>(rng() % 65);
    fields.push_back({rng() & LowMask(n), n});
    bits += static_cast<uint64_t>(n);
  }
  std::string out = "x";
  BitWriter w(&out, bits);
  for (auto [v, n] : fields) w.Write(v, n);
  w.Finish();
  ASSERT_EQ(out.size(), 1 + (bits + 7) / 8);
  BitReader r(out.data() + 1, out.data() + out.size());
  for (auto [v, n] : fields) {
    uint64_t got;
    ASSERT_TRUE(r.Read(n, &got));
    EXPECT_EQ(got, v);
  }
  uint64_t extra;
  EXPECT_FALSE(r.Read(static_cast<int>(out.size() * 8 - bits + 1), &extra));
}

TEST(BitWriterReader, UnaryStopsAtTheEnd) {
  std::string out;
  BitWriter w(&out, 300);
  w.WriteUnary(0);
  w.WriteUnary(200);
  w.WriteUnary(5);
  w.Finish();
  BitReader r(out.data(), out.data() + out.size());
  uint64_t q;
  ASSERT_TRUE(r.ReadUnary(1000, &q));
  EXPECT_EQ(q, 0u);
  EXPECT_FALSE(BitReader(r).ReadUnary(100, &q));  // more zeros than allowed
  ASSERT_TRUE(r.ReadUnary(1000, &q));
  EXPECT_EQ(q, 200u);
  ASSERT_TRUE(r.ReadUnary(1000, &q));
  EXPECT_EQ(q, 5u);
  EXPECT_FALSE(r.ReadUnary(1000, &q));  // only padding left
}

}  // namespace
}  // namespace gridline::storage::codec_internal
