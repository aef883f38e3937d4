// slot_history.h: the slots one series has been given in the current input, with the value and
// the input line of each, so that a second reading for a slot is caught (docs/conventions.md: "Two
// different values for one slot in one input are a row error naming the earlier line; equal
// values count once, as a duplicate").
//
// Memory: readings are kept as runs of consecutive slots whose lines step evenly (a file sorted
// by meter then time steps by 1, one sorted by time by the meter count, a wide row by 0), each
// run at most kRunReadings long with its values as zig-zag varint deltas: about 1-2 bytes per
// reading for meter data in time order, plus ~100 bytes per run. Input in random slot order costs
// a run per reading.
// Time: a reading past the series' latest slot, nearly all of them, is an append; any other
// costs a map lookup and decodes at most kRunReadings varints.
// Budget: the placer keeps the histories of all series of one input within
// kMaxSlotHistoryBytes (PlacerOptions::slot_history_bytes); past it the in-input check stops
// (series_placer.h, docs/import.md "One slot, two readings").
//
// Thread-compatible.
#ifndef GRIDLINE_INGEST_SLOT_HISTORY_H_
#define GRIDLINE_INGEST_SLOT_HISTORY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gridline::ingest {

// The memory one input's slot histories may take together: at ~2 bytes a reading in time order,
// about 100 million readings; input in random order reaches it sooner.
inline constexpr size_t kMaxSlotHistoryBytes = size_t{256} << 20;

class SlotHistory {
 public:
  static constexpr uint32_t kRunReadings = 256;

  struct Earlier {
    int64_t value;
    uint64_t line;
  };

  // When `slot` already has a reading in this input, returns it and records nothing; otherwise
  // records (slot, value, line) and returns nullopt.
  // REQUIRES: `line` is not below the line of any reading recorded before.
  std::optional<Earlier> Record(int64_t slot, int64_t value, uint64_t line);

  // Bytes held, for tests and budgets.
  size_t bytes() const;

 private:
  struct Run {
    int64_t first_slot;
    uint64_t first_line;
    uint64_t line_step;
    int64_t last_value;
    size_t value_offset;  // into values_: the first value's delta from 0, then deltas
    uint32_t count;
  };

  std::optional<Earlier> Find(int64_t slot);
  void Append(int64_t slot, int64_t value, uint64_t line);

  std::vector<Run> runs_;
  std::map<int64_t, uint32_t> by_slot_;  // first slot of each run -> its index; runs are disjoint
  std::string values_;
  int64_t max_slot_ = INT64_MIN;
  // Where the last Find stopped decoding, so a second pass over a run in slot order (a file
  // sent twice) decodes each value once: run index, reading index in it, its value and the
  // offset of the next varint.
  uint32_t cursor_run_ = UINT32_MAX;
  int64_t cursor_index_ = 0;
  int64_t cursor_value_ = 0;
  size_t cursor_offset_ = 0;
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_SLOT_HISTORY_H_
