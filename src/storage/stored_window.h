// stored_window.h: what the store holds for one window of one series, as the write path needs to
// see it before it writes: which slots are present, and (only when a write lands on one) their
// values. The layers (base chunk and merge operands) are fetched without merging them, so
// checking a late reading against a window costs a header parse per layer, not a decode and
// re-encode of the whole window.
#ifndef GRIDLINE_STORAGE_STORED_WINDOW_H_
#define GRIDLINE_STORAGE_STORED_WINDOW_H_

#include <array>
#include <bitset>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "rocksdb/db.h"
#include "storage/chunk.h"

namespace gridline::storage {

class StoredWindow {
 public:
  // Loads the layers of `key` as of now. DataLoss when a layer is corrupt.
  absl::Status Load(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, const std::string& key);
  // Forgets the loaded layers (their pinned blocks are released).
  void Reset();

  bool empty() const { return layer_count_ == 0; }
  bool Has(uint16_t offset) const { return present_.test(offset); }
  const std::bitset<kWindowSlots>& presence() const { return present_; }

  // Decodes the loaded layers' values, for Lookup. DataLoss when a layer is corrupt. Idempotent.
  absl::Status DecodeValues();
  // The latest stored value, quality and batch of a present offset.
  // REQUIRES: DecodeValues() succeeded since the last Load, and Has(offset).
  void Lookup(uint16_t offset, int64_t* value, Quality* quality, uint32_t* batch) const;

 private:
  std::vector<rocksdb::PinnableSlice> layers_;
  int layer_count_ = 0;
  std::bitset<kWindowSlots> present_;
  std::vector<uint16_t> offsets_;
  bool decoded_ = false;
  std::vector<Chunk> decoded_layers_;
  Chunk merged_;
  std::array<uint16_t, kWindowSlots> position_{};  // offset -> index in merged_
};

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_STORED_WINDOW_H_
