// meter_table.h: the distinct meter ids of one parsed block (ParsedBlock::meters) and the index
// of each, so that rows carry a 4-byte index instead of a string. Rows usually come grouped by
// meter, so the block parser first compares with the previous row's id and only then asks here.
#ifndef GRIDLINE_INGEST_CSV_METER_TABLE_H_
#define GRIDLINE_INGEST_CSV_METER_TABLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace gridline::ingest {

// Why `id` cannot be a meter id (empty, over kMaxMeterIdBytes, a control character, not UTF-8),
// or an empty string when it can. Runs only on ids the block has not seen yet.
inline constexpr size_t kMaxMeterIdBytes = 128;
std::string MeterIdProblem(std::string_view id);

class MeterTable {
 public:
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
  absl::flat_hash_map<std::string, uint32_t> index_;
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_CSV_METER_TABLE_H_
