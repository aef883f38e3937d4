// asset_report.h: the analytics of one asset over a period, from its roll-up (or, for a meter,
// its own readings): the load summary (summary.h) at the 15-minute roll-up grid, against the
// asset's rating when it has one, and the coincident / non-coincident peaks and diversity
// factor of the assets directly under it (diversity.h). The payload of
// GET /api/v1/assets/{id}/analytics.
//
// Ratings: rating_kva as given; a rating in amperes (feeders) becomes kVA at the asset's
// `voltage_kv` attribute (line-to-line, default 12.47 kV) and `phases` attribute (default 3).
// Children are those under the asset at the end of the period.
#ifndef GRIDLINE_ANALYTICS_ASSET_REPORT_H_
#define GRIDLINE_ANALYTICS_ASSET_REPORT_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "analytics/diversity.h"
#include "analytics/summary.h"
#include "common/deadline.h"
#include "rollup/rollup_reader.h"
#include "storage/store.h"
#include "topology/topology.h"

namespace gridline::analytics {

inline constexpr double kDefaultFeederVoltageKv = 12.47;

struct AssetReportOptions {
  rollup::RollupMetric metric = rollup::RollupMetric::kNet;
  double power_factor = 1.0;
  size_t ldc_max_points = kDefaultLdcPoints;
  bool diversity = true;  // also the children's coincident peaks
  // The report holds one series per asset it reads (the asset, and its children for
  // diversity): at most this many 15-minute intervals over all of them, checked before any is
  // allocated (a server's bound on one request's memory: 16 bytes an interval).
  size_t max_intervals = kMaxIntervals;
  // Checked between the series read and between the steps of the report (DeadlineExceeded).
  Deadline deadline;
};

struct AssetReport {
  LoadSummary summary;
  std::optional<double> rating_kva;          // as used for loading
  std::optional<DiversityResult> diversity;  // absent without children (or when not asked)
};

// The asset's load over [from, to) (aligned outward to the 15-minute grid), one value per
// roll-up slot, absent where no meter reported. DeadlineExceeded once `deadline` passed.
absl::StatusOr<LoadSeries> AssetLoadSeries(const storage::ReadView& view, storage::AssetId asset,
                                           int64_t from, int64_t to, rollup::RollupMetric metric,
                                           const Deadline& deadline = Deadline());

// InvalidArgument for a period too long for one series (LoadSeries' limit), for more than
// options.max_intervals intervals over the asset and its children, or bad options;
// DeadlineExceeded once options.deadline passed.
absl::StatusOr<AssetReport> BuildAssetReport(const storage::ReadView& view,
                                             const topology::Topology& topology,
                                             storage::AssetId asset, int64_t from, int64_t to,
                                             const AssetReportOptions& options);

}  // namespace gridline::analytics

#endif  // GRIDLINE_ANALYTICS_ASSET_REPORT_H_
