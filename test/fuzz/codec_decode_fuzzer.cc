#include <cstdlib>
#include <vector>

#include "storage/codec/codec.h"
#include "test/fuzz/fuzz_targets.h"

namespace gridline::fuzz {

bool FuzzCodecDecode(const uint8_t* data, size_t size) {
  if (size < 2) return false;
  // The first two bytes choose the value count the chunk header would give (1..4096).
  const size_t count = 1 + ((size_t{data[0]} << 8 | data[1]) % 4096);
  const char* begin = reinterpret_cast<const char*>(data + 2);
  const char* limit = reinterpret_cast<const char*>(data + size);
  std::vector<int64_t> values(count);
  const char* p = begin;
  const absl::Status decoded = storage::DecodeValues(&p, limit, count, values.data());
  const char* q = begin;
  int64_t sum = 0;
  const absl::Status summed = storage::SumValues(&q, limit, count, &sum);
  if (decoded.ok() != summed.ok()) std::abort();
  if (!decoded.ok()) return false;
  if (p > limit || p != q) std::abort();
  uint64_t expected = 0;
  for (int64_t v : values) expected += static_cast<uint64_t>(v);
  if (static_cast<int64_t>(expected) != sum) std::abort();
  // Whatever decoded must encode and decode back to the same values.
  std::string again;
  storage::EncodeValues(values, &again);
  std::vector<int64_t> back(count);
  const char* r = again.data();
  if (!storage::DecodeValues(&r, again.data() + again.size(), count, back.data()).ok())
    std::abort();
  if (back != values) std::abort();
  return true;
}

}  // namespace gridline::fuzz

#if defined(GL_FUZZER_codec_decode)
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gridline::fuzz::FuzzCodecDecode(data, size);
  return 0;
}
#endif
