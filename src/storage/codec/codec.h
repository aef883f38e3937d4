// codec.h: integer codecs for the values of one chunk (one series x one time window).
//
// A chunk stores only the values of its present slots, in slot order; presence, quality and
// arrival are kept beside them by the chunk format (docs/chunk_format.md). This file turns such a
// run of int64 values into bytes and back. Several codecs exist (one per file in this folder);
// EncodeValues tries them and keeps the smallest, so each chunk gets the codec that suits it.
// The byte formats are in docs/codecs.md.
//
// Encoded form: one CodecId byte, then that codec's payload. The value count is not stored: the
// chunk header knows it and passes it to DecodeValues.
//
// Arithmetic on values wraps (deltas are computed in uint64), so every int64, including
// INT64_MIN and INT64_MAX side by side, round-trips exactly.
#ifndef GRIDLINE_STORAGE_CODEC_CODEC_H_
#define GRIDLINE_STORAGE_CODEC_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "absl/status/status.h"

namespace gridline::storage {

// Stored on disk: never renumber; add new codecs at the end.
enum class CodecId : uint8_t {
  kConstant = 1,          // every value equal
  kRunLength = 2,         // runs of equal values
  kDeltaBitpack = 3,      // deltas, frame-of-reference bit-packed in blocks
  kDeltaRice = 4,         // zig-zag deltas, Rice-coded with a parameter per block
  kDeltaOfDeltaRice = 5,  // zig-zag second differences, Rice-coded (counters, registers)
  kSparseDeltaRice = 6,   // zero runs + Rice-coded deltas of the non-zero values
  kRunLengthRice = 7,     // runs of equal values, lengths and changes Rice-coded
  kFrameRice = 8,         // values minus the chunk minimum, Rice-coded (noisy levels)
};

// Every codec, for tests and benchmarks.
std::span<const CodecId> AllCodecs();
const char* CodecName(CodecId id);

// Appends the smallest encoding of `values` among all codecs. REQUIRES: !values.empty().
void EncodeValues(std::span<const int64_t> values, std::string* out);

// Appends the encoding of `values` with codec `id`. REQUIRES: !values.empty().
void EncodeValuesWith(CodecId id, std::span<const int64_t> values, std::string* out);

// Decodes exactly `count` values from the bytes at *p (codec byte first) into out[0..count),
// advancing *p past them. Never reads at or past `limit`; malformed or truncated input gives
// DataLoss and leaves out[] unspecified. REQUIRES: count >= 1.
absl::Status DecodeValues(const char** p, const char* limit, size_t count, int64_t* out);

// As DecodeValues, but only returns the (wrapping) sum of the values: the scan kernel.
absl::Status SumValues(const char** p, const char* limit, size_t count, int64_t* sum);

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_CODEC_CODEC_H_
