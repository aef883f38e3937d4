// placement.h: where each meter sits in the grid over time, as the roll-ups need it: for every
// meter, the periods of its ancestor chain (transformer, feeder, substation, ...), each chain
// ending with the system asset (kSystemAsset). Built once per topology version from the
// topology's parent periods, so the write path finds a reading's chain with one lookup instead of
// walking the tree. A meter the topology does not place rolls up into the system asset only.
//
// Thread-safety: immutable once built; shared as std::shared_ptr<const Placement>.
#ifndef GRIDLINE_ROLLUP_PLACEMENT_H_
#define GRIDLINE_ROLLUP_PLACEMENT_H_

#include <cstdint>
#include <span>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "storage/catalog.h"

namespace gridline::rollup {

// The roll-up key of the whole system: every meter, placed or not. Catalog ids start at 1.
inline constexpr storage::AssetId kSystemAsset = 0;

struct ChainPeriod {
  int64_t from = INT64_MIN;  // UTC seconds, inclusive
  int64_t to = INT64_MAX;    // exclusive
  std::vector<storage::AssetId> chain;  // nearest ancestor first, kSystemAsset last
};

class Placement {
 public:
  Placement();

  // Sets the chain periods of `meter`: sorted, contiguous, covering all time. A chain given
  // without kSystemAsset at its end gets it appended.
  void Set(storage::AssetId meter, std::vector<ChainPeriod> periods);

  // The periods of `meter` (one period with {kSystemAsset} when it is not placed).
  std::span<const ChainPeriod> Periods(storage::AssetId meter) const;

  // Every meter with periods set, in no order.
  std::vector<storage::AssetId> Meters() const;

  // The instants where the chain of `meter` differs between `a` and `b`, as [from, to) ranges,
  // with the chains on each side (for moving roll-ups after a topology change).
  struct Difference {
    int64_t from, to;
    std::vector<storage::AssetId> before, after;
  };
  static std::vector<Difference> Diff(const Placement& a, const Placement& b,
                                      storage::AssetId meter);

 private:
  absl::flat_hash_map<storage::AssetId, std::vector<ChainPeriod>> periods_;
  std::vector<ChainPeriod> unplaced_;
};

}  // namespace gridline::rollup

#endif  // GRIDLINE_ROLLUP_PLACEMENT_H_
