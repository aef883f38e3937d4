#include "rollup/placement.h"

#include <algorithm>

#include "common/status_macros.h"

namespace gridline::rollup {

Placement::Placement() { unplaced_.push_back(ChainPeriod{INT64_MIN, INT64_MAX, {kSystemAsset}}); }

void Placement::Set(storage::AssetId meter, std::vector<ChainPeriod> periods) {
  GL_CHECK(!periods.empty() && periods.front().from == INT64_MIN && periods.back().to == INT64_MAX);
  for (size_t i = 0; i < periods.size(); ++i) {
    if (i > 0) GL_CHECK(periods[i].from == periods[i - 1].to);
    auto& chain = periods[i].chain;
    if (chain.empty() || chain.back() != kSystemAsset) chain.push_back(kSystemAsset);
  }
  // Neighbouring periods with the same chain are one period.
  std::vector<ChainPeriod> merged;
  for (ChainPeriod& p : periods) {
    if (!merged.empty() && merged.back().chain == p.chain) {
      merged.back().to = p.to;
    } else {
      merged.push_back(std::move(p));
    }
  }
  periods_[meter] = std::move(merged);
}

std::span<const ChainPeriod> Placement::Periods(storage::AssetId meter) const {
  auto it = periods_.find(meter);
  return it == periods_.end() ? std::span<const ChainPeriod>(unplaced_)
                              : std::span<const ChainPeriod>(it->second);
}

std::vector<storage::AssetId> Placement::Meters() const {
  std::vector<storage::AssetId> out;
  out.reserve(periods_.size());
  for (const auto& [meter, unused] : periods_) out.push_back(meter);
  return out;
}

std::vector<Placement::Difference> Placement::Diff(const Placement& a, const Placement& b,
                                                   storage::AssetId meter) {
  std::vector<Difference> out;
  const auto pa = a.Periods(meter);
  const auto pb = b.Periods(meter);
  size_t i = 0, j = 0;
  int64_t t = INT64_MIN;
  // Walk both period lists together; each step covers [t, min(ends)).
  while (i < pa.size() && j < pb.size()) {
    const int64_t end = std::min(pa[i].to, pb[j].to);
    if (pa[i].chain != pb[j].chain) {
      if (!out.empty() && out.back().to == t && out.back().before == pa[i].chain &&
          out.back().after == pb[j].chain) {
        out.back().to = end;
      } else {
        out.push_back(Difference{t, end, pa[i].chain, pb[j].chain});
      }
    }
    t = end;
    if (pa[i].to == end) ++i;
    if (pb[j].to == end) ++j;
  }
  return out;
}

}  // namespace gridline::rollup
