// exception_store.cc: keys, records and listing of VEE exceptions (exception_store.h).
#include "vee/exception_store.h"

#include "common/status_macros.h"
#include "common/varint.h"
#include "storage/keys.h"

namespace gridline::vee {

namespace {

constexpr uint8_t kRecordFormat = 1;
constexpr size_t kKeyBytes = 2 + 4 + 8 + 1 + 8;

void PutTime(std::string* k, int64_t t) {
  storage::PutFixed64BigEndian(k, static_cast<uint64_t>(t) ^ (uint64_t{1} << 63));
}

void PutString(std::string* out, std::string_view s) {
  PutVarint64(out, s.size());
  out->append(s);
}

bool GetString(const char** p, const char* limit, std::string* s) {
  uint64_t n;
  if (!GetVarint64(p, limit, &n) || n > kMaxExceptionTextBytes ||
      n > static_cast<uint64_t>(limit - *p)) {
    return false;
  }
  s->assign(*p, n);
  *p += n;
  return true;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string ExceptionKey(storage::SeriesId series, const VeeException& e) {
  std::string k(kExceptionPrefix);
  PutFixed32BigEndian(&k, series);
  PutTime(&k, e.first_slot_s);
  k.push_back(static_cast<char>(e.rule));
  PutTime(&k, e.end_slot_s);
  return k;
}

std::string ExceptionIdOf(std::string_view key) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (size_t i = kExceptionPrefix.size(); i < key.size(); ++i) {
    const uint8_t b = static_cast<uint8_t>(key[i]);
    id.push_back(kHex[b >> 4]);
    id.push_back(kHex[b & 15]);
  }
  return id;
}

std::optional<std::string> ExceptionKeyOfId(std::string_view id) {
  if (id.size() != 2 * (kKeyBytes - kExceptionPrefix.size())) return std::nullopt;
  std::string key(kExceptionPrefix);
  for (size_t i = 0; i < id.size(); i += 2) {
    const int hi = HexDigit(id[i]), lo = HexDigit(id[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    key.push_back(static_cast<char>(hi << 4 | lo));
  }
  return key;
}

std::string EncodeExceptionRecord(const ExceptionRecord& r) {
  const VeeException& e = r.exception;
  std::string out;
  out.push_back(static_cast<char>(kRecordFormat));
  out.push_back(static_cast<char>(e.channel));
  out.push_back(static_cast<char>(e.rule));
  out.push_back(static_cast<char>(e.severity));
  out.push_back(static_cast<char>(e.status));
  PutVarint64(&out, r.series);
  PutVarint64(&out, ZigZagEncode(e.first_slot_s));
  PutVarint64(&out, ZigZagEncode(e.end_slot_s));
  PutVarint64(&out, ZigZagEncode(r.created_at_us));
  PutVarint64(&out, ZigZagEncode(r.updated_at_us));
  PutString(&out, e.meter_id);
  PutString(&out, e.detail);
  PutString(&out, r.created_by);
  PutString(&out, r.updated_by);
  PutString(&out, r.note);
  return out;
}

absl::Status DecodeExceptionRecord(std::string_view bytes, ExceptionRecord* r) {
  const char* p = bytes.data();
  const char* limit = p + bytes.size();
  const auto corrupt = [] { return absl::DataLossError("corrupt VEE exception record"); };
  if (bytes.size() < 5 || static_cast<uint8_t>(p[0]) != kRecordFormat) return corrupt();
  VeeException& e = r->exception;
  const uint8_t channel = static_cast<uint8_t>(p[1]), rule = static_cast<uint8_t>(p[2]),
                severity = static_cast<uint8_t>(p[3]), status = static_cast<uint8_t>(p[4]);
  const std::optional<ChannelKind> kind = ChannelFromByte(channel);
  if (!kind || rule < 1 || rule > AllRules().size() || severity < 1 || severity > 3 || status < 1 ||
      status > 4) {
    return corrupt();
  }
  e.channel = *kind;
  e.rule = static_cast<VeeRule>(rule);
  e.severity = static_cast<Severity>(severity);
  e.status = static_cast<ExceptionStatus>(status);
  p += 5;
  uint64_t f[5];
  for (uint64_t& x : f) {
    if (!GetVarint64(&p, limit, &x)) return corrupt();
  }
  if (f[0] > UINT32_MAX) return corrupt();
  r->series = static_cast<storage::SeriesId>(f[0]);
  e.first_slot_s = ZigZagDecode(f[1]);
  e.end_slot_s = ZigZagDecode(f[2]);
  r->created_at_us = ZigZagDecode(f[3]);
  r->updated_at_us = ZigZagDecode(f[4]);
  if (!GetString(&p, limit, &e.meter_id) || !GetString(&p, limit, &e.detail) ||
      !GetString(&p, limit, &r->created_by) || !GetString(&p, limit, &r->updated_by) ||
      !GetString(&p, limit, &r->note) || p != limit) {
    return corrupt();
  }
  return absl::OkStatus();
}

bool ExceptionFilter::Matches(const ExceptionRecord& r) const {
  const VeeException& e = r.exception;
  if (series && r.series != *series) return false;
  if (meter && e.meter_id != *meter) return false;
  if (rule && e.rule != *rule) return false;
  if (status && e.status != *status) return false;
  return e.end_slot_s > from_s && e.first_slot_s < to_s;
}

absl::Status ListExceptions(
    const storage::ReadView& view, const ExceptionFilter& filter, std::string_view after_id,
    const std::function<bool(std::string_view id, const ExceptionRecord&)>& visit) {
  std::string prefix(kExceptionPrefix);
  if (filter.series) PutFixed32BigEndian(&prefix, *filter.series);
  std::string start = prefix;
  if (!after_id.empty()) {
    std::optional<std::string> key = ExceptionKeyOfId(after_id);
    if (!key) return absl::InvalidArgumentError("after: not an exception id");
    // Just past the key: the key with a zero byte appended sorts right after it.
    start = *key;
    start.push_back('\0');
  }
  absl::Status status;
  ExceptionRecord r;
  GL_RETURN_IF_ERROR(view.ScanMeta(prefix, start, [&](std::string_view key, std::string_view v) {
    if (absl::Status s = DecodeExceptionRecord(v, &r); !s.ok()) {
      status = s;
      return false;
    }
    if (!filter.Matches(r)) return true;
    return visit(ExceptionIdOf(key), r);
  }));
  return status;
}

}  // namespace gridline::vee
