// validated_layer.h: the records of the validated layer (docs/validated_layer.md). The raw layer
// stays as received (chunks, versions); the validated layer is an overlay of the slots VEE or a
// user has processed, read merged over the raw chunks: a processed slot shows its overlay value,
// quality and origin, every other slot its latest raw value as `actual`.
//
// All records live in the `meta` column family, so they commit in the same atomic WriteBatch as
// the exceptions and roll-up deltas they go with:
//   "vl" series u32 | window u32            -> overlay chunk: the chunk format
//                                              (docs/chunk_format.md) with the processed slots
//                                              only; the batch column holds the origin id, and a
//                                              slot nothing could fill is value 0, `missing`
//   "vo" origin u32                         -> Origin: what made a validated value (who, when, why)
//   "vh" series u32 | slot u64 | seq u64    -> ValidatedVersion: every validated value a slot had,
//                                              oldest first (the history of a reading)
//   "vn"                                    -> u64: the next origin id / history sequence
// Integers big-endian, so a series' records are adjacent and in time order.
//
// A new raw value (a late read, a new version) in a processed slot makes it unprocessed again
// (its validated read is the new raw value as `actual` until VEE runs), except after a manual
// edit: an `edited` slot keeps its edit, and the raw value is still there with --layer raw.
#ifndef GRIDLINE_STORAGE_VALIDATED_LAYER_H_
#define GRIDLINE_STORAGE_VALIDATED_LAYER_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "common/quality.h"
#include "storage/catalog.h"
#include "storage/chunk.h"

namespace gridline::storage {

inline constexpr std::string_view kOverlayPrefix = "vl";
inline constexpr std::string_view kOriginPrefix = "vo";
inline constexpr std::string_view kValidatedHistoryPrefix = "vh";
inline constexpr std::string_view kValidatedNextIdKey = "vn";

std::string OverlayKey(SeriesId series, uint32_t window);
// The first key of `series`' overlay (window 0): with OverlayKey(series + 1, 0), its bounds.
bool ParseOverlayKey(std::string_view key, SeriesId* series, uint32_t* window);
std::string OriginKey(uint32_t origin);
bool ParseOriginKey(std::string_view key, uint32_t* origin);
std::string ValidatedHistoryKey(SeriesId series, int64_t slot, uint64_t sequence);
bool ParseValidatedHistoryKey(std::string_view key, SeriesId* series, int64_t* slot,
                              uint64_t* sequence);

// Stored on disk: never renumber.
enum class OriginKind : uint8_t {
  kValidated = 1,  // VEE kept the value (a rule flagged it: `actual` or `suspect`), or found no
                   // value (`missing`)
  kEstimated = 2,  // an estimation method made the value
  kEdited = 3,     // a user set the value by hand
};
std::string_view OriginKindName(OriginKind kind);

// What made a set of validated values. The storage layer keeps the VEE ids as numbers
// (vee/vee_types.h names them: storage sits below vee).
struct Origin {
  OriginKind kind = OriginKind::kValidated;
  uint8_t method = 0;  // vee::EstimationMethod, 0 when none
  uint8_t rule = 0;    // vee::VeeRule that caused it, 0 when none
  int64_t at_us = 0;   // when it was committed, Unix microseconds
  std::string user;    // who: a user id, or `vee`
  std::string reason;  // why, free text (an edit's reason, an exception reference)
  bool operator==(const Origin&) const = default;
};
// Bounds that keep a hostile request from bloating the record.
inline constexpr size_t kMaxOriginUserBytes = 128;
inline constexpr size_t kMaxOriginReasonBytes = 1024;

std::string EncodeOrigin(const Origin& origin);
// DataLoss on a malformed record.
absl::Status DecodeOrigin(std::string_view bytes, Origin* origin);

// One validated value a slot had.
struct ValidatedVersion {
  int64_t slot = 0;
  uint64_t sequence = 0;  // order of commits
  bool cleared = false;   // the slot became unprocessed again (a new raw value replaced it)
  int64_t at_us = 0;      // when, Unix microseconds
  int64_t value = 0;
  Quality quality = Quality::kActual;
  uint32_t origin = 0;
};
std::string EncodeValidatedVersion(const ValidatedVersion& v);
// Fills all but slot and sequence (from the key). DataLoss on a malformed record.
absl::Status DecodeValidatedVersion(std::string_view bytes, ValidatedVersion* v);

// The validated view of one window: `raw` (may be empty) with `overlay` (may be empty) laid over
// it. *out gets every slot of either, the overlay's value and quality where it has the slot, the
// raw value and its quality as received elsewhere (`actual`, unless the source said otherwise);
// (*origins)[i] is the overlay's origin of out's slot i, 0 where the raw value shows through.
void MergeOverlay(const Chunk& raw, const Chunk& overlay, Chunk* out,
                  std::vector<uint32_t>* origins);

}  // namespace gridline::storage

#endif  // GRIDLINE_STORAGE_VALIDATED_LAYER_H_
