#include "storage/stored_window.h"

#include "common/status_macros.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "storage/rocks_status.h"

namespace gridline::storage {

void StoredWindow::Reset() {
  for (int i = 0; i < layer_count_; ++i) layers_[i].Reset();
  layer_count_ = 0;
  present_.reset();
  decoded_ = false;
}

absl::Status StoredWindow::Load(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
                                const std::string& key) {
  Reset();
  if (layers_.size() < 16) layers_.resize(16);
  while (true) {
    rocksdb::GetMergeOperandsOptions options;
    options.expected_max_number_of_operands = static_cast<int>(layers_.size());
    int n = 0;
    rocksdb::Status s =
        db->GetMergeOperands(rocksdb::ReadOptions(), cf, key, layers_.data(), &options, &n);
    if (s.IsIncomplete()) {
      // More layers than slots: grow and ask again.
      layers_.resize(static_cast<size_t>(n) + 16);
      continue;
    }
    if (s.IsNotFound()) return absl::OkStatus();
    if (!s.ok()) return FromRocks(s, "reading a chunk before writing it");
    layer_count_ = n;
    break;
  }
  for (int i = 0; i < layer_count_; ++i) {
    const std::string_view bytes(layers_[i].data(), layers_[i].size());
    if (absl::Status s = DecodeChunkOffsets(bytes, &offsets_); !s.ok()) return s;
    for (uint16_t o : offsets_) present_.set(o);
  }
  return absl::OkStatus();
}

absl::Status StoredWindow::DecodeValues() {
  if (decoded_) return absl::OkStatus();
  if (decoded_layers_.size() < static_cast<size_t>(layer_count_)) {
    decoded_layers_.resize(layer_count_);
  }
  std::vector<const Chunk*> layers;
  for (int i = 0; i < layer_count_; ++i) {
    const std::string_view bytes(layers_[i].data(), layers_[i].size());
    if (absl::Status s = DecodeChunk(bytes, &decoded_layers_[i]); !s.ok()) return s;
    layers.push_back(&decoded_layers_[i]);
  }
  MergeChunks(layers, &merged_);
  for (size_t i = 0; i < merged_.size(); ++i) {
    position_[merged_.offsets[i]] = static_cast<uint16_t>(i);
  }
  decoded_ = true;
  return absl::OkStatus();
}

void StoredWindow::Lookup(uint16_t offset, int64_t* value, Quality* quality,
                          uint32_t* batch) const {
  GL_DCHECK(decoded_ && present_.test(offset));
  const uint16_t i = position_[offset];
  *value = merged_.values[i];
  *quality = merged_.qualities[i];
  *batch = merged_.batches[i];
}

}  // namespace gridline::storage
