// diversity.h: coincident and non-coincident peaks of a group and its diversity factor,
// docs/domain.md section 7:
//   NCP_i = member i's own peak demand (non-coincident peak),
//   CP_i  = member i's demand in the interval where the group peaks (coincident peak),
//   DF    = sum(NCP_i) / P_max(group) >= 1,   coincidence factor = 1 / DF.
//
// A group is any asset with children: meters under a transformer, transformers under a feeder,
// feeders under a substation. Members are named by their asset id and are themselves load
// series, so a member may be a meter's own series or a child asset's roll-up; nothing here
// depends on which.
//
// The group series is given, not derived: a feeder's total may be its head-end measurement
// (members + unmetered load + losses) or the roll-up of its members. DF >= 1 holds when the group
// series is the sum of its members (the group peak cannot exceed the sum of the members' own
// peaks); a head-end series that carries losses or unmetered load can give DF < 1. SumSeries()
// (load_series.h) builds the sum when no roll-up is at hand.
//
// Missing data: a member with no present interval has no NCP and is left out of sum(NCP_i)
// (counted in members_without_data, so a caller can tell DF is understated); a member missing at
// the group's peak interval has no CP and is left out of sum(CP_i) (members_without_cp). All
// ratios come from exact integer Wh on one grid (the kW conversion cancels), one rounding each.
#ifndef GRIDLINE_ANALYTICS_DIVERSITY_H_
#define GRIDLINE_ANALYTICS_DIVERSITY_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "analytics/load_series.h"
#include "common/time.h"

namespace gridline::analytics {

// A member of a group, not owned: `series` must outlive the call.
struct GroupMember {
  std::string id;  // the meter's or child asset's id, echoed in the result
  const LoadSeries* series = nullptr;
};

struct MemberPeaks {
  std::string id;
  std::optional<double> ncp_kw;            // the member's own peak
  std::optional<UnixSeconds> ncp_start_s;  // its interval (earliest on ties)
  std::optional<double> cp_kw;             // at the group's peak interval
};

struct DiversityResult {
  std::optional<double> group_peak_kw;            // P_max; absent if the group has no data
  std::optional<UnixSeconds> group_peak_start_s;  // earliest on ties
  std::vector<MemberPeaks> members;               // in the order given
  double sum_ncp_kw = 0;                          // over members with an NCP
  double sum_cp_kw = 0;                           // over members with a CP
  size_t members_without_data = 0;                // no NCP
  size_t members_without_cp = 0;                  // missing at the group peak (or no group peak)
  // Absent when P_max <= 0 or sum(NCP_i) <= 0 (undefined or meaningless; never NaN or inf).
  std::optional<double> diversity_factor;
  std::optional<double> coincidence_factor;  // 1 / DF
};

// InvalidArgument when a member's series is null or not on the group's grid (same start,
// interval and length), or there are more than kMaxIntervals members. No members is valid (the
// group peak alone, no DF).
absl::StatusOr<DiversityResult> ComputeDiversity(const LoadSeries& group,
                                                 const std::vector<GroupMember>& members);

}  // namespace gridline::analytics

#endif  // GRIDLINE_ANALYTICS_DIVERSITY_H_
