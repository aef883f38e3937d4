// loading.h: how hard an asset is loaded against its rating, docs/domain.md section 3 ("Transformer
// loading %", "Feeder loading %"):
//   loading % = 100 x kVA / kVA_rated,   kVA = |kW| / PF.
// The power factor is a parameter (default 1.0: kVA = kW, the lowest loading the energy allows;
// a real PF below 1 raises it). The magnitude of kW is used: reverse flow from PV export loads a
// transformer as much as forward flow. docs/domain.md's other form, kVA = sqrt(kW^2 + kVAR^2),
// needs a kVARh channel and is not computed here.
//
// Feeders are usually rated in amperes; AmpereRatingToKva() turns such a rating into kVA at the
// nominal voltage (three-phase: sqrt(3) x V_LL x A / 1000), after which a feeder is loaded like a
// transformer (at a constant voltage, A / A_rated = kVA / kVA_rated).
//
// Over a series: the peak loading %, hours over 80 % and over 100 % of the rating (strictly
// above; hours = intervals over x interval_s / 3600) and the longest run of consecutive intervals
// over 100 %. Only present intervals count; a missing interval ends a run (we do not know it was
// over). At a coarser resolution (ToHourly in load_series.h) the same figures read "hours whose
// average demand was over", which smooths short peaks away.
#ifndef GRIDLINE_ANALYTICS_LOADING_H_
#define GRIDLINE_ANALYTICS_LOADING_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "analytics/load_series.h"
#include "common/time.h"

namespace gridline::analytics {

// Bounds that keep every loading % finite (and sensible): PF in [0.01, 1], rating in
// [0.001, 1e9] kVA (1 VA to 1 TVA).
inline constexpr double kMinPowerFactor = 0.01;
inline constexpr double kMinRatingKva = 1e-3;
inline constexpr double kMaxRatingKva = 1e9;

// kVA of an ampere rating: phases 3: sqrt(3) x V_LL x A / 1000 (voltage_v line-to-line);
// phases 1: V x A / 1000 (voltage_v across the load, e.g. 240 V split-phase). InvalidArgument
// for other phase counts, non-finite or non-positive inputs, or a result outside the rating bounds.
absl::StatusOr<double> AmpereRatingToKva(double rating_a, double voltage_v, int phases);

struct LoadingOptions {
  double rating_kva = 0;      // nameplate or computed from amperes; REQUIRED
  double power_factor = 1.0;  // kVA = |kW| / PF
};

// OK when the rating and PF are within the bounds above, else InvalidArgument.
absl::Status ValidateLoadingOptions(const LoadingOptions& options);

// 100 x |kW| / PF / kVA_rated per interval; absent where the interval is missing.
absl::StatusOr<std::vector<std::optional<double>>> LoadingPercent(const LoadSeries& series,
                                                                  const LoadingOptions& options);

struct LoadingSummary {
  double rating_kva = 0;
  double power_factor = 1.0;
  int64_t interval_s = 0;  // the resolution the figures were counted at
  double hours_with_data = 0;
  // The highest loading and its interval (earliest on ties); absent with no present interval.
  std::optional<double> peak_loading_pct;
  std::optional<UnixSeconds> peak_loading_start_s;
  double hours_over_80 = 0;   // loading > 80 %
  double hours_over_100 = 0;  // loading > 100 %
  double longest_over_100_hours = 0;
  std::optional<UnixSeconds> longest_over_100_start_s;  // earliest longest run; absent if none
};

// Loading figures of `series` against `options` (InvalidArgument as ValidateLoadingOptions).
// hours_over_100 <= hours_over_80 <= hours_with_data always.
absl::StatusOr<LoadingSummary> SummarizeLoading(const LoadSeries& series,
                                                const LoadingOptions& options);

}  // namespace gridline::analytics

#endif  // GRIDLINE_ANALYTICS_LOADING_H_
