#include "common/quality.h"

#include "common/strings.h"

namespace gridline {

std::string_view QualityName(Quality q) {
  switch (q) {
    case Quality::kActual:
      return "actual";
    case Quality::kEstimated:
      return "estimated";
    case Quality::kEdited:
      return "edited";
    case Quality::kMissing:
      return "missing";
    case Quality::kSuspect:
      return "suspect";
  }
  return "unknown";
}

std::optional<Quality> QualityFromText(std::string_view text) {
  text = StripSpaces(text);
  struct Name {
    std::string_view text;
    Quality q;
  };
  static constexpr Name kNames[] = {
      {"", Quality::kActual},           {"a", Quality::kActual},
      {"actual", Quality::kActual},     {"valid", Quality::kActual},
      {"v", Quality::kActual},          {"e", Quality::kEstimated},
      {"estimated", Quality::kEstimated}, {"est", Quality::kEstimated},
      {"edited", Quality::kEdited},     {"m", Quality::kEdited},
      {"n", Quality::kMissing},         {"missing", Quality::kMissing},
      {"s", Quality::kSuspect},         {"suspect", Quality::kSuspect},
      {"questionable", Quality::kSuspect},
  };
  for (const Name& n : kNames) {
    if (EqualsIgnoreCase(n.text, text)) return n.q;
  }
  return std::nullopt;
}

}  // namespace gridline
