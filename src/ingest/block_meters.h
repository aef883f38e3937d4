// block_meters.h: the meter ids of one ParsedBlock (parsed_block.h) for parsers that name a meter
// per record (CMEP, NEM12): a handle per distinct id, in order of first sight.
#ifndef GRIDLINE_INGEST_BLOCK_METERS_H_
#define GRIDLINE_INGEST_BLOCK_METERS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "ingest/parsed_block.h"

namespace gridline::ingest {

// The meter ids of one ParsedBlock: the handle of `id` in *block, added on first sight. Clear()
// with the block.
class BlockMeters {
 public:
  uint32_t Handle(std::string_view id, ParsedBlock* block);
  void Clear() {
    index_.clear();
    last_ = UINT32_MAX;
  }

 private:
  absl::flat_hash_map<std::string, uint32_t> index_;
  uint32_t last_ = UINT32_MAX;  // consecutive rows are mostly of one meter
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_BLOCK_METERS_H_
