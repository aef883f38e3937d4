// series_reader_test.cc: ReadSeriesRange with a deadline reads exactly what it reads without
// one (slices meet on window boundaries: no reading twice, none left out), stops with
// DeadlineExceeded once the deadline passed, and crosses a sparse range in few seeks.
#include "query/series_reader.h"

#include <chrono>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/store.h"
#include "test/test_util.h"

namespace gridline::query {
namespace {

using ::testing::HasSubstr;

class SeriesReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions o;
    o.path = dir_.path();
    auto s = storage::Store::Open(o);
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = std::move(*s);
    const storage::AssetId m = store_->catalog().FindOrAddAsset("M", storage::AssetKind::kMeter);
    series_ = *store_->catalog().AddSeries(m, ChannelKind::kKwhDelivered, 900);
  }
  void Write(const std::vector<int64_t>& slots) {
    storage::WriteRequest r;
    for (int64_t slot : slots) r.readings.push_back({slot, slot % 1000, series_, Quality::kActual});
    ASSERT_TRUE(store_->Write(&r).ok());
  }
  std::vector<int64_t> Read(int64_t from_s, int64_t to_s, const Deadline& deadline,
                            absl::Status* status) {
    std::vector<int64_t> times;
    auto view = store_->NewReadView();
    *status = ReadSeriesRange(
        *view, series_, store_->catalog().GetSeries(series_), from_s, to_s,
        [&](const ReadingRow& r) { times.push_back(r.time); }, deadline);
    return times;
  }

  testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  storage::SeriesId series_ = 0;
};

TEST_F(SeriesReaderTest, ADeadlineChangesNothingBeforeItPasses) {
  // Readings in windows far apart and across slice boundaries (16 windows of 4096 slots).
  std::vector<int64_t> slots;
  for (int64_t s = 0; s < 200'000; s += 7) slots.push_back(s);
  for (int64_t s = 65'530; s < 65'542; ++s) slots.push_back(s);
  slots.push_back(int64_t{1} << 30);
  std::sort(slots.begin(), slots.end());
  slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
  Write(slots);
  for (const auto& [from, to] : std::vector<std::pair<int64_t, int64_t>>{
           {0, int64_t{2} << 30}, {900 * 3, 900 * 65'541}, {900 * 65'536, 900 * 65'537}}) {
    absl::Status plain_status, timed_status;
    const std::vector<int64_t> plain = Read(from, to, Deadline(), &plain_status);
    const std::vector<int64_t> timed =
        Read(from, to, Deadline::In(std::chrono::seconds(60)), &timed_status);
    ASSERT_TRUE(plain_status.ok()) << plain_status;
    ASSERT_TRUE(timed_status.ok()) << timed_status;
    EXPECT_EQ(timed, plain) << from << " " << to;
    EXPECT_FALSE(plain.empty());
  }
  absl::Status s;
  // A sparse range of centuries of empty windows is crossed quickly with a deadline too.
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<int64_t> all =
      Read(0, int64_t{1} << 45, Deadline::In(std::chrono::seconds(60)), &s);
  EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(all.size(), slots.size());
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
}

TEST_F(SeriesReaderTest, StopsOncePastTheDeadline) {
  std::vector<int64_t> slots;
  for (int64_t s = 0; s < 100'000; ++s) slots.push_back(s);
  Write(slots);
  absl::Status s;
  const Deadline passed(Deadline::Clock::now() - std::chrono::seconds(1),
                        std::chrono::milliseconds(500));
  const std::vector<int64_t> seen = Read(0, 900 * 100'000, passed, &s);
  EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(s.message(), HasSubstr("reading series"));
  EXPECT_TRUE(seen.empty());
}

}  // namespace
}  // namespace gridline::query
