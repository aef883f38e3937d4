// range_cells.h: roll-up cell deltas of one asset over a contiguous range of one window's
// offsets, grown as cells arrive. The write path gathers a group's deltas in these: an import
// touches a few days of each transformer, so a dense range costs far less than a whole window
// (4096 cells) per asset, and adding a cell is an index, not a hash lookup.
#ifndef GRIDLINE_ROLLUP_RANGE_CELLS_H_
#define GRIDLINE_ROLLUP_RANGE_CELLS_H_

#include <cstdint>
#include <vector>

#include "storage/rollup_block.h"

namespace gridline::rollup {

class RangeCells {
 public:
  bool empty() const { return cells_.empty(); }
  uint16_t lo() const { return lo_; }

  void Add(uint16_t offset, const storage::RollupCell& cell) {
    if (cells_.empty()) {
      lo_ = offset;
      cells_.resize(1);
    } else if (offset < lo_) {
      cells_.insert(cells_.begin(), lo_ - offset, storage::RollupCell());
      lo_ = offset;
    } else if (offset - lo_ >= static_cast<int>(cells_.size())) {
      cells_.resize(offset - lo_ + 1);
    }
    cells_[offset - lo_].Add(cell);
  }

  void AddAll(const RangeCells& o, int sign) {
    if (o.empty()) return;
    Add(o.lo_, storage::RollupCell());
    Add(static_cast<uint16_t>(o.lo_ + o.cells_.size() - 1), storage::RollupCell());
    storage::RollupCell* dst = cells_.data() + (o.lo_ - lo_);
    for (const storage::RollupCell& c : o.cells_) {
      if (sign > 0) {
        dst->Add(c);
      } else {
        dst->Subtract(c);
      }
      ++dst;
    }
  }

  // The non-zero cells as a block.
  void ToBlock(storage::RollupBlock* out) const {
    out->clear();
    for (size_t i = 0; i < cells_.size(); ++i) {
      if (cells_[i].zero()) continue;
      out->offsets.push_back(static_cast<uint16_t>(lo_ + i));
      out->cells.push_back(cells_[i]);
    }
  }

  void clear() { cells_.clear(); }

 private:
  uint16_t lo_ = 0;
  std::vector<storage::RollupCell> cells_;
};

}  // namespace gridline::rollup

#endif  // GRIDLINE_ROLLUP_RANGE_CELLS_H_
