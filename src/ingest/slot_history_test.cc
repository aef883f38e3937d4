// Tests of SlotHistory against a plain map of every slot (the reference), in the orders files
// come in: by meter then time, by time, wide rows, reversed, shuffled, and all repeated.
#include "ingest/slot_history.h"

#include <algorithm>
#include <map>
#include <random>

#include "gtest/gtest.h"

namespace gridline::ingest {
namespace {

struct Input {
  int64_t slot;
  int64_t value;
};

// Feeds `inputs` (line i + 2 each, or `per_line` readings a line) to a SlotHistory and to a map,
// and checks that both find the same earlier readings.
void CheckAgainstMap(const std::vector<Input>& inputs, int per_line = 1) {
  SlotHistory h;
  std::map<int64_t, SlotHistory::Earlier> reference;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const uint64_t line = 2 + i / per_line;
    const std::optional<SlotHistory::Earlier> got = h.Record(inputs[i].slot, inputs[i].value, line);
    auto it = reference.find(inputs[i].slot);
    if (it == reference.end()) {
      ASSERT_FALSE(got.has_value()) << i;
      reference.emplace(inputs[i].slot, SlotHistory::Earlier{inputs[i].value, line});
    } else {
      ASSERT_TRUE(got.has_value()) << i;
      ASSERT_EQ(got->value, it->second.value) << i;
      ASSERT_EQ(got->line, it->second.line) << i;
    }
  }
}

std::vector<Input> Sequence(int64_t first_slot, int n, int64_t step = 1) {
  std::vector<Input> v;
  std::mt19937_64 rng(7);
  for (int i = 0; i < n; ++i) {
    v.push_back({first_slot + i * step, static_cast<int64_t>(rng() % 2000) - 100});
  }
  return v;
}

TEST(SlotHistory, FindsEveryEarlierReadingInAnyOrder) {
  std::vector<Input> in = Sequence(1000, 5000);
  CheckAgainstMap(in);
  CheckAgainstMap(in, 96);  // wide rows: 96 readings a line
  std::vector<Input> twice = in;
  twice.insert(twice.end(), in.begin(), in.end());  // a file concatenated with itself
  CheckAgainstMap(twice);
  std::reverse(twice.begin(), twice.end());
  CheckAgainstMap(twice);
  std::shuffle(twice.begin(), twice.end(), std::mt19937_64(11));
  CheckAgainstMap(twice);
  // Gaps, and extreme values whose deltas do not fit int64.
  std::vector<Input> gaps = Sequence(0, 2000, 3);
  gaps.push_back({1, INT64_MAX});
  gaps.push_back({2, INT64_MIN});
  gaps.push_back({1, 0});
  gaps.push_back({2, 0});
  CheckAgainstMap(gaps);
}

TEST(SlotHistory, SortedInputCostsAboutTwoBytesAReading) {
  SlotHistory h;
  const std::vector<Input> in = Sequence(0, 100'000);
  for (size_t i = 0; i < in.size(); ++i) ASSERT_FALSE(h.Record(in[i].slot, in[i].value, 2 + i));
  // Values spread over 2,000 Wh: deltas of up to 2 varint bytes, plus a run per 256 readings.
  EXPECT_LT(h.bytes(), 100'000u * 3);
}

}  // namespace
}  // namespace gridline::ingest
