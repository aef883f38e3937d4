// constant.cc: the Constant codec, for chunks whose values are all equal (a flat register, a
// status channel, a meter that reads zero all day).
//
// Payload: varint(zigzag(v)), the one value. The count comes from the caller.
#include <algorithm>

#include "common/varint.h"
#include "storage/codec/codec_internal.h"

namespace gridline::storage::codec_internal {

std::optional<size_t> SizeConstant(std::span<const int64_t> values) {
  const int64_t v = values[0];
  if (std::any_of(values.begin(), values.end(), [v](int64_t x) { return x != v; })) {
    return std::nullopt;
  }
  return VarintLength(ZigZagEncode(v));
}

void EncodeConstant(std::span<const int64_t> values, std::string* out) {
  PutVarint64(out, ZigZagEncode(values[0]));
}

namespace {
absl::Status ReadValue(const char** p, const char* limit, int64_t* v) {
  uint64_t u;
  if (!GetVarint64(p, limit, &u)) return Corrupt("constant", "bad value");
  *v = ZigZagDecode(u);
  return absl::OkStatus();
}
}  // namespace

absl::Status DecodeConstant(const char** p, const char* limit, size_t count, int64_t* out) {
  int64_t v;
  GL_RETURN_IF_ERROR(ReadValue(p, limit, &v));
  std::fill(out, out + count, v);
  return absl::OkStatus();
}

absl::Status SumConstant(const char** p, const char* limit, size_t count, int64_t* sum) {
  int64_t v;
  GL_RETURN_IF_ERROR(ReadValue(p, limit, &v));
  *sum = static_cast<int64_t>(static_cast<uint64_t>(v) * count);  // wraps, as sums do
  return absl::OkStatus();
}

}  // namespace gridline::storage::codec_internal
