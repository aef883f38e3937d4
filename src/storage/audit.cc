#include "storage/audit.h"

#include "common/varint.h"

namespace gridline::storage {

namespace {
constexpr uint8_t kAuditVersion = 1;
}

std::string EncodeAuditRecord(const AuditRecord& r) {
  std::string out;
  out.push_back(static_cast<char>(kAuditVersion));
  out.push_back(static_cast<char>(r.kind));
  PutVarint64(&out, ZigZagEncode(r.at_us));
  PutVarint64(&out, r.series);
  PutVarint64(&out, ZigZagEncode(r.slot));
  PutVarint64(&out, ZigZagEncode(r.slot_end));
  PutVarint64(&out, ZigZagEncode(r.old_value));
  PutVarint64(&out, ZigZagEncode(r.new_value));
  PutVarint64(&out, r.old_batch);
  PutVarint64(&out, r.new_batch);
  PutVarint64(&out, r.count);
  return out;
}

absl::Status DecodeAuditRecord(std::string_view bytes, AuditRecord* r) {
  const char* p = bytes.data();
  const char* limit = p + bytes.size();
  if (bytes.size() < 2 || static_cast<uint8_t>(p[0]) != kAuditVersion) {
    return absl::DataLossError("corrupt audit record");
  }
  const uint8_t kind = static_cast<uint8_t>(p[1]);
  if (kind < 1 || kind > 2) return absl::DataLossError("unknown audit record kind");
  r->kind = static_cast<AuditKind>(kind);
  p += 2;
  uint64_t f[9];
  for (uint64_t& x : f) {
    if (!GetVarint64(&p, limit, &x)) return absl::DataLossError("truncated audit record");
  }
  r->at_us = ZigZagDecode(f[0]);
  r->series = static_cast<SeriesId>(f[1]);
  r->slot = ZigZagDecode(f[2]);
  r->slot_end = ZigZagDecode(f[3]);
  r->old_value = ZigZagDecode(f[4]);
  r->new_value = ZigZagDecode(f[5]);
  r->old_batch = static_cast<BatchId>(f[6]);
  r->new_batch = static_cast<BatchId>(f[7]);
  r->count = f[8];
  return absl::OkStatus();
}

}  // namespace gridline::storage
