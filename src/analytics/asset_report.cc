#include "analytics/asset_report.h"

#include <algorithm>
#include <cstdlib>

#include "common/status_macros.h"
#include "fmt/format.h"

namespace gridline::analytics {

namespace {

constexpr int64_t kSlot = storage::kRollupSlotSeconds;

int64_t FloorTo(int64_t t, int64_t step) { return t / step * step - ((t % step < 0) ? step : 0); }

std::optional<double> RatingKva(const topology::AssetInfo* info) {
  if (info == nullptr) return std::nullopt;
  if (info->rating_kva && *info->rating_kva > 0) return *info->rating_kva;
  if (!info->rating_a || *info->rating_a <= 0) return std::nullopt;
  double kv = kDefaultFeederVoltageKv;
  int phases = 3;
  if (const std::string* v = info->FindAttribute("voltage_kv")) kv = std::atof(v->c_str());
  if (const std::string* p = info->FindAttribute("phases")) phases = std::atoi(p->c_str());
  absl::StatusOr<double> kva = AmpereRatingToKva(*info->rating_a, kv * 1000, phases);
  if (!kva.ok()) return std::nullopt;
  return *kva;
}

}  // namespace

absl::StatusOr<LoadSeries> AssetLoadSeries(const storage::ReadView& view, storage::AssetId asset,
                                           int64_t from, int64_t to, rollup::RollupMetric metric,
                                           const Deadline& deadline) {
  const int64_t start = FloorTo(from, kSlot);
  const int64_t end = FloorTo(to + kSlot - 1, kSlot);
  const int64_t n = (end - start) / kSlot;
  if (n <= 0 || n > static_cast<int64_t>(kMaxIntervals)) {
    return absl::InvalidArgumentError(
        fmt::format("a period of {} quarter-hours; at most {} per request", n, kMaxIntervals));
  }
  std::vector<std::optional<int64_t>> wh(static_cast<size_t>(n));
  rollup::RollupRow row;
  GL_RETURN_IF_ERROR(rollup::ForEachRollupCell(
      view, asset, start, end,
      [&](int64_t t, const storage::RollupCell& c) {
        row.delivered_wh = c.delivered_wh;
        row.received_wh = c.received_wh;
        wh[static_cast<size_t>((t - start) / kSlot)] = row.Wh(metric);
      },
      deadline));
  return LoadSeries::Create(start, kSlot, std::move(wh));
}

absl::StatusOr<AssetReport> BuildAssetReport(const storage::ReadView& view,
                                             const topology::Topology& topology,
                                             storage::AssetId asset, int64_t from, int64_t to,
                                             const AssetReportOptions& options) {
  const std::vector<storage::AssetId> children =
      options.diversity ? topology.ChildrenAt(asset, to - 1) : std::vector<storage::AssetId>();
  const uint64_t per_series = static_cast<uint64_t>(
      std::max<int64_t>(0, (FloorTo(to + kSlot - 1, kSlot) - FloorTo(from, kSlot)) / kSlot));
  if (per_series * (1 + children.size()) > options.max_intervals) {
    return absl::InvalidArgumentError(fmt::format(
        "{} quarter-hours x {} series (the asset{}) is more than the {} intervals one request may "
        "read: use a shorter period{}",
        per_series, 1 + children.size(), children.empty() ? "" : " and its children",
        options.max_intervals, children.empty() ? "" : " or diversity=false"));
  }
  const Deadline& deadline = options.deadline;
  GL_ASSIGN_OR_RETURN(LoadSeries series,
                      AssetLoadSeries(view, asset, from, to, options.metric, deadline));
  GL_RETURN_IF_ERROR(deadline.Check("reading the asset's load"));
  AssetReport report;
  report.rating_kva = RatingKva(topology.Find(asset));
  SummaryOptions so;
  so.ldc_max_points = options.ldc_max_points;
  so.rating_kva = report.rating_kva;
  so.power_factor = options.power_factor;
  GL_ASSIGN_OR_RETURN(report.summary, Summarize(series, so));
  if (children.empty()) return report;
  GL_RETURN_IF_ERROR(deadline.Check("summarizing the asset's load"));
  std::vector<LoadSeries> child_series;
  child_series.reserve(children.size());
  for (storage::AssetId child : children) {
    GL_ASSIGN_OR_RETURN(LoadSeries s,
                        AssetLoadSeries(view, child, from, to, options.metric, deadline));
    child_series.push_back(std::move(s));
  }
  std::vector<GroupMember> members;
  for (size_t i = 0; i < children.size(); ++i) {
    const topology::AssetInfo* info = topology.Find(children[i]);
    members.push_back(GroupMember{info != nullptr ? info->external_id : std::to_string(children[i]),
                                  &child_series[i]});
  }
  GL_RETURN_IF_ERROR(deadline.Check("reading the children's loads"));
  GL_ASSIGN_OR_RETURN(report.diversity, ComputeDiversity(series, members));
  return report;
}

}  // namespace gridline::analytics
