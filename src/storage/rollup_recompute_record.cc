#include "storage/rollup_recompute_record.h"

#include "common/varint.h"

namespace gridline::storage {

namespace {
constexpr uint8_t kFormat = 1;
// A record lists the ranges of one repair; more than this many is a malformed record.
constexpr uint64_t kMaxRanges = uint64_t{1} << 24;
}  // namespace

std::string EncodeRollupRecompute(const RollupRecompute& r) {
  std::string out;
  out.push_back(static_cast<char>(kFormat));
  out.push_back(r.all ? 1 : 0);
  PutVarint64(&out, r.ranges.size());
  for (const SetAsideRange& s : r.ranges) {
    PutVarint64(&out, s.series);
    PutVarint64(&out, static_cast<uint64_t>(s.from_slot));
    PutVarint64(&out, static_cast<uint64_t>(s.to_slot));
  }
  return out;
}

absl::Status DecodeRollupRecompute(std::string_view bytes, RollupRecompute* out) {
  const absl::Status bad = absl::DataLossError("malformed roll-up recompute record");
  *out = RollupRecompute();
  if (bytes.size() < 2 || static_cast<uint8_t>(bytes[0]) != kFormat) return bad;
  out->all = bytes[1] != 0;
  const char* p = bytes.data() + 2;
  const char* const limit = bytes.data() + bytes.size();
  uint64_t n = 0;
  if (!GetVarint64(&p, limit, &n) || n > kMaxRanges) return bad;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t series = 0, from = 0, to = 0;
    if (!GetVarint64(&p, limit, &series) || !GetVarint64(&p, limit, &from) ||
        !GetVarint64(&p, limit, &to) || series > UINT32_MAX || from > INT64_MAX || to > INT64_MAX) {
      return bad;
    }
    out->ranges.push_back(SetAsideRange{static_cast<SeriesId>(series), static_cast<int64_t>(from),
                                        static_cast<int64_t>(to)});
  }
  if (p != limit) return bad;
  return absl::OkStatus();
}

}  // namespace gridline::storage
