#include "storage/rollup_merge_operator.h"

#include <string_view>

#include "storage/rollup_block.h"

namespace gridline::storage {

namespace {

std::string_view View(const rocksdb::Slice& s) { return std::string_view(s.data(), s.size()); }

// Adds every block in [begin, end) (and `base` when given) and encodes the sum into *out.
template <typename It>
bool Sum(const rocksdb::Slice* base, It begin, It end, RollupEncoding encoding, std::string* out) {
  thread_local RollupAccumulator acc;
  thread_local RollupBlock block;
  if (base != nullptr) {
    if (!DecodeRollupBlock(View(*base), &block).ok()) return false;
    acc.Add(block);
  }
  for (It it = begin; it != end; ++it) {
    if (!DecodeRollupBlock(View(*it), &block).ok()) {
      acc.Take(&block);  // leave the accumulator clean for the next merge
      return false;
    }
    acc.Add(block);
  }
  acc.Take(&block);
  out->clear();
  EncodeRollupBlock(block, encoding, out);
  return true;
}

class RollupMergeOperator : public rocksdb::MergeOperator {
 public:
  const char* Name() const override { return "gridline.RollupMerge.v1"; }

  bool FullMergeV2(const MergeOperationInput& in, MergeOperationOutput* out) const override {
    return Sum(in.existing_value, in.operand_list.begin(), in.operand_list.end(),
               RollupEncoding::kBest, &out->new_value);
  }

  bool PartialMergeMulti(const rocksdb::Slice& /*key*/,
                         const std::deque<rocksdb::Slice>& operands, std::string* new_value,
                         rocksdb::Logger* /*logger*/) const override {
    // Partial sums are intermediate (a flush combining a live feed's operands): the quick codec;
    // the full merge that meets the base block picks the best one.
    return Sum(nullptr, operands.begin(), operands.end(), RollupEncoding::kFast, new_value);
  }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> NewRollupMergeOperator() {
  return std::make_shared<RollupMergeOperator>();
}

}  // namespace gridline::storage
