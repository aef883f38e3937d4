#include <cstdlib>
#include <string>
#include <string_view>

#include "storage/chunk.h"
#include "test/fuzz/fuzz_targets.h"

namespace gridline::fuzz {

namespace {

bool CheckChunk(std::string_view bytes) {
  storage::Chunk chunk;
  const absl::Status decoded = storage::DecodeChunk(bytes, &chunk);
  uint32_t count = 0;
  int64_t sum = 0;
  const absl::Status summed = storage::SumChunk(bytes, &count, &sum);
  std::vector<uint16_t> offsets;
  const absl::Status presence = storage::DecodeChunkOffsets(bytes, &offsets);
  if (decoded.ok() && (!summed.ok() || !presence.ok())) std::abort();
  if (!decoded.ok()) return false;
  if (count != chunk.size() || offsets != chunk.offsets) std::abort();
  for (size_t i = 1; i < chunk.size(); ++i) {
    if (chunk.offsets[i] <= chunk.offsets[i - 1]) std::abort();
  }
  std::string again;
  storage::EncodeChunk(chunk, storage::ValueEncoding::kBest, &again);
  storage::Chunk back;
  if (!storage::DecodeChunk(again, &back).ok()) std::abort();
  if (back.offsets != chunk.offsets || back.values != chunk.values ||
      back.qualities != chunk.qualities || back.batches != chunk.batches) {
    std::abort();
  }
  return true;
}

}  // namespace

bool FuzzChunkDecode(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const bool accepted = CheckChunk(bytes);
  // The same bytes with a correct checksum, so that the structural checks behind it are reached.
  if (size >= 5) {
    std::string fixed(bytes.substr(0, size - 4));
    const uint32_t sum = storage::ChunkChecksum(fixed);
    for (int i = 0; i < 4; ++i) fixed.push_back(static_cast<char>(sum >> (8 * i)));
    CheckChunk(fixed);
  }
  return accepted;
}

}  // namespace gridline::fuzz

#if defined(GL_FUZZER_chunk_decode)
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gridline::fuzz::FuzzChunkDecode(data, size);
  return 0;
}
#endif
