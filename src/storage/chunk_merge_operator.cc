#include "storage/chunk_merge_operator.h"

#include <string_view>
#include <vector>

#include "storage/chunk.h"

namespace gridline::storage {

namespace {

std::string_view View(const rocksdb::Slice& s) { return std::string_view(s.data(), s.size()); }

class ChunkMergeOperator : public rocksdb::MergeOperator {
 public:
  const char* Name() const override { return "gridline.ChunkMerge.v1"; }

  bool FullMergeV2(const MergeOperationInput& in, MergeOperationOutput* out) const override {
    std::vector<Chunk> chunks(in.operand_list.size() + (in.existing_value != nullptr ? 1 : 0));
    std::vector<const Chunk*> layers;
    layers.reserve(chunks.size());
    size_t i = 0;
    if (in.existing_value != nullptr) {
      if (!DecodeChunk(View(*in.existing_value), &chunks[i]).ok()) return false;
      layers.push_back(&chunks[i++]);
    }
    for (const rocksdb::Slice& operand : in.operand_list) {
      if (!DecodeChunk(View(operand), &chunks[i]).ok()) return false;
      layers.push_back(&chunks[i++]);
    }
    Chunk merged;
    MergeChunks(layers, &merged);
    out->new_value.clear();
    EncodeChunk(merged, ValueEncoding::kBest, &out->new_value);
    return true;
  }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> NewChunkMergeOperator() {
  return std::make_shared<ChunkMergeOperator>();
}

}  // namespace gridline::storage
