// compression_bound.cc: see compression_bound.h.
#include "bench/compression_bound.h"

#include <lzma.h>

#include <string>

#include "absl/status/status.h"
#include "common/varint.h"
#include "fmt/format.h"

namespace gridline::bench {

absl::StatusOr<CompressionBound> XzDeltaVarintBound(
    const std::vector<std::vector<int64_t>>& series) {
  CompressionBound bound;
  std::string raw;
  for (const std::vector<int64_t>& s : series) {
    uint64_t prev = 0;
    for (int64_t v : s) {
      PutVarint64(&raw, ZigZagEncode(static_cast<int64_t>(static_cast<uint64_t>(v) - prev)));
      prev = static_cast<uint64_t>(v);
    }
    bound.readings += s.size();
  }
  // lzma_stream_buffer_bound gives the worst case for incompressible input.
  std::string packed(lzma_stream_buffer_bound(raw.size()), '\0');
  size_t out_pos = 0;
  lzma_ret ret =
      lzma_easy_buffer_encode(9 | LZMA_PRESET_EXTREME, LZMA_CHECK_NONE, nullptr,
                              reinterpret_cast<const uint8_t*>(raw.data()), raw.size(),
                              reinterpret_cast<uint8_t*>(packed.data()), &out_pos, packed.size());
  if (ret != LZMA_OK) {
    return absl::InternalError(
        fmt::format("lzma_easy_buffer_encode failed: {}", static_cast<int>(ret)));
  }
  bound.compressed_bytes = out_pos;
  return bound;
}

}  // namespace gridline::bench
