// estimator.cc: the method table, the default table and the rounding every method shares.
#include "vee/estimate/estimator.h"

#include <array>
#include <cmath>

#include "analytics/load_series.h"
#include "vee/estimate/class_profile.h"
#include "vee/estimate/edge_shape.h"
#include "vee/estimate/like_day.h"
#include "vee/estimate/linear.h"
#include "vee/estimate/mdma_rule.h"
#include "vee/estimate/proxy_day.h"
#include "vee/estimate/register_scale.h"

namespace gridline::vee {
namespace {

using MethodFn = void (*)(const EstimateInput&, const Gap&, std::span<SlotEstimate>);

void RunLikeDay(const EstimateInput& in, const Gap& gap, std::span<SlotEstimate> out) {
  EstimateLikeDay(in, gap, LikeDayOptions{}, out);
}
void RunEdgeShape(const EstimateInput& in, const Gap& gap, std::span<SlotEstimate> out) {
  EstimateEdgeShape(in, gap, EdgeShapeOptions{}, out);
}
void RunDefault(const EstimateInput& in, const Gap& gap, std::span<SlotEstimate> out);
void RunRegisterScaled(const EstimateInput& in, const Gap& gap, std::span<SlotEstimate> out) {
  RunDefault(in, gap, out);
  ScaleToRegisters(in, gap, out);
}

struct MethodRow {
  EstimationMethod method;
  MethodFn fn;
};
// Every method of vee_types.h with the function that runs it.
constexpr std::array<MethodRow, 7> kMethodFns = {{
    {EstimationMethod::kLinearInterpolation, EstimateLinear},
    {EstimationMethod::kLikeDay, RunLikeDay},
    {EstimationMethod::kClassProfile, EstimateClassProfile},
    {EstimationMethod::kProxyDay, EstimateProxyDay},
    {EstimationMethod::kRegisterScaled, RunRegisterScaled},
    {EstimationMethod::kMdmaRule, EstimateMdmaRule},
    {EstimationMethod::kEdgeShape, RunEdgeShape},
}};

MethodFn FnOf(EstimationMethod method) {
  for (const MethodRow& row : kMethodFns) {
    if (row.method == method) return row.fn;
  }
  return RunDefault;
}

// Chosen on the training households MAC000002..005 (`gridline bench vee --set train --tune`,
// 60 gaps per household and length, seed 1; docs/vee.md "Estimation"). MAE in Wh per half-hour,
// edge_shape against the next best method of vee_types.h: 30 min 74.2 (linear 75.4), 1 h 63.8
// (linear 86.5), 2 h 69.0 (linear 93.9), 4 h 85.3 (like_day 103.9), 8 h 83.4 (94.5), 24 h 91.5
// (104.9), a whole local day 83.5 (99.3). edge_shape was best at every length, so every row names
// it; a row per measured length keeps the table ready for a method that wins somewhere.
constexpr std::array<DefaultMethodRow, 7> kDefaultMethods = {{
    {1800, EstimationMethod::kEdgeShape},
    {3600, EstimationMethod::kEdgeShape},
    {7200, EstimationMethod::kEdgeShape},
    {14400, EstimationMethod::kEdgeShape},
    {28800, EstimationMethod::kEdgeShape},
    {86400, EstimationMethod::kEdgeShape},
    {INT64_MAX, EstimationMethod::kEdgeShape},
}};

void RunDefault(const EstimateInput& in, const Gap& gap, std::span<SlotEstimate> out) {
  const EstimationMethod m = DefaultMethodFor(static_cast<int64_t>(gap.size()) * in.interval_s);
  FnOf(m)(in, gap, out);
}

std::optional<int64_t> ToWh(const std::optional<double>& wh, bool delivered) {
  if (!wh || !std::isfinite(*wh)) return std::nullopt;
  const double limit = static_cast<double>(analytics::kMaxAbsIntervalWh);
  double v = std::clamp(*wh, -limit, limit);
  if (delivered && v < 0) v = 0;
  return static_cast<int64_t>(std::llround(v));
}

std::vector<EstimatedSlot> Run(const EstimateInput& in, const Gap& gap, MethodFn fn) {
  if (gap.size() == 0 || gap.end > in.values.size()) return {};
  std::vector<EstimatedSlot> result(gap.size());
  if (GapTooLong(in, gap)) {
    for (EstimatedSlot& s : result) s.method = EstimationMethod::kLikeDay;
    return result;
  }
  std::vector<SlotEstimate> raw(gap.size());
  fn(in, gap, raw);
  for (size_t k = 0; k < raw.size(); ++k) {
    result[k] = {ToWh(raw[k].wh, in.delivered), raw[k].method};
  }
  return result;
}

}  // namespace

std::span<const DefaultMethodRow> DefaultMethodTable() { return kDefaultMethods; }

EstimationMethod DefaultMethodFor(int64_t gap_s) {
  for (const DefaultMethodRow& row : kDefaultMethods) {
    if (gap_s <= row.max_gap_s) return row.method;
  }
  return kDefaultMethods.back().method;
}

std::vector<EstimatedSlot> EstimateGap(const EstimateInput& in, const Gap& gap,
                                       EstimationMethod method) {
  return Run(in, gap, FnOf(method));
}

std::vector<EstimatedSlot> EstimateGapDefault(const EstimateInput& in, const Gap& gap) {
  return Run(in, gap, RunRegisterScaled);
}

}  // namespace gridline::vee
