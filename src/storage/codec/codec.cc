// Placeholder until the codec branch lands: every codec id encodes zig-zag delta varints.
#include "storage/codec/codec.h"

#include "common/varint.h"

namespace gridline::storage {

namespace {
constexpr CodecId kAll[] = {CodecId::kDeltaBitpack};
}

std::span<const CodecId> AllCodecs() { return kAll; }
const char* CodecName(CodecId) { return "delta_varint"; }

void EncodeValuesWith(CodecId, std::span<const int64_t> values, std::string* out) {
  out->push_back(static_cast<char>(CodecId::kDeltaBitpack));
  uint64_t prev = 0;
  for (int64_t v : values) {
    PutVarint64(out, ZigZagEncode(static_cast<int64_t>(static_cast<uint64_t>(v) - prev)));
    prev = static_cast<uint64_t>(v);
  }
}

void EncodeValues(std::span<const int64_t> values, std::string* out) {
  EncodeValuesWith(CodecId::kDeltaBitpack, values, out);
}

absl::Status DecodeValues(const char** p, const char* limit, size_t count, int64_t* out) {
  if (*p >= limit || static_cast<uint8_t>(**p) != static_cast<uint8_t>(CodecId::kDeltaBitpack)) {
    return absl::DataLossError("bad codec");
  }
  ++*p;
  uint64_t prev = 0;
  for (size_t i = 0; i < count; ++i) {
    uint64_t z;
    if (!GetVarint64(p, limit, &z)) return absl::DataLossError("truncated values");
    prev += static_cast<uint64_t>(ZigZagDecode(z));
    out[i] = static_cast<int64_t>(prev);
  }
  return absl::OkStatus();
}

absl::Status SumValues(const char** p, const char* limit, size_t count, int64_t* sum) {
  std::string tmp;
  std::vector<int64_t> v(count);
  absl::Status s = DecodeValues(p, limit, count, v.data());
  uint64_t total = 0;
  for (int64_t x : v) total += static_cast<uint64_t>(x);
  *sum = static_cast<int64_t>(total);
  return s;
}

}  // namespace gridline::storage
