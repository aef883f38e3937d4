// line_runs.h: the input line of each reading of one write request, kept as runs so that a
// reading the store refuses after the fact (a damaged window, storage/write_request.h) is reported
// on its line. A run is (first reading, first line, step): a long file steps by 1 line a reading,
// a wide row by 0, so a request of a million readings costs a few runs, not 8 bytes a reading.
// Readings placed late (a new series' learning reads) start new runs: at most one per reading.
//
// Thread-compatible.
#ifndef GRIDLINE_INGEST_LINE_RUNS_H_
#define GRIDLINE_INGEST_LINE_RUNS_H_

#include <algorithm>
#include <cstdint>
#include <vector>

namespace gridline::ingest {

class LineRuns {
 public:
  // Records the line of the next reading (index size()).
  void Append(uint64_t line) {
    if (!runs_.empty()) {
      Run& r = runs_.back();
      const uint64_t n = size_ - r.first_index;  // readings in the run
      if (n == 1 && line >= r.first_line) {
        r.step = line - r.first_line;
        ++size_;
        return;
      }
      if (n > 1 && line == r.first_line + n * r.step) {
        ++size_;
        return;
      }
    }
    runs_.push_back(Run{size_, line, 0});
    ++size_;
  }

  // The line of reading `index`. REQUIRES: index < size().
  uint64_t LineOf(uint64_t index) const {
    auto it = std::upper_bound(runs_.begin(), runs_.end(), index,
                               [](uint64_t i, const Run& r) { return i < r.first_index; });
    --it;
    return it->first_line + (index - it->first_index) * it->step;
  }

  uint64_t size() const { return size_; }
  size_t runs() const { return runs_.size(); }
  void clear() {
    runs_.clear();
    size_ = 0;
  }

 private:
  struct Run {
    uint64_t first_index;
    uint64_t first_line;
    uint64_t step;
  };
  std::vector<Run> runs_;
  uint64_t size_ = 0;
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_LINE_RUNS_H_
