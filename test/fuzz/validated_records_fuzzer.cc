// The validated layer's record decoders (docs/validated_layer.md): the first byte picks the
// record (0 origin, 1 validated version, 2 VEE exception), the rest is decoded by it. A decoder
// must fail cleanly on hostile bytes, and a record it accepts must encode and decode back to
// itself.
#include <cstdlib>
#include <string>
#include <string_view>

#include "storage/validated_layer.h"
#include "test/fuzz/fuzz_targets.h"
#include "vee/exception_store.h"

namespace gridline::fuzz {

namespace {

bool SameException(const vee::ExceptionRecord& a, const vee::ExceptionRecord& b) {
  const vee::VeeException &x = a.exception, &y = b.exception;
  return a.series == b.series && a.created_at_us == b.created_at_us &&
         a.updated_at_us == b.updated_at_us && a.created_by == b.created_by &&
         a.updated_by == b.updated_by && a.note == b.note && x.meter_id == y.meter_id &&
         x.channel == y.channel && x.rule == y.rule && x.severity == y.severity &&
         x.first_slot_s == y.first_slot_s && x.end_slot_s == y.end_slot_s && x.status == y.status &&
         x.detail == y.detail;
}

}  // namespace

bool FuzzValidatedRecords(const uint8_t* data, size_t size) {
  if (size == 0) return false;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0]) {
    case 0: {
      storage::Origin o, back;
      if (!storage::DecodeOrigin(bytes, &o).ok()) return false;
      if (o.user.size() > storage::kMaxOriginUserBytes ||
          o.reason.size() > storage::kMaxOriginReasonBytes) {
        std::abort();
      }
      if (!storage::DecodeOrigin(storage::EncodeOrigin(o), &back).ok() || !(back == o)) {
        std::abort();
      }
      return true;
    }
    case 1: {
      storage::ValidatedVersion v, back;
      if (!storage::DecodeValidatedVersion(bytes, &v).ok()) return false;
      if (static_cast<uint8_t>(v.quality) >= kQualityCount) std::abort();
      if (!storage::DecodeValidatedVersion(storage::EncodeValidatedVersion(v), &back).ok() ||
          back.cleared != v.cleared || back.at_us != v.at_us || back.value != v.value ||
          back.quality != v.quality || back.origin != v.origin) {
        std::abort();
      }
      return true;
    }
    case 2: {
      vee::ExceptionRecord r, back;
      if (!vee::DecodeExceptionRecord(bytes, &r).ok()) return false;
      if (!vee::DecodeExceptionRecord(vee::EncodeExceptionRecord(r), &back).ok() ||
          !SameException(r, back)) {
        std::abort();
      }
      return true;
    }
    default:
      return false;
  }
}

}  // namespace gridline::fuzz

#if defined(GL_FUZZER_validated_records)
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  gridline::fuzz::FuzzValidatedRecords(data, size);
  return 0;
}
#endif
