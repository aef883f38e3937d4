// quality.h: the quality of one reading, as a meter data management system keeps it
// (docs/domain.md section 2 lists the codes of ESPI, CMEP and NEM12 that map onto these).
#ifndef GRIDLINE_COMMON_QUALITY_H_
#define GRIDLINE_COMMON_QUALITY_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace gridline {

// Stored on disk in quality runs: never renumber.
enum class Quality : uint8_t {
  kActual = 0,
  kEstimated = 1,
  kEdited = 2,
  kMissing = 3,
  kSuspect = 4,
};
inline constexpr int kQualityCount = 5;

std::string_view QualityName(Quality q);

// Accepts the names above and the common one-letter and format codes, case-insensitive:
// `A`/`actual`/`valid`/`V` (and empty) actual, `E`/`estimated` estimated, `edited`/`M` edited,
// `N`/`missing` missing, `S`/`suspect`/`questionable` suspect.
std::optional<Quality> QualityFromText(std::string_view text);

}  // namespace gridline

#endif  // GRIDLINE_COMMON_QUALITY_H_
