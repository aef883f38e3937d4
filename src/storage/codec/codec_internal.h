// codec_internal.h: the per-codec entry points behind codec.h. One codec per .cc file in this
// folder; codec.cc dispatches on the CodecId byte and picks the smallest encoding. Payloads
// (everything after the CodecId byte) are described in each codec's file and docs/codecs.md.
//
// Common contract: Encode* appends the payload for values (REQUIRES: !values.empty()); Decode*
// reads exactly `count` values (REQUIRES: count >= 1) from *p without reading at or past
// `limit`, advances *p past the payload, and returns DataLoss on malformed input; Sum* is the
// same walk returning only the wrapping sum. Size* returns the exact payload size Encode* would
// append, computed without writing it, so that codec.cc can compare candidates cheaply.
#ifndef GRIDLINE_STORAGE_CODEC_CODEC_INTERNAL_H_
#define GRIDLINE_STORAGE_CODEC_CODEC_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/status_macros.h"
#include "storage/codec/rice_stream.h"

namespace gridline::storage::codec_internal {

// Length in bytes of the LEB128 varint of v.
inline size_t VarintLength(uint64_t v) {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

inline absl::Status Corrupt(const char* codec, const char* what) {
  return absl::DataLossError(std::string(codec) + ": " + what);
}

// constant.cc: all values equal.
std::optional<size_t> SizeConstant(std::span<const int64_t> values);  // nullopt if not constant
void EncodeConstant(std::span<const int64_t> values, std::string* out);
absl::Status DecodeConstant(const char** p, const char* limit, size_t count, int64_t* out);
absl::Status SumConstant(const char** p, const char* limit, size_t count, int64_t* sum);

// run_length.cc: runs of equal values.
// Returns SIZE_MAX as soon as the size is known to exceed `budget`.
size_t SizeRunLength(std::span<const int64_t> values, size_t budget = SIZE_MAX);
void EncodeRunLength(std::span<const int64_t> values, std::string* out);
absl::Status DecodeRunLength(const char** p, const char* limit, size_t count, int64_t* out);
absl::Status SumRunLength(const char** p, const char* limit, size_t count, int64_t* sum);

// delta_bitpack.cc: frame-of-reference bit-packed deltas.
size_t SizeDeltaBitpack(std::span<const int64_t> values);
void EncodeDeltaBitpack(std::span<const int64_t> values, std::string* out);
absl::Status DecodeDeltaBitpack(const char** p, const char* limit, size_t count, int64_t* out);
absl::Status SumDeltaBitpack(const char** p, const char* limit, size_t count, int64_t* sum);

// The Rice codecs plan once (the plan gives the exact size) and write from the plan.
// delta_rice.cc: Rice-coded zig-zag deltas.
struct DeltaRicePlan {
  std::vector<uint64_t> residuals;
  RicePlan rice;
  size_t bytes = 0;
};
DeltaRicePlan PlanDeltaRice(std::span<const int64_t> values);
void WriteDeltaRice(std::span<const int64_t> values, const DeltaRicePlan& plan, std::string* out);
absl::Status DecodeDeltaRice(const char** p, const char* limit, size_t count, int64_t* out);
absl::Status SumDeltaRice(const char** p, const char* limit, size_t count, int64_t* sum);

// delta_of_delta_rice.cc: Rice-coded zig-zag second differences. When a lower bound on the
// size is already >= budget, the plan is left empty with bytes = SIZE_MAX.
DeltaRicePlan PlanDeltaOfDeltaRice(std::span<const int64_t> values, size_t budget = SIZE_MAX);
void WriteDeltaOfDeltaRice(std::span<const int64_t> values, const DeltaRicePlan& plan,
                           std::string* out);
absl::Status DecodeDeltaOfDeltaRice(const char** p, const char* limit, size_t count, int64_t* out);
absl::Status SumDeltaOfDeltaRice(const char** p, const char* limit, size_t count, int64_t* sum);

// sparse_delta_rice.cc: runs of zeros and the Rice-coded deltas of the non-zero values. The
// plan (two residual runs and their Rice plans) is shared with RunLengthRice.
struct SparsePlan {
  std::vector<uint64_t> runs;
  std::vector<uint64_t> deltas;
  RicePlan runs_rice;
  RicePlan deltas_rice;
  size_t bytes = 0;
};
// As PlanDeltaOfDeltaRice for `budget`.
SparsePlan PlanSparseDeltaRice(std::span<const int64_t> values, size_t budget = SIZE_MAX);
void WriteSparseDeltaRice(const SparsePlan& plan, std::string* out);
absl::Status DecodeSparseDeltaRice(const char** p, const char* limit, size_t count, int64_t* out);
absl::Status SumSparseDeltaRice(const char** p, const char* limit, size_t count, int64_t* sum);

// frame_rice.cc: values minus the chunk minimum, Rice-coded. As PlanDeltaOfDeltaRice for
// `budget`.
DeltaRicePlan PlanFrameRice(std::span<const int64_t> values, size_t budget = SIZE_MAX);
void WriteFrameRice(std::span<const int64_t> values, const DeltaRicePlan& plan, std::string* out);
absl::Status DecodeFrameRice(const char** p, const char* limit, size_t count, int64_t* out);
absl::Status SumFrameRice(const char** p, const char* limit, size_t count, int64_t* sum);

// run_length_rice.cc: runs of equal values, lengths and value changes Rice-coded.
SparsePlan PlanRunLengthRice(std::span<const int64_t> values, size_t budget = SIZE_MAX);
void WriteRunLengthRice(const SparsePlan& plan, std::string* out);
absl::Status DecodeRunLengthRice(const char** p, const char* limit, size_t count, int64_t* out);
absl::Status SumRunLengthRice(const char** p, const char* limit, size_t count, int64_t* sum);

}  // namespace gridline::storage::codec_internal

#endif  // GRIDLINE_STORAGE_CODEC_CODEC_INTERNAL_H_
