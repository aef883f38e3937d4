// test_series.h: helpers for the analytics tests only (no library code includes it): a valid
// LoadSeries from a literal, and the UTC instant the hand-computed cases start at.
#ifndef GRIDLINE_ANALYTICS_TEST_SERIES_H_
#define GRIDLINE_ANALYTICS_TEST_SERIES_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "analytics/load_series.h"
#include "common/status_macros.h"

namespace gridline::analytics {

// 2026-07-01T00:00:00Z.
inline constexpr int64_t kT0 = 1782864000;
inline constexpr std::nullopt_t kMissing = std::nullopt;

// REQUIRES: the arguments form a valid series (aborts otherwise: a broken test, not input).
inline LoadSeries MakeSeries(std::vector<std::optional<int64_t>> wh, int64_t interval_s = 900,
                             int64_t start_s = kT0) {
  absl::StatusOr<LoadSeries> s = LoadSeries::Create(start_s, interval_s, std::move(wh));
  GL_CHECK(s.ok());
  return *std::move(s);
}

}  // namespace gridline::analytics

#endif  // GRIDLINE_ANALYTICS_TEST_SERIES_H_
