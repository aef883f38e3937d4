// run_length_rice.cc: the RunLengthRice codec, for series that hold each value for a while and
// then change it: 1-second sensor data that repeats between updates, setpoints, tariff and
// status channels. It is RunLength with both the run lengths and the value changes going
// through the adaptive Rice coder instead of byte-aligned varints, and, unlike DeltaRice, it
// pays nothing per repeated value inside a run.
//
// Payload:
//   varint   m                      number of runs, 1..count
//   Rice stream of m residuals      length - 1 of each run
//   Rice stream of m residuals      zigzag(value_j - value_{j-1}) (wrapping), value_{-1} = 0
// Run lengths must add up to exactly the count the caller gives; otherwise DataLoss.
#include <algorithm>

#include "common/varint.h"
#include "storage/codec/codec_internal.h"

namespace gridline::storage::codec_internal {

namespace {

constexpr char kName[] = "run-length-rice";

// Checks (length - 1) residuals against the values left; optionally keeps them in `dst`.
template <bool kStore>
struct LengthSink {
  static constexpr bool kRedoSafe = true;
  uint64_t extra_left;  // count - m minus the (length - 1) seen so far
  int64_t* dst;
  bool bad = false;
  void operator()(uint64_t extra) {
    if (extra > extra_left) {
      bad = true;
    } else {
      extra_left -= extra;
    }
    if constexpr (kStore) *dst++ = static_cast<int64_t>(extra);
  }
  void Zeros(size_t n) {
    if constexpr (kStore) {
      std::fill(dst, dst + n, 0);
      dst += n;
    }
  }
};

// Writes each run. Lengths are read from `extras`, which may lie in the not-yet-written tail of
// `out` (see DecodeRunLengthRice).
struct RunDecodeSink {
  // Reads lengths from slots that its own writes may cover: no replay after an escape.
  static constexpr bool kRedoSafe = false;
  const int64_t* extras;
  int64_t* out;
  uint64_t x = 0;
  void operator()(uint64_t u) {
    const size_t length = static_cast<size_t>(*extras++) + 1;  // read before the writes
    x += static_cast<uint64_t>(ZigZagDecode(u));
    std::fill(out, out + length, static_cast<int64_t>(x));
    out += length;
  }
  void Zeros(size_t n) {
    for (size_t i = 0; i < n; ++i) (*this)(0);
  }
};

// Sums runs, reading lengths from `extras` (a separate buffer, so replays are safe).
struct RunSumSink {
  static constexpr bool kRedoSafe = true;
  const int64_t* extras;
  uint64_t x = 0;
  uint64_t sum = 0;
  void operator()(uint64_t u) {
    x += static_cast<uint64_t>(ZigZagDecode(u));
    sum += x * (static_cast<uint64_t>(*extras++) + 1);
  }
  void Zeros(size_t n) {
    for (size_t i = 0; i < n; ++i) (*this)(0);
  }
};

absl::Status ReadRunCount(const char** p, const char* limit, size_t count, size_t* m) {
  uint64_t v;
  if (!GetVarint64(p, limit, &v) || v == 0 || v > count) return Corrupt(kName, "bad run count");
  *m = static_cast<size_t>(v);
  return absl::OkStatus();
}

// Decodes the length stream into dst[0, m) and checks that the lengths add up to count.
absl::Status ReadLengths(const char** p, const char* limit, size_t count, size_t m, int64_t* dst) {
  LengthSink<true> lengths{count - m, dst};
  GL_RETURN_IF_ERROR(DecodeRice(p, limit, m, lengths));
  if (lengths.bad || lengths.extra_left != 0) return Corrupt(kName, "run lengths do not add up");
  return absl::OkStatus();
}

}  // namespace

SparsePlan PlanRunLengthRice(std::span<const int64_t> values, size_t budget) {
  SparsePlan plan;
  uint64_t prev = 0;
  size_t start = 0;
  for (size_t i = 1; i <= values.size(); ++i) {
    if (i < values.size() && values[i] == values[start]) continue;
    plan.runs.push_back(i - start - 1);
    const uint64_t v = static_cast<uint64_t>(values[start]);
    plan.deltas.push_back(ZigZagEncode(static_cast<int64_t>(v - prev)));
    prev = v;
    start = i;
  }
  plan.bytes = PlanRicePair(plan.runs, plan.deltas, VarintLength(plan.runs.size()), budget,
                            &plan.runs_rice, &plan.deltas_rice);
  return plan;
}

void WriteRunLengthRice(const SparsePlan& plan, std::string* out) {
  PutVarint64(out, plan.runs.size());
  WriteRice(plan.runs, plan.runs_rice, out);
  WriteRice(plan.deltas, plan.deltas_rice, out);
}

absl::Status DecodeRunLengthRice(const char** p, const char* limit, size_t count, int64_t* out) {
  size_t m = 0;
  GL_RETURN_IF_ERROR(ReadRunCount(p, limit, count, &m));
  // Lengths go to the tail out[count - m, count). Run j ends at index (j + 1) + (extras 0..j)
  // - 1 <= count - m + j, below length j + 1's slot, so no length is overwritten before it
  // is read.
  GL_RETURN_IF_ERROR(ReadLengths(p, limit, count, m, out + (count - m)));
  RunDecodeSink runs{out + (count - m), out};
  return DecodeRice(p, limit, m, runs);
}

absl::Status SumRunLengthRice(const char** p, const char* limit, size_t count, int64_t* sum) {
  size_t m = 0;
  GL_RETURN_IF_ERROR(ReadRunCount(p, limit, count, &m));
  // The sum needs each run's length next to its value; a scratch buffer holds the lengths.
  // Runs are few where this codec wins, so this is not the hot path.
  std::vector<int64_t> extras(m);
  GL_RETURN_IF_ERROR(ReadLengths(p, limit, count, m, extras.data()));
  RunSumSink runs{extras.data()};
  GL_RETURN_IF_ERROR(DecodeRice(p, limit, m, runs));
  *sum = static_cast<int64_t>(runs.sum);
  return absl::OkStatus();
}

}  // namespace gridline::storage::codec_internal
