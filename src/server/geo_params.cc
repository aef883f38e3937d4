// geo_params.cc: the geo query parameters' text (geo_params.h).
#include "server/geo_params.h"

#include <cstdlib>
#include <string>

#include "absl/strings/str_split.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "ingest/csv/csv_text.h"
#include "server/api_error.h"

namespace gridline::server {

absl::StatusOr<double> ParseGeoNumber(std::string_view name, std::string_view text, double lo,
                                      double hi) {
  const std::string s(text);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !(v >= lo && v <= hi)) {
    return InvalidParameter(name, fmt::format("expected a number in [{}, {}]", lo, hi));
  }
  return v;
}

absl::StatusOr<std::vector<topology::LatLon>> ParseGeoPoints(std::string_view name,
                                                             std::string_view text, size_t count) {
  const char* expected =
      count == 2 ? "expected W,S,E,N (degrees)" : "expected lon lat pairs: LON LAT,LON LAT,...";
  const size_t max_numbers = 2 * (count == 0 ? kMaxGeoPoints : count);
  std::vector<double> numbers;
  for (absl::string_view part_view : absl::StrSplit(absl::string_view(text.data(), text.size()),
                                                    absl::ByAnyChar(", "), absl::SkipEmpty())) {
    if (numbers.size() == max_numbers) {
      return InvalidParameter(
          name, count == 0 ? fmt::format("more than {} points", kMaxGeoPoints) : expected);
    }
    const std::string s(StdView(part_view));
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size()) {
      return InvalidParameter(name, fmt::format("{} is not a number", ingest::Shown(s)));
    }
    numbers.push_back(v);
  }
  if (numbers.size() % 2 != 0 || (count != 0 && numbers.size() != 2 * count) || numbers.empty()) {
    return InvalidParameter(name, expected);
  }
  std::vector<topology::LatLon> out;
  for (size_t i = 0; i < numbers.size(); i += 2) {
    const topology::LatLon p{numbers[i + 1], numbers[i]};
    if (!(p.lat >= -90 && p.lat <= 90 && p.lon >= -180 && p.lon <= 180)) {
      return InvalidParameter(name, "coordinates out of range (lat -90..90, lon -180..180)");
    }
    out.push_back(p);
  }
  return out;
}

}  // namespace gridline::server
