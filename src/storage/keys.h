// keys.h: RocksDB key layouts of the store's column families. Integers are big-endian so that
// byte order is numeric order and one series' entries are adjacent and in time order.
//
//   chunks    series u32 | window u32                    -> chunk (docs/chunk_format.md)
//   versions  series u32 | slot u64 | sequence u64       -> superseded raw value: varint zig-zag
//                                                           value, u8 quality, varint batch
//   audit     sequence u64                               -> AuditRecord (storage/audit.h)
//   catalog   'A' external id                            -> asset record
//             'S' series u32                             -> series record
//             'B' batch u32                              -> batch record
#ifndef GRIDLINE_STORAGE_KEYS_H_
#define GRIDLINE_STORAGE_KEYS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "common/varint.h"

namespace gridline::storage {

inline void PutFixed64BigEndian(std::string* dst, uint64_t v) {
  PutFixed32BigEndian(dst, static_cast<uint32_t>(v >> 32));
  PutFixed32BigEndian(dst, static_cast<uint32_t>(v));
}
inline uint64_t DecodeFixed64BigEndian(const char* p) {
  return (static_cast<uint64_t>(DecodeFixed32BigEndian(p)) << 32) | DecodeFixed32BigEndian(p + 4);
}

inline std::string ChunkKey(uint32_t series, uint32_t window) {
  std::string k;
  k.reserve(8);
  PutFixed32BigEndian(&k, series);
  PutFixed32BigEndian(&k, window);
  return k;
}
inline bool ParseChunkKey(std::string_view key, uint32_t* series, uint32_t* window) {
  if (key.size() != 8) return false;
  *series = DecodeFixed32BigEndian(key.data());
  *window = DecodeFixed32BigEndian(key.data() + 4);
  return true;
}

inline std::string VersionKey(uint32_t series, int64_t slot, uint64_t sequence) {
  std::string k;
  k.reserve(20);
  PutFixed32BigEndian(&k, series);
  PutFixed64BigEndian(&k, static_cast<uint64_t>(slot));
  PutFixed64BigEndian(&k, sequence);
  return k;
}
inline bool ParseVersionKey(std::string_view key, uint32_t* series, int64_t* slot,
                            uint64_t* sequence) {
  if (key.size() != 20) return false;
  *series = DecodeFixed32BigEndian(key.data());
  *slot = static_cast<int64_t>(DecodeFixed64BigEndian(key.data() + 4));
  *sequence = DecodeFixed64BigEndian(key.data() + 12);
  return true;
}

inline std::string SequenceKey(uint64_t seq) {
  std::string k;
  PutFixed64BigEndian(&k, seq);
  return k;
}

inline constexpr char kAssetPrefix = 'A';
inline constexpr char kSeriesPrefix = 'S';
inline constexpr char kBatchPrefix = 'B';

inline std::string CatalogKey(char prefix, uint32_t id) {
  std::string k(1, prefix);
  PutFixed32BigEndian(&k, id);
  return k;
}
inline std::string AssetKey(std::string_view external_id) {
  std::string k(1, kAssetPrefix);
  k.append(external_id);
  return k;
}

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_KEYS_H_
