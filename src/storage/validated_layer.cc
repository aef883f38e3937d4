// validated_layer.cc: keys, records and the merged read of the validated layer (validated_layer.h).
#include "storage/validated_layer.h"

#include "common/varint.h"
#include "storage/keys.h"

namespace gridline::storage {

namespace {

constexpr uint8_t kOriginFormat = 1;
constexpr uint8_t kVersionFormat = 1;

bool HasPrefix(std::string_view key, std::string_view prefix) {
  return key.substr(0, prefix.size()) == prefix;
}

void PutString(std::string* out, std::string_view s) {
  PutVarint64(out, s.size());
  out->append(s);
}

bool GetString(const char** p, const char* limit, size_t max_bytes, std::string* s) {
  uint64_t n;
  if (!GetVarint64(p, limit, &n) || n > max_bytes || n > static_cast<uint64_t>(limit - *p)) {
    return false;
  }
  s->assign(*p, n);
  *p += n;
  return true;
}

}  // namespace

std::string OverlayKey(SeriesId series, uint32_t window) {
  std::string k(kOverlayPrefix);
  PutFixed32BigEndian(&k, series);
  PutFixed32BigEndian(&k, window);
  return k;
}

bool ParseOverlayKey(std::string_view key, SeriesId* series, uint32_t* window) {
  if (key.size() != kOverlayPrefix.size() + 8 || !HasPrefix(key, kOverlayPrefix)) return false;
  *series = DecodeFixed32BigEndian(key.data() + 2);
  *window = DecodeFixed32BigEndian(key.data() + 6);
  return true;
}

std::string OriginKey(uint32_t origin) {
  std::string k(kOriginPrefix);
  PutFixed32BigEndian(&k, origin);
  return k;
}

bool ParseOriginKey(std::string_view key, uint32_t* origin) {
  if (key.size() != kOriginPrefix.size() + 4 || !HasPrefix(key, kOriginPrefix)) return false;
  *origin = DecodeFixed32BigEndian(key.data() + 2);
  return true;
}

std::string ValidatedHistoryKey(SeriesId series, int64_t slot, uint64_t sequence) {
  std::string k(kValidatedHistoryPrefix);
  PutFixed32BigEndian(&k, series);
  PutFixed64BigEndian(&k, static_cast<uint64_t>(slot));
  PutFixed64BigEndian(&k, sequence);
  return k;
}

bool ParseValidatedHistoryKey(std::string_view key, SeriesId* series, int64_t* slot,
                              uint64_t* sequence) {
  if (key.size() != kValidatedHistoryPrefix.size() + 20 ||
      !HasPrefix(key, kValidatedHistoryPrefix)) {
    return false;
  }
  *series = DecodeFixed32BigEndian(key.data() + 2);
  *slot = static_cast<int64_t>(DecodeFixed64BigEndian(key.data() + 6));
  *sequence = DecodeFixed64BigEndian(key.data() + 14);
  return true;
}

std::string_view OriginKindName(OriginKind kind) {
  switch (kind) {
    case OriginKind::kValidated:
      return "validated";
    case OriginKind::kEstimated:
      return "estimated";
    case OriginKind::kEdited:
      return "edited";
  }
  return "unknown";
}

std::string EncodeOrigin(const Origin& origin) {
  std::string out;
  out.push_back(static_cast<char>(kOriginFormat));
  out.push_back(static_cast<char>(origin.kind));
  out.push_back(static_cast<char>(origin.method));
  out.push_back(static_cast<char>(origin.rule));
  PutVarint64(&out, ZigZagEncode(origin.at_us));
  PutString(&out, origin.user);
  PutString(&out, origin.reason);
  return out;
}

absl::Status DecodeOrigin(std::string_view bytes, Origin* origin) {
  const char* p = bytes.data();
  const char* limit = p + bytes.size();
  if (bytes.size() < 4 || static_cast<uint8_t>(p[0]) != kOriginFormat) {
    return absl::DataLossError("corrupt origin record");
  }
  const uint8_t kind = static_cast<uint8_t>(p[1]);
  if (kind < 1 || kind > 3) return absl::DataLossError("unknown origin kind");
  origin->kind = static_cast<OriginKind>(kind);
  origin->method = static_cast<uint8_t>(p[2]);
  origin->rule = static_cast<uint8_t>(p[3]);
  p += 4;
  uint64_t at;
  if (!GetVarint64(&p, limit, &at) || !GetString(&p, limit, kMaxOriginUserBytes, &origin->user) ||
      !GetString(&p, limit, kMaxOriginReasonBytes, &origin->reason) || p != limit) {
    return absl::DataLossError("truncated origin record");
  }
  origin->at_us = ZigZagDecode(at);
  return absl::OkStatus();
}

std::string EncodeValidatedVersion(const ValidatedVersion& v) {
  std::string out;
  out.push_back(static_cast<char>(kVersionFormat));
  out.push_back(static_cast<char>(v.cleared ? 1 : 0));
  PutVarint64(&out, ZigZagEncode(v.at_us));
  PutVarint64(&out, ZigZagEncode(v.value));
  out.push_back(static_cast<char>(v.quality));
  PutVarint64(&out, v.origin);
  return out;
}

absl::Status DecodeValidatedVersion(std::string_view bytes, ValidatedVersion* v) {
  const char* p = bytes.data();
  const char* limit = p + bytes.size();
  if (bytes.size() < 2 || static_cast<uint8_t>(p[0]) != kVersionFormat ||
      static_cast<uint8_t>(p[1]) > 1) {
    return absl::DataLossError("corrupt validated version record");
  }
  v->cleared = p[1] == 1;
  p += 2;
  uint64_t at, z, origin;
  if (!GetVarint64(&p, limit, &at)) return absl::DataLossError("corrupt validated version record");
  v->at_us = ZigZagDecode(at);
  if (!GetVarint64(&p, limit, &z) || p >= limit || static_cast<uint8_t>(*p) >= kQualityCount) {
    return absl::DataLossError("corrupt validated version record");
  }
  v->value = ZigZagDecode(z);
  v->quality = static_cast<Quality>(static_cast<uint8_t>(*p++));
  if (!GetVarint64(&p, limit, &origin) || origin > UINT32_MAX || p != limit) {
    return absl::DataLossError("corrupt validated version record");
  }
  v->origin = static_cast<uint32_t>(origin);
  return absl::OkStatus();
}

void MergeOverlay(const Chunk& raw, const Chunk& overlay, Chunk* out,
                  std::vector<uint32_t>* origins) {
  out->clear();
  origins->clear();
  out->reserve(raw.size() + overlay.size());
  origins->reserve(raw.size() + overlay.size());
  size_t r = 0, o = 0;
  while (r < raw.size() || o < overlay.size()) {
    const bool take_overlay =
        o < overlay.size() && (r >= raw.size() || overlay.offsets[o] <= raw.offsets[r]);
    if (take_overlay) {
      const bool same_slot = r < raw.size() && raw.offsets[r] == overlay.offsets[o];
      out->Append(overlay.offsets[o], overlay.values[o], overlay.qualities[o],
                  same_slot ? raw.batches[r] : 0);
      origins->push_back(overlay.batches[o]);
      if (same_slot) ++r;
      ++o;
    } else {
      out->Append(raw.offsets[r], raw.values[r], raw.qualities[r], raw.batches[r]);
      origins->push_back(0);
      ++r;
    }
  }
}

}  // namespace gridline::storage
