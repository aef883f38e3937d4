// compression_bound.h: the practical size bound that the value codecs are measured against.
//
// Each series' values, in time order, become zig-zag deltas (the first against 0) written as
// LEB128 varints; all series are concatenated and compressed by liblzma at preset
// 9 | LZMA_PRESET_EXTREME (what `xz -9e` does, without the .xz container's check). A general
// compressor that sees the whole fleet at once is a fair yardstick for a per-chunk codec: it
// learns the delta distribution across series and has no per-chunk headers to pay.
#ifndef GRIDLINE_BENCH_COMPRESSION_BOUND_H_
#define GRIDLINE_BENCH_COMPRESSION_BOUND_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"

namespace gridline::bench {

struct CompressionBound {
  size_t compressed_bytes = 0;
  size_t readings = 0;  // values over all series
  double bytes_per_reading() const {
    return readings == 0 ? 0.0 : static_cast<double>(compressed_bytes) / readings;
  }
};

// Compresses the delta varints of `series` (each a run of present values in time order).
// Fails with Internal if liblzma reports an error.
absl::StatusOr<CompressionBound> XzDeltaVarintBound(
    const std::vector<std::vector<int64_t>>& series);

}  // namespace gridline::bench

#endif  // GRIDLINE_BENCH_COMPRESSION_BOUND_H_
