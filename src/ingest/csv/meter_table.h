// meter_table.h: the distinct meter ids of one parsed block (ParsedBlock::meters) and the index
// of each, so that rows carry a 4-byte index instead of a string. Rows usually come grouped by
// meter, so the block parser first compares with the previous row's id and only then asks here.
#ifndef GRIDLINE_INGEST_CSV_METER_TABLE_H_
#define GRIDLINE_INGEST_CSV_METER_TABLE_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "ingest/csv/csv_text.h"

namespace gridline::ingest {

// Why `id` cannot be a meter id (empty, over kMaxMeterIdBytes, a control character, not UTF-8),
// or an empty string when it can. Runs only on ids the block has not seen yet.
inline constexpr size_t kMaxMeterIdBytes = 128;
std::string MeterIdProblem(std::string_view id);

class MeterTable {
 public:
  // A hash for short ids, cheaper than absl::Hash's generic string hash: when rows come ordered
  // by time the meter changes on every row and this lookup is a fifth of the parse. 16 bytes at
  // a time are folded by a 64 x 64 -> 128-bit multiply (the mixing step of wyhash and of
  // absl's own hash), so that every input bit reaches both the low bits (the map's control byte)
  // and the high bits (its probe start).
  struct IdHash {
    using is_transparent = void;
    size_t operator()(absl::string_view id) const {
      const char* p = id.data();
      const size_t n = id.size();
      uint64_t seed = 0x9E3779B97F4A7C15ull ^ n;
      if (n <= 16) {
        uint64_t a = 0, b = 0;
        if (n >= 8) {
          a = Load8(p);
          b = Load8(p + n - 8);  // overlaps a when n < 16
        } else {
          std::memcpy(&a, p, n);
        }
        return static_cast<size_t>(Mix(a ^ 0xA0761D6478BD642Full, b ^ seed));
      }
      size_t i = 0;
      for (; i + 16 < n; i += 16) {
        seed = Mix(Load8(p + i) ^ 0xA0761D6478BD642Full, Load8(p + i + 8) ^ seed);
      }
      return static_cast<size_t>(
          Mix(Load8(p + n - 16) ^ 0xE7037ED1A0B428DBull, Load8(p + n - 8) ^ seed));
    }
    static uint64_t Load8(const char* p) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      return w;
    }
    static uint64_t Mix(uint64_t a, uint64_t b) {
      const unsigned __int128 m = static_cast<unsigned __int128>(a) * b;
      return static_cast<uint64_t>(m) ^ static_cast<uint64_t>(m >> 64);
    }
  };
  struct IdEq {
    using is_transparent = void;
    bool operator()(absl::string_view a, absl::string_view b) const {
      return BytesEqual(std::string_view(a.data(), a.size()), std::string_view(b.data(), b.size()));
    }
  };

  // Starts a block whose meter list is *meters (usually empty): later ids are appended to it.
  // REQUIRES: *meters outlives the use of this table until the next Reset.
  void Reset(std::vector<std::string>* meters);

  // The index of `id` in the meter list, appending it when new. REQUIRES: MeterIdProblem(id)
  // is empty.
  uint32_t Intern(std::string_view id);

  // The index of `id`, or -1 when the block has not seen it.
  int64_t Find(std::string_view id) const {
    auto it = index_.find(absl::string_view(id.data(), id.size()));
    return it == index_.end() ? int64_t{-1} : static_cast<int64_t>(it->second);
  }

 private:
  std::vector<std::string>* meters_ = nullptr;
  absl::flat_hash_map<std::string, uint32_t, IdHash, IdEq> index_;
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_CSV_METER_TABLE_H_
