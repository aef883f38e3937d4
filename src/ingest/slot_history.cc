#include "ingest/slot_history.h"

#include "common/varint.h"

namespace gridline::ingest {

namespace {

// Deltas in modular arithmetic: defined for any two int64 values, exact once added back.
int64_t Delta(int64_t value, int64_t base) {
  return static_cast<int64_t>(static_cast<uint64_t>(value) - static_cast<uint64_t>(base));
}
int64_t Undelta(int64_t delta, int64_t base) {
  return static_cast<int64_t>(static_cast<uint64_t>(base) + static_cast<uint64_t>(delta));
}

}  // namespace

std::optional<SlotHistory::Earlier> SlotHistory::Record(int64_t slot, int64_t value,
                                                        uint64_t line) {
  if (slot <= max_slot_) {
    if (std::optional<Earlier> e = Find(slot)) return e;
  }
  Append(slot, value, line);
  return std::nullopt;
}

void SlotHistory::Append(int64_t slot, int64_t value, uint64_t line) {
  if (slot > max_slot_) max_slot_ = slot;
  if (!runs_.empty()) {
    Run& r = runs_.back();
    const bool next_slot = slot == r.first_slot + r.count;
    const bool steps =
        r.count == 1 ? line >= r.first_line : line == r.first_line + r.count * r.line_step;
    if (next_slot && steps && r.count < kRunReadings) {
      if (r.count == 1) r.line_step = line - r.first_line;
      PutVarint64(&values_, ZigZagEncode(Delta(value, r.last_value)));
      r.last_value = value;
      ++r.count;
      return;
    }
  }
  const size_t offset = values_.size();
  PutVarint64(&values_, ZigZagEncode(Delta(value, 0)));
  by_slot_.emplace(slot, static_cast<uint32_t>(runs_.size()));
  runs_.push_back(Run{slot, line, 0, value, offset, 1});
}

std::optional<SlotHistory::Earlier> SlotHistory::Find(int64_t slot) {
  auto it = by_slot_.upper_bound(slot);
  if (it == by_slot_.begin()) return std::nullopt;
  --it;
  const Run& r = runs_[it->second];
  const int64_t index = slot - r.first_slot;
  if (index >= r.count) return std::nullopt;
  const char* const limit = values_.data() + values_.size();
  const char* p = values_.data() + r.value_offset;
  int64_t value = 0;
  int64_t i = 0;  // values decoded so far
  if (cursor_run_ == it->second && cursor_index_ <= index) {
    p = values_.data() + cursor_offset_;
    value = cursor_value_;
    i = cursor_index_ + 1;
  }
  for (; i <= index; ++i) {
    uint64_t u = 0;
    GetVarint64(&p, limit, &u);  // written by Append: always complete
    value = Undelta(ZigZagDecode(u), value);
  }
  cursor_run_ = it->second;
  cursor_index_ = index;
  cursor_value_ = value;
  cursor_offset_ = static_cast<size_t>(p - values_.data());
  return Earlier{value, r.first_line + static_cast<uint64_t>(index) * r.line_step};
}

size_t SlotHistory::bytes() const {
  // A std::map node holds its key, value and three pointers and a colour.
  return runs_.capacity() * sizeof(Run) + by_slot_.size() * 48 + values_.capacity();
}

}  // namespace gridline::ingest
