#include "ingest/block_meters.h"

#include "common/strings.h"

namespace gridline::ingest {

uint32_t BlockMeters::Handle(std::string_view id, ParsedBlock* block) {
  if (last_ != UINT32_MAX && block->meters[last_] == id) return last_;
  auto it = index_.find(AbslView(id));
  if (it == index_.end()) {
    it = index_.emplace(std::string(id), static_cast<uint32_t>(block->meters.size())).first;
    block->meters.emplace_back(id);
  }
  last_ = it->second;
  return last_;
}

}  // namespace gridline::ingest
