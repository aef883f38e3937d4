// delta_rice.cc: the DeltaRice codec, the workhorse for metered energy (Wh per interval),
// power and most noisy series: zig-zag deltas through the adaptive Rice coder of
// rice_stream.h, decoded and summed in one pass (the scan kernel).
//
// Payload:
//   varint(zigzag(first value))
//   Rice stream (rice_stream.h) of count - 1 residuals zigzag(value_i - value_{i-1}) (wrapping)
#include <algorithm>

#include "common/varint.h"
#include "storage/codec/codec_internal.h"

namespace gridline::storage::codec_internal {

namespace {

// Rebuilds values from delta residuals into out[].
struct DeltaDecodeSink {
  static constexpr bool kRedoSafe = true;
  uint64_t x;
  int64_t* out;
  void operator()(uint64_t u) {
    x += static_cast<uint64_t>(ZigZagDecode(u));
    *out++ = static_cast<int64_t>(x);
  }
  void Zeros(size_t n) {
    std::fill(out, out + n, static_cast<int64_t>(x));
    out += n;
  }
};

// Sums values rebuilt from delta residuals.
struct DeltaSumSink {
  static constexpr bool kRedoSafe = true;
  uint64_t x;
  uint64_t sum;
  void operator()(uint64_t u) {
    x += static_cast<uint64_t>(ZigZagDecode(u));
    sum += x;
  }
  void Zeros(size_t n) { sum += x * n; }
};

absl::Status ReadFirst(const char** p, const char* limit, uint64_t* x) {
  uint64_t z;
  if (!GetVarint64(p, limit, &z)) return Corrupt("delta-rice", "bad first value");
  *x = static_cast<uint64_t>(ZigZagDecode(z));
  return absl::OkStatus();
}

}  // namespace

DeltaRicePlan PlanDeltaRice(std::span<const int64_t> values) {
  DeltaRicePlan plan;
  plan.residuals.resize(values.size() - 1);
  for (size_t i = 1; i < values.size(); ++i) {
    plan.residuals[i - 1] = ZigZagEncode(static_cast<int64_t>(
        static_cast<uint64_t>(values[i]) - static_cast<uint64_t>(values[i - 1])));
  }
  plan.rice = PlanRice(plan.residuals);
  plan.bytes = VarintLength(ZigZagEncode(values[0])) + plan.rice.bytes();
  return plan;
}

void WriteDeltaRice(std::span<const int64_t> values, const DeltaRicePlan& plan, std::string* out) {
  PutVarint64(out, ZigZagEncode(values[0]));
  WriteRice(plan.residuals, plan.rice, out);
}

absl::Status DecodeDeltaRice(const char** p, const char* limit, size_t count, int64_t* out) {
  DeltaDecodeSink sink{0, out + 1};
  GL_RETURN_IF_ERROR(ReadFirst(p, limit, &sink.x));
  out[0] = static_cast<int64_t>(sink.x);
  return DecodeRice(p, limit, count - 1, sink);
}

absl::Status SumDeltaRice(const char** p, const char* limit, size_t count, int64_t* sum) {
  DeltaSumSink sink{0, 0};
  GL_RETURN_IF_ERROR(ReadFirst(p, limit, &sink.x));
  sink.sum = sink.x;
  GL_RETURN_IF_ERROR(DecodeRice(p, limit, count - 1, sink));
  *sum = static_cast<int64_t>(sink.sum);
  return absl::OkStatus();
}

}  // namespace gridline::storage::codec_internal
