// delta_of_delta_rice.cc: the DeltaOfDeltaRice codec, for series whose deltas are themselves
// smooth: cumulative registers (kWh-delivered readings grow by about the same each interval),
// counters, timestamps. Second differences go through the adaptive Rice coder.
//
// Payload:
//   varint(zigzag(first value))
//   varint(zigzag(value_1 - value_0))        only when count >= 2
//   Rice stream (rice_stream.h) of max(count - 2, 0) residuals zigzag(d_i - d_{i-1}), where
//   d_i = value_i - value_{i-1}; all arithmetic wraps
#include "common/varint.h"
#include "storage/codec/codec_internal.h"

namespace gridline::storage::codec_internal {

namespace {

inline uint64_t Diff(int64_t a, int64_t b) {
  return static_cast<uint64_t>(a) - static_cast<uint64_t>(b);
}

struct DodDecodeSink {
  static constexpr bool kRedoSafe = true;
  uint64_t x;
  uint64_t d;
  int64_t* out;
  void operator()(uint64_t u) {
    d += static_cast<uint64_t>(ZigZagDecode(u));
    x += d;
    *out++ = static_cast<int64_t>(x);
  }
  void Zeros(size_t n) {
    for (size_t i = 0; i < n; ++i) {
      x += d;
      *out++ = static_cast<int64_t>(x);
    }
  }
};

struct DodSumSink {
  static constexpr bool kRedoSafe = true;
  uint64_t x;
  uint64_t d;
  uint64_t sum;
  void operator()(uint64_t u) {
    d += static_cast<uint64_t>(ZigZagDecode(u));
    x += d;
    sum += x;
  }
  void Zeros(size_t n) {
    for (size_t i = 0; i < n; ++i) {
      x += d;
      sum += x;
    }
  }
};

// Reads the first value and, for count >= 2, the first delta.
absl::Status ReadHeader(const char** p, const char* limit, size_t count, uint64_t* x, uint64_t* d) {
  uint64_t z;
  if (!GetVarint64(p, limit, &z)) return Corrupt("delta-of-delta-rice", "bad first value");
  *x = static_cast<uint64_t>(ZigZagDecode(z));
  *d = 0;
  if (count >= 2) {
    if (!GetVarint64(p, limit, &z)) return Corrupt("delta-of-delta-rice", "bad first delta");
    *d = static_cast<uint64_t>(ZigZagDecode(z));
  }
  return absl::OkStatus();
}

}  // namespace

DeltaRicePlan PlanDeltaOfDeltaRice(std::span<const int64_t> values, size_t budget) {
  DeltaRicePlan plan;
  const size_t n = values.size();
  plan.bytes = VarintLength(ZigZagEncode(values[0]));
  if (n >= 2)
    plan.bytes += VarintLength(ZigZagEncode(static_cast<int64_t>(Diff(values[1], values[0]))));
  if (n >= 3) {
    plan.residuals.resize(n - 2);
    for (size_t i = 2; i < n; ++i) {
      uint64_t dd = Diff(values[i], values[i - 1]) - Diff(values[i - 1], values[i - 2]);
      plan.residuals[i - 2] = ZigZagEncode(static_cast<int64_t>(dd));
    }
  }
  if (plan.bytes >= budget) {
    plan.bytes = SIZE_MAX;
    return plan;
  }
  plan.rice = PlanRice(plan.residuals, budget == SIZE_MAX ? SIZE_MAX : budget - plan.bytes);
  plan.bytes = plan.rice.aborted ? SIZE_MAX : plan.bytes + plan.rice.bytes();
  return plan;
}

void WriteDeltaOfDeltaRice(std::span<const int64_t> values, const DeltaRicePlan& plan,
                           std::string* out) {
  PutVarint64(out, ZigZagEncode(values[0]));
  if (values.size() >= 2) {
    PutVarint64(out, ZigZagEncode(static_cast<int64_t>(Diff(values[1], values[0]))));
  }
  WriteRice(plan.residuals, plan.rice, out);
}

absl::Status DecodeDeltaOfDeltaRice(const char** p, const char* limit, size_t count, int64_t* out) {
  DodDecodeSink sink{0, 0, out};
  GL_RETURN_IF_ERROR(ReadHeader(p, limit, count, &sink.x, &sink.d));
  *sink.out++ = static_cast<int64_t>(sink.x);
  if (count >= 2) {
    sink.x += sink.d;
    *sink.out++ = static_cast<int64_t>(sink.x);
  }
  return DecodeRice(p, limit, count >= 2 ? count - 2 : 0, sink);
}

absl::Status SumDeltaOfDeltaRice(const char** p, const char* limit, size_t count, int64_t* sum) {
  DodSumSink sink{0, 0, 0};
  GL_RETURN_IF_ERROR(ReadHeader(p, limit, count, &sink.x, &sink.d));
  sink.sum = sink.x;
  if (count >= 2) {
    sink.x += sink.d;
    sink.sum += sink.x;
  }
  GL_RETURN_IF_ERROR(DecodeRice(p, limit, count >= 2 ? count - 2 : 0, sink));
  *sum = static_cast<int64_t>(sink.sum);
  return absl::OkStatus();
}

}  // namespace gridline::storage::codec_internal
