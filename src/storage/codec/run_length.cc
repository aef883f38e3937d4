// run_length.cc: the RunLength codec, for chunks made of a few long runs of equal values (a
// tariff register, a setpoint, a breaker state, 1-second data that changes now and then).
//
// Payload: per run, varint(zigzag(value - previous run's value)) then varint(length - 1); the
// first run's previous value is 0. Runs follow each other until their lengths add up to the
// count the caller gives; a run that would overshoot it is DataLoss.
#include <algorithm>

#include "common/varint.h"
#include "storage/codec/codec_internal.h"

namespace gridline::storage::codec_internal {

namespace {

// Calls fn(value, length) for each run of `values`.
template <typename Fn>
void ForEachRun(std::span<const int64_t> values, Fn fn) {
  size_t start = 0;
  for (size_t i = 1; i <= values.size(); ++i) {
    if (i == values.size() || values[i] != values[start]) {
      fn(values[start], i - start);
      start = i;
    }
  }
}

inline uint64_t RunDelta(int64_t value, int64_t prev) {
  return ZigZagEncode(
      static_cast<int64_t>(static_cast<uint64_t>(value) - static_cast<uint64_t>(prev)));
}

// Walks the runs of an encoding, calling fn(value, length) for each; checks that the lengths
// add up to exactly `count`.
template <typename Fn>
absl::Status WalkRuns(const char** p, const char* limit, size_t count, Fn fn) {
  uint64_t prev = 0;
  size_t done = 0;
  while (done < count) {
    uint64_t delta;
    uint64_t length_minus_one;
    if (!GetVarint64(p, limit, &delta) || !GetVarint64(p, limit, &length_minus_one)) {
      return Corrupt("run-length", "truncated run");
    }
    if (length_minus_one >= count - done) return Corrupt("run-length", "run past count");
    prev += static_cast<uint64_t>(ZigZagDecode(delta));
    fn(static_cast<int64_t>(prev), static_cast<size_t>(length_minus_one) + 1, done);
    done += static_cast<size_t>(length_minus_one) + 1;
  }
  return absl::OkStatus();
}

}  // namespace

size_t SizeRunLength(std::span<const int64_t> values, size_t budget) {
  size_t bytes = 0;
  uint64_t prev = 0;
  size_t start = 0;
  for (size_t i = 1; i <= values.size(); ++i) {
    if (i < values.size() && values[i] == values[start]) continue;
    bytes += VarintLength(RunDelta(values[start], static_cast<int64_t>(prev))) +
             VarintLength(i - start - 1);
    if (bytes > budget) return SIZE_MAX;  // noisy data: stop after a few runs
    prev = static_cast<uint64_t>(values[start]);
    start = i;
  }
  return bytes;
}

void EncodeRunLength(std::span<const int64_t> values, std::string* out) {
  int64_t prev = 0;
  ForEachRun(values, [&](int64_t v, size_t n) {
    PutVarint64(out, RunDelta(v, prev));
    PutVarint64(out, n - 1);
    prev = v;
  });
}

absl::Status DecodeRunLength(const char** p, const char* limit, size_t count, int64_t* out) {
  return WalkRuns(p, limit, count,
                  [out](int64_t v, size_t n, size_t at) { std::fill(out + at, out + at + n, v); });
}

absl::Status SumRunLength(const char** p, const char* limit, size_t count, int64_t* sum) {
  uint64_t total = 0;
  GL_RETURN_IF_ERROR(WalkRuns(p, limit, count, [&total](int64_t v, size_t n, size_t) {
    total += static_cast<uint64_t>(v) * n;
  }));
  *sum = static_cast<int64_t>(total);
  return absl::OkStatus();
}

}  // namespace gridline::storage::codec_internal
