// proxy_day.cc: the like days of the closest temperature.
#include "vee/estimate/proxy_day.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "vee/estimate/like_day.h"

namespace gridline::vee {
namespace {

std::optional<double> Temperature(const EstimateInput& in, int64_t day) {
  if (in.temperatures == nullptr) return std::nullopt;
  auto it = in.temperatures->find(day);
  if (it == in.temperatures->end()) return std::nullopt;
  return it->second;
}

// Mean of the kProxyDays reference values whose day's temperature is closest to `target_c`.
std::optional<double> ProxyValue(const EstimateInput& in, const Gap& gap, size_t slot,
                                 double target_c) {
  struct Candidate {
    double distance_c;
    int64_t value_wh;
  };
  // Bounded: at most one candidate per day looked at.
  std::array<Candidate, 2 * kMaxLookbackDays> candidates;
  size_t n = 0;
  ForEachReferenceDay(in, gap, slot, false, [&](int64_t day, int64_t value_wh) {
    if (std::optional<double> t = Temperature(in, day)) {
      candidates[n++] = {std::abs(*t - target_c), value_wh};
    }
    return n < candidates.size();
  });
  if (n == 0) return std::nullopt;
  const size_t take = std::min<size_t>(n, kProxyDays);
  // Stable: of equally close days the nearer in time (offered first) wins.
  std::stable_sort(
      candidates.begin(), candidates.begin() + n,
      [](const Candidate& a, const Candidate& b) { return a.distance_c < b.distance_c; });
  double sum = 0;
  for (size_t i = 0; i < take; ++i) sum += static_cast<double>(candidates[i].value_wh);
  return sum / static_cast<double>(take);
}

}  // namespace

void EstimateProxyDay(const EstimateInput& in, const Gap& gap, std::span<SlotEstimate> out) {
  for (size_t k = 0; k < gap.size(); ++k) {
    const size_t slot = gap.begin + k;
    if (std::optional<double> t = Temperature(in, LocalSlotOf(in, slot).day)) {
      if (std::optional<double> v = ProxyValue(in, gap, slot, *t)) {
        out[k] = {v, EstimationMethod::kProxyDay};
        continue;
      }
    }
    out[k] = {LikeDayValue(in, gap, slot, LikeDayOptions{}), EstimationMethod::kLikeDay};
  }
}

}  // namespace gridline::vee
