// diversity.cc: coincident / non-coincident peaks and the diversity factor of a group
// (diversity.h; docs/domain.md section 3).
#include "analytics/diversity.h"

#include <cstdint>

#include "analytics/demand_stats.h"
#include "common/exact_sum.h"
#include "fmt/format.h"

namespace gridline::analytics {

absl::StatusOr<DiversityResult> ComputeDiversity(const LoadSeries& group,
                                                 const std::vector<GroupMember>& members) {
  // The member bound keeps sum(NCP_i) within 2^22 x 2^40 = 2^62 Wh.
  if (members.size() > kMaxIntervals) {
    return absl::InvalidArgumentError(
        fmt::format("diversity: {} members, at most {} allowed", members.size(), kMaxIntervals));
  }
  for (const GroupMember& m : members) {
    if (m.series == nullptr) {
      return absl::InvalidArgumentError(fmt::format("diversity: member {}: no series", m.id));
    }
    if (!m.series->SameGrid(group)) {
      return absl::InvalidArgumentError(fmt::format(
          "diversity: member {}: grid {}+{}x{}s differs from the group's {}+{}x{}s", m.id,
          FormatIsoUtc(m.series->start_s()), m.series->size(), m.series->interval_s(),
          FormatIsoUtc(group.start_s()), group.size(), group.interval_s()));
    }
  }

  DiversityResult result;
  const std::optional<PeakAndMinimum> group_extremes = FindPeakAndMinimum(group);
  std::optional<size_t> peak_index;
  if (group_extremes.has_value()) {
    result.group_peak_kw = group_extremes->peak.kw;
    result.group_peak_start_s = group_extremes->peak.start_s;
    peak_index = group_extremes->peak.index;
  }

  // One member's peak is within 2^40 Wh, but a group of millions can pass int64: 128 bits.
  ExactSum sum_ncp_wh;
  ExactSum sum_cp_wh;
  result.members.reserve(members.size());
  for (const GroupMember& m : members) {
    MemberPeaks peaks;
    peaks.id = m.id;
    const std::optional<PeakAndMinimum> own = FindPeakAndMinimum(*m.series);
    if (own.has_value()) {
      peaks.ncp_kw = own->peak.kw;
      peaks.ncp_start_s = own->peak.start_s;
      sum_ncp_wh.Add(own->peak.wh);
    } else {
      ++result.members_without_data;
    }
    const std::optional<int64_t> at_peak =
        peak_index.has_value() ? (*m.series)[*peak_index] : std::nullopt;
    if (at_peak.has_value()) {
      peaks.cp_kw = group.DemandKw(*at_peak);
      sum_cp_wh.Add(*at_peak);
    } else {
      ++result.members_without_cp;
    }
    result.members.push_back(std::move(peaks));
  }
  // The sums can pass 2^40 Wh, where WhToKw's exact Wh x 3600 no longer holds; convert them in
  // double (exact while the sum x 3600 stays below 2^53, one more rounding beyond).
  const double interval_ms = static_cast<double>(group.interval_s() * 1000);
  result.sum_ncp_kw = sum_ncp_wh.ToDouble() * 3600.0 / interval_ms;
  result.sum_cp_kw = sum_cp_wh.ToDouble() * 3600.0 / interval_ms;

  if (group_extremes.has_value() && group_extremes->peak.wh > 0 && sum_ncp_wh.ToDouble() > 0) {
    // DF = sum(NCP_i) / P_max: both in Wh of one interval length, so the conversion cancels.
    const double df = sum_ncp_wh.ToDouble() / static_cast<double>(group_extremes->peak.wh);
    result.diversity_factor = df;
    result.coincidence_factor =
        static_cast<double>(group_extremes->peak.wh) / sum_ncp_wh.ToDouble();
  }
  return result;
}

}  // namespace gridline::analytics
